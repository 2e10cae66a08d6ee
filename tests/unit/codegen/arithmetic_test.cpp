// Integer, DOUBLE and interval arithmetic: overflow errors, division and modulo by zero, numeric builtins.

#include <cmath>
#include <limits>

#include <catch2/catch.hpp>

#include "codegen_test_util.h"

using namespace sluice;
using namespace sluice::codegen;
using namespace sluice::codegen::test;

namespace {

const plan::Schema kXY = {{"x", Type::BigInt()}, {"y", Type::BigInt()}};
const plan::Schema kIJ = {{"i", Type::Int()}, {"j", Type::Int()}};
const plan::Schema kDE = {{"d", Type::Double()}, {"e", Type::Double()}};

BoundExprPtr X() {
    return Col(0, "x", Type::BigInt());
}
BoundExprPtr Y() {
    return Col(1, "y", Type::BigInt());
}
BoundExprPtr I() {
    return Col(0, "i", Type::Int());
}
BoundExprPtr J() {
    return Col(1, "j", Type::Int());
}
BoundExprPtr D() {
    return Col(0, "d", Type::Double());
}
BoundExprPtr E() {
    return Col(1, "e", Type::Double());
}

constexpr int64_t kMax64 = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin64 = std::numeric_limits<int64_t>::min();
constexpr int32_t kMax32 = std::numeric_limits<int32_t>::max();
constexpr int32_t kMin32 = std::numeric_limits<int32_t>::min();

} // namespace

TEST_CASE("integer +, -, * compute in the operand type", "[arith]") {
    std::vector<std::vector<Value>> rows = {{Value::BigInt(7), Value::BigInt(-3)},
                                            {Value::BigInt(kMax64 - 1), Value::BigInt(1)}};
    CHECK(Eval(Op(ExprOp::Add, Type::BigInt(), X(), Y()), kXY, rows) ==
          std::vector<std::string>{"4", std::to_string(kMax64)});
    CHECK(Eval(Op(ExprOp::Sub, Type::BigInt(), X(), Y()), kXY, rows) ==
          std::vector<std::string>{"10", std::to_string(kMax64 - 2)});
    CHECK(Eval(Op(ExprOp::Mul, Type::BigInt(), X(), Y()), kXY, rows) ==
          std::vector<std::string>{"-21", std::to_string(kMax64 - 1)});
    CHECK(Eval(Op(ExprOp::Mul, Type::Int(), I(), J()), kIJ, {{Value::Int(-46341), Value::Int(46340)}}) ==
          std::vector<std::string>{"-2147441940"});
}

TEST_CASE("integer overflow raises SL_ERR_OVERFLOW with the operator and the row", "[arith][errors]") {
    struct Case {
        ExprOp op;
        const plan::Schema* schema;
        std::vector<Value> bad_row;
    };
    std::vector<Case> cases = {
        {ExprOp::Add, &kXY, {Value::BigInt(kMax64), Value::BigInt(1)}},
        {ExprOp::Sub, &kXY, {Value::BigInt(kMin64), Value::BigInt(1)}},
        {ExprOp::Mul, &kXY, {Value::BigInt(1LL << 32), Value::BigInt(1LL << 31)}},
        {ExprOp::Add, &kIJ, {Value::Int(kMax32), Value::Int(1)}},
        {ExprOp::Sub, &kIJ, {Value::Int(kMin32), Value::Int(1)}},
        {ExprOp::Mul, &kIJ, {Value::Int(65536), Value::Int(32768)}},
    };
    for (const Case& c : cases) {
        bool is_int = c.schema == &kIJ;
        Type t = is_int ? Type::Int() : Type::BigInt();
        Value one = is_int ? Value::Int(1) : Value::BigInt(1);
        // Two good rows, the bad one (row 2), and a good one after it.
        std::vector<std::vector<Value>> rows = {{one, one}, {one, one}, c.bad_row, {one, one}};
        std::vector<std::pair<std::string, BoundExprPtr>> cols;
        cols.emplace_back("r", Op(c.op, t, Col(0, "a", t), Col(1, "b", t)));
        auto query = QueryBuilder().Scan(*c.schema).Project(std::move(cols)).Build();
        CompiledQuery compiled = Compile(*query);
        auto in = MakeBatch(*c.schema, rows);
        RunOutput run = Run(compiled, 0, *in, query->root->schema);
        INFO(plan::ExprOpName(c.op) << " " << t.ToString());
        CHECK(run.rc == SL_ERR_OVERFLOW);
        CHECK(run.ctx.error_code == SL_ERR_OVERFLOW);
        CHECK(run.ctx.error_operator == 2); // the projection (scan #1, project #2, sink #3)
        CHECK(run.ctx.error_row == 2);
        CHECK(run.ctx.error_detail == t.ToString() + " overflow in (a " + plan::ExprOpName(c.op) + " b)");
    }
}

