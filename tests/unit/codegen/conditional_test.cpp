// IN, CASE, COALESCE, GREATEST/LEAST, NULLIF, IF.

#include <cmath>

#include <catch2/catch.hpp>

#include "codegen_test_util.h"

using namespace sluice;
using namespace sluice::codegen;
using namespace sluice::codegen::test;

namespace {

const plan::Schema kXY = {{"x", Type::BigInt()}, {"y", Type::BigInt()}};
BoundExprPtr X() {
    return Col(0, "x", Type::BigInt());
}
BoundExprPtr Y() {
    return Col(1, "y", Type::BigInt());
}
Value N(int64_t v) {
    return Value::BigInt(v);
}
Value NullN() {
    return Value::Null(Type::BigInt());
}

BoundExprPtr InList(BoundExprPtr x, std::vector<BoundExprPtr> items) {
    std::vector<BoundExprPtr> args;
    args.push_back(std::move(x));
    for (auto& i : items)
        args.push_back(std::move(i));
    return BoundExpr::MakeOp(ExprOp::In, Type::Boolean(), std::move(args));
}

template <typename... Args> std::vector<BoundExprPtr> List(Args&&... args) {
    std::vector<BoundExprPtr> v;
    (v.push_back(std::forward<Args>(args)), ...);
    return v;
}

} // namespace

TEST_CASE("IN over constant integers: a switch, or a compare chain for short lists", "[in]") {
    std::vector<std::vector<Value>> rows = {{N(1), N(0)}, {N(4), N(0)}, {N(8), N(0)}, {NullN(), N(0)}};
    CHECK(Eval(InList(X(), List(Lit(N(1)), Lit(N(2)), Lit(N(3)), Lit(N(5)), Lit(N(8)), Lit(N(8)))), kXY,
               rows) == std::vector<std::string>{"TRUE", "FALSE", "TRUE", "NULL"});
    CHECK(Eval(InList(X(), List(Lit(N(4)), Lit(N(1)))), kXY, rows) ==
          std::vector<std::string>{"TRUE", "TRUE", "FALSE", "NULL"});
    // x IN (1, NULL): TRUE on a hit, otherwise unknown.
    CHECK(Eval(InList(X(), List(Lit(N(1)), Lit(NullN()))), kXY, rows) ==
          std::vector<std::string>{"TRUE", "NULL", "NULL", "NULL"});
    CHECK(Eval(InList(X(), List(Lit(N(10)), Lit(N(20)), Lit(N(30)), Lit(N(40)), Lit(NullN()))), kXY, rows) ==
          std::vector<std::string>{"NULL", "NULL", "NULL", "NULL"});
    // NOT IN
    CHECK(Eval(Op(ExprOp::Not, Type::Boolean(), InList(X(), List(Lit(N(4)), Lit(N(1))))), kXY, rows) ==
          std::vector<std::string>{"FALSE", "FALSE", "TRUE", "NULL"});
}

TEST_CASE("IN with columns in the list, and over doubles", "[in]") {
    std::vector<std::vector<Value>> rows = {{N(1), N(1)}, {N(3), N(2)}, {N(5), NullN()}, {N(4), NullN()}};
    CHECK(Eval(InList(X(), List(Y(), Lit(N(3)), Lit(N(9)), Lit(N(10)), Lit(N(11)))), kXY, rows) ==
          std::vector<std::string>{"TRUE", "TRUE", "NULL", "NULL"});
    plan::Schema d = {{"d", Type::Double()}};
    CHECK(Eval(InList(Col(0, "d", Type::Double()),
                      List(Lit(Value::Double(std::nan(""))), Lit(Value::Double(1.5)))),
               d, {{Value::Double(std::nan(""))}, {Value::Double(1.5)}, {Value::Double(2)}}) ==
          std::vector<std::string>{"TRUE", "TRUE", "FALSE"});
    plan::Schema dates = {{"day", Type::Date()}};
    CHECK(Eval(InList(Col(0, "day", Type::Date()), List(Lit(Value::Date(1)), Lit(Value::Date(2)),
                                                        Lit(Value::Date(3)), Lit(Value::Date(4)))),
               dates, {{Value::Date(3)}, {Value::Date(5)}}) == std::vector<std::string>{"TRUE", "FALSE"});
}

TEST_CASE("CASE takes the first TRUE branch; NULL conditions are not TRUE", "[case]") {
    auto case_expr = [](bool with_else) {
        std::vector<BoundExprPtr> args;
        args.push_back(Op(ExprOp::Gt, Type::Boolean(), X(), Lit(N(10))));
        args.push_back(Lit(Value::String("big")));
        args.push_back(Op(ExprOp::Gt, Type::Boolean(), X(), Lit(N(5))));
        args.push_back(Lit(Value::String("mid")));
        if (with_else)
            args.push_back(Lit(Value::String("small")));
        return CaseOf(Type::String(), with_else, std::move(args));
    };
    std::vector<std::vector<Value>> rows = {{N(11), N(0)}, {N(6), N(0)}, {N(1), N(0)}, {NullN(), N(0)}};
    CHECK(Eval(case_expr(true), kXY, rows) ==
          std::vector<std::string>{"'big'", "'mid'", "'small'", "'small'"});
    CHECK(Eval(case_expr(false), kXY, rows) == std::vector<std::string>{"'big'", "'mid'", "NULL", "NULL"});
}