TEST_CASE("an overflow in a filter names the filter; NULL operands never overflow", "[arith][errors]") {
    auto query = QueryBuilder()
                     .Scan(kXY)
                     .Filter(Op(ExprOp::Gt, Type::Boolean(), Op(ExprOp::Mul, Type::BigInt(), X(), Y()),
                                Lit(Value::BigInt(0))))
                     .Build();
    CompiledQuery compiled = Compile(*query);
    // The NULL slots hold garbage (0xA5... bytes) whose product would overflow: no error for them.
    auto in = MakeBatch(kXY, {{Value::Null(Type::BigInt()), Value::BigInt(kMax64)},
                              {Value::BigInt(2), Value::BigInt(3)},
                              {Value::BigInt(kMax64), Value::BigInt(2)}});
    RunOutput run = Run(compiled, 0, *in, query->root->schema);
    CHECK(run.rc == SL_ERR_OVERFLOW);
    CHECK(run.ctx.error_operator == 2);
    CHECK(run.ctx.error_row == 2);
}

TEST_CASE("unary minus and ABS overflow only at the minimum", "[arith][errors]") {
    CHECK(Eval(Op(ExprOp::Neg, Type::Int(), I()), kIJ, {{Value::Int(kMax32), Value::Int(0)}}) ==
          std::vector<std::string>{std::to_string(-kMax32)});
    CHECK(EvalRaw(Op(ExprOp::Neg, Type::Int(), I()), kIJ, {{Value::Int(kMin32), Value::Int(0)}}).rc ==
          SL_ERR_OVERFLOW);
    CHECK(
        EvalRaw(Op(ExprOp::Neg, Type::BigInt(), X()), kXY, {{Value::BigInt(kMin64), Value::BigInt(0)}}).rc ==
        SL_ERR_OVERFLOW);
    CHECK(Eval(Fn("ABS", Type::BigInt(), X()), kXY, {{Value::BigInt(-5), Value::BigInt(0)}}) ==
          std::vector<std::string>{"5"});
    RunOutput run = EvalRaw(Fn("ABS", Type::Int(), I()), kIJ, {{Value::Int(kMin32), Value::Int(0)}});
    CHECK(run.rc == SL_ERR_OVERFLOW);
    CHECK(run.ctx.error_detail == "INT overflow in abs(i)");
}

TEST_CASE("`/` on DOUBLE, and division by zero gives NULL", "[arith]") {
    std::vector<std::vector<Value>> rows = {{Value::Double(7), Value::Double(2)},
                                            {Value::Double(1), Value::Double(0)},
                                            {Value::Double(1), Value::Double(-0.0)},
                                            {Value::Double(-1.5), Value::Double(0.5)}};
    CHECK(Eval(Op(ExprOp::Div, Type::Double(), D(), E()), kDE, rows) ==
          std::vector<std::string>{"3.5", "NULL", "NULL", "-3.0"});
    CHECK(Eval(Op(ExprOp::Add, Type::Double(), D(), E()), kDE, rows) ==
          std::vector<std::string>{"9.0", "1.0", "1.0", "-1.0"});
    CHECK(Eval(Op(ExprOp::Mul, Type::Double(), D(), E()), kDE, {{Value::Double(1e308), Value::Double(10)}}) ==
          std::vector<std::string>{"Infinity"});
}

TEST_CASE("`%` keeps the dividend's sign and gives NULL for a zero divisor", "[arith]") {
    std::vector<std::vector<Value>> rows = {{Value::BigInt(7), Value::BigInt(3)},
                                            {Value::BigInt(-7), Value::BigInt(3)},
                                            {Value::BigInt(7), Value::BigInt(-3)},
                                            {Value::BigInt(7), Value::BigInt(0)},
                                            {Value::BigInt(kMin64), Value::BigInt(-1)}};
    CHECK(Eval(Op(ExprOp::Mod, Type::BigInt(), X(), Y()), kXY, rows) ==
          std::vector<std::string>{"1", "-1", "1", "NULL", "0"});
    CHECK(Eval(Op(ExprOp::Mod, Type::Int(), I(), J()), kIJ, {{Value::Int(kMin32), Value::Int(-1)}}) ==
          std::vector<std::string>{"0"});
    CHECK(Eval(Fn("MOD", Type::BigInt(), X(), Y()), kXY, rows) ==
          std::vector<std::string>{"1", "-1", "1", "NULL", "0"});
    CHECK(Eval(Fn("MOD", Type::Double(), D(), E()), kDE,
               {{Value::Double(7.5), Value::Double(2)},
                {Value::Double(-7.5), Value::Double(2)},
                {Value::Double(1), Value::Double(0)}}) == std::vector<std::string>{"1.5", "-1.5", "NULL"});
}

TEST_CASE("SIGN, FLOOR, CEIL and ROUND on integers and doubles", "[arith][functions]") {
    std::vector<std::vector<Value>> rows = {{Value::BigInt(-42), Value::BigInt(0)},
                                            {Value::BigInt(0), Value::BigInt(0)},
                                            {Value::BigInt(1250), Value::BigInt(0)}};
    CHECK(Eval(Fn("SIGN", Type::BigInt(), X()), kXY, rows) == std::vector<std::string>{"-1", "0", "1"});
    CHECK(Eval(Fn("FLOOR", Type::BigInt(), X()), kXY, rows) == std::vector<std::string>{"-42", "0", "1250"});
    CHECK(Eval(Fn("ROUND", Type::BigInt(), X(), Lit(Value::Int(-2))), kXY, rows) ==
          std::vector<std::string>{"0", "0", "1300"});
    CHECK(Eval(Fn("ROUND", Type::BigInt(), X(), Lit(Value::Int(-1))), kXY, rows) ==
          std::vector<std::string>{"-40", "0", "1250"});
    CHECK(Eval(Fn("ROUND", Type::BigInt(), X(), Lit(Value::Int(3))), kXY, rows) ==
          std::vector<std::string>{"-42", "0", "1250"});
    CHECK(Eval(Fn("ROUND", Type::BigInt(), X(), Lit(Value::Int(-30))), kXY, rows) ==
          std::vector<std::string>{"0", "0", "0"});
    CHECK(Eval(Fn("ROUND", Type::BigInt(), X()), kXY, rows) == std::vector<std::string>{"-42", "0", "1250"});
    // Half away from zero: -45 -> -50, 45 -> 50.
    CHECK(Eval(Fn("ROUND", Type::BigInt(), X(), Lit(Value::Int(-1))), kXY,
               {{Value::BigInt(-45), Value::BigInt(0)}, {Value::BigInt(45), Value::BigInt(0)}}) ==
          std::vector<std::string>{"-50", "50"});
    // Rounding up past the type's range is an overflow.
    CHECK(EvalRaw(Fn("ROUND", Type::Int(), I(), Lit(Value::Int(-1))), kIJ,
                  {{Value::Int(kMax32), Value::Int(0)}})
              .rc == SL_ERR_OVERFLOW);
    CHECK(Eval(Fn("ROUND", Type::Int(), I(), Lit(Value::Int(-9))), kIJ,
               {{Value::Int(kMax32), Value::Int(0)}}) == std::vector<std::string>{"2000000000"});

    std::vector<std::vector<Value>> doubles = {{Value::Double(-2.5), Value::Double(0)},
                                               {Value::Double(2.5), Value::Double(0)},
                                               {Value::Double(std::nan("")), Value::Double(0)},
                                               {Value::Double(-0.0), Value::Double(0)}};
    CHECK(Eval(Fn("SIGN", Type::Double(), D()), kDE, doubles) ==
          std::vector<std::string>{"-1.0", "1.0", "NaN", "-0.0"});
    CHECK(Eval(Fn("FLOOR", Type::Double(), D()), kDE, doubles) ==
          std::vector<std::string>{"-3.0", "2.0", "NaN", "-0.0"});
    CHECK(Eval(Fn("CEIL", Type::Double(), D()), kDE, doubles) ==
          std::vector<std::string>{"-2.0", "3.0", "NaN", "-0.0"});
    CHECK(Eval(Fn("ABS", Type::Double(), D()), kDE, doubles) ==
          std::vector<std::string>{"2.5", "2.5", "NaN", "0.0"});
    // ROUND(DOUBLE) is the stdlib's (half away from zero).
    doubles.pop_back();
    CHECK(Eval(Fn("ROUND", Type::Double(), D()), kDE, doubles) ==
          std::vector<std::string>{"-3.0", "3.0", "NaN"});
}