TEST_CASE("CASE evaluates only the branch it takes", "[case]") {
    // CASE WHEN x > 1 THEN 0 ELSE x * 2^62 END: the product overflows for x = 5, but is not taken.
    std::vector<BoundExprPtr> args;
    args.push_back(Op(ExprOp::Gt, Type::Boolean(), X(), Lit(N(1))));
    args.push_back(Lit(N(0)));
    args.push_back(Op(ExprOp::Mul, Type::BigInt(), X(), Lit(N(1LL << 62))));
    CHECK(Eval(CaseOf(Type::BigInt(), true, std::move(args)), kXY,
               {{N(1), N(0)}, {N(5), N(0)}, {N(-1), N(0)}}) ==
          std::vector<std::string>{"4611686018427387904", "0", "-4611686018427387904"});
}

TEST_CASE("CASE branches of narrower types widen to the result type", "[case]") {
    std::vector<BoundExprPtr> args;
    args.push_back(Op(ExprOp::Gt, Type::Boolean(), X(), Lit(N(0))));
    args.push_back(Lit(Value::Int(7)));
    args.push_back(Lit(Value::Double(0.5)));
    CHECK(Eval(CaseOf(Type::Double(), true, std::move(args)), kXY, {{N(1), N(0)}, {N(-1), N(0)}}) ==
          std::vector<std::string>{"7.0", "0.5"});
}

TEST_CASE("COALESCE returns the first non-NULL argument", "[coalesce]") {
    auto coalesce = [] { return Op(ExprOp::Coalesce, Type::BigInt(), X(), Y(), Lit(N(0))); };
    CHECK(Eval(coalesce(), kXY, {{NullN(), NullN()}, {NullN(), N(2)}, {N(1), NullN()}, {N(1), N(2)}}) ==
          std::vector<std::string>{"0", "2", "1", "1"});
    CHECK(Eval(Op(ExprOp::Coalesce, Type::BigInt(), X(), Y()), kXY, {{NullN(), NullN()}}) ==
          std::vector<std::string>{"NULL"});
    plan::Schema s = {{"s", Type::String()}};
    CHECK(Eval(Op(ExprOp::Coalesce, Type::String(), Col(0, "s", Type::String()), Lit(Value::String("none"))),
               s, {{Value::String("a")}, {Value::Null(Type::String())}}) ==
          std::vector<std::string>{"'a'", "'none'"});
}

TEST_CASE("GREATEST and LEAST skip NULLs", "[greatest]") {
    std::vector<std::vector<Value>> rows = {
        {N(1), N(2)}, {N(5), NullN()}, {NullN(), N(-3)}, {NullN(), NullN()}};
    CHECK(Eval(Op(ExprOp::Greatest, Type::BigInt(), X(), Y(), Lit(N(0))), kXY, rows) ==
          std::vector<std::string>{"2", "5", "0", "0"});
    CHECK(Eval(Op(ExprOp::Least, Type::BigInt(), X(), Y()), kXY, rows) ==
          std::vector<std::string>{"1", "5", "-3", "NULL"});
    plan::Schema s = {{"a", Type::String()}, {"b", Type::String()}};
    CHECK(Eval(Op(ExprOp::Greatest, Type::String(), Col(0, "a", Type::String()), Col(1, "b", Type::String())),
               s,
               {{Value::String("apple"), Value::String("apricot")},
                {Value::Null(Type::String()), Value::String("b")},
                {Value::String("abcd"), Value::String("abc")}}) ==
          std::vector<std::string>{"'apricot'", "'b'", "'abcd'"});
    plan::Schema d = {{"a", Type::Double()}, {"b", Type::Double()}};
    CHECK(Eval(Op(ExprOp::Least, Type::Double(), Col(0, "a", Type::Double()), Col(1, "b", Type::Double())), d,
               {{Value::Double(std::nan("")), Value::Double(1)}, {Value::Double(-0.5), Value::Double(2)}}) ==
          std::vector<std::string>{"1.0", "-0.5"});
    CHECK(Eval(Op(ExprOp::Greatest, Type::Double(), Col(0, "a", Type::Double()), Col(1, "b", Type::Double())),
               d, {{Value::Double(std::nan("")), Value::Double(1)}}) == std::vector<std::string>{"NaN"});
}

TEST_CASE("NULLIF and IF", "[nullif]") {
    std::vector<std::vector<Value>> rows = {{N(1), N(1)}, {N(1), N(2)}, {NullN(), N(1)}, {N(1), NullN()}};
    CHECK(Eval(Fn("NULLIF", Type::BigInt(), X(), Y()), kXY, rows) ==
          std::vector<std::string>{"NULL", "1", "NULL", "1"});
    CHECK(Eval(Fn("IF", Type::BigInt(), Op(ExprOp::Eq, Type::Boolean(), X(), Y()), Lit(N(10)), Y()), kXY,
               rows) == std::vector<std::string>{"10", "2", "1", "NULL"});
}