TEST_CASE("DOUBLE comparisons: NaN equals NaN and sorts above every number", "[arith][compare]") {
    double nan = std::nan("");
    std::vector<std::vector<Value>> rows = {{Value::Double(nan), Value::Double(nan)},
                                            {Value::Double(nan), Value::Double(1e308)},
                                            {Value::Double(-0.0), Value::Double(0.0)},
                                            {Value::Double(1), Value::Double(2)}};
    CHECK(Eval(Op(ExprOp::Eq, Type::Boolean(), D(), E()), kDE, rows) ==
          std::vector<std::string>{"TRUE", "FALSE", "TRUE", "FALSE"});
    CHECK(Eval(Op(ExprOp::Gt, Type::Boolean(), D(), E()), kDE, rows) ==
          std::vector<std::string>{"FALSE", "TRUE", "FALSE", "FALSE"});
    CHECK(Eval(Op(ExprOp::Le, Type::Boolean(), D(), E()), kDE, rows) ==
          std::vector<std::string>{"TRUE", "FALSE", "TRUE", "TRUE"});
    CHECK(Eval(Op(ExprOp::Lt, Type::Boolean(), E(), D()), kDE, rows) ==
          std::vector<std::string>{"FALSE", "TRUE", "FALSE", "FALSE"});
    CHECK(Eval(Op(ExprOp::Ne, Type::Boolean(), D(), E()), kDE, rows) ==
          std::vector<std::string>{"FALSE", "TRUE", "FALSE", "TRUE"});
    CHECK(Eval(Op(ExprOp::Ge, Type::Boolean(), D(), E()), kDE, rows) ==
          std::vector<std::string>{"TRUE", "TRUE", "TRUE", "FALSE"});
}

TEST_CASE("comparisons of integers and booleans", "[arith][compare]") {
    std::vector<std::vector<Value>> rows = {{Value::BigInt(-1), Value::BigInt(1)},
                                            {Value::BigInt(5), Value::BigInt(5)}};
    CHECK(Eval(Op(ExprOp::Lt, Type::Boolean(), X(), Y()), kXY, rows) ==
          std::vector<std::string>{"TRUE", "FALSE"});
    CHECK(Eval(Op(ExprOp::Ge, Type::Boolean(), X(), Y()), kXY, rows) ==
          std::vector<std::string>{"FALSE", "TRUE"});
    plan::Schema bools = {{"a", Type::Boolean()}, {"b", Type::Boolean()}};
    CHECK(Eval(Op(ExprOp::Lt, Type::Boolean(), Col(0, "a", Type::Boolean()), Col(1, "b", Type::Boolean())),
               bools, {{Value::Bool(false), Value::Bool(true)}, {Value::Bool(true), Value::Bool(false)}}) ==
          std::vector<std::string>{"TRUE", "FALSE"});
}
