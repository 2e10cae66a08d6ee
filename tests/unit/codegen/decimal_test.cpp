// DECIMAL arithmetic on unscaled i128 values: scales, rounding half up, precision overflow.

#include <catch2/catch.hpp>

#include "codegen_test_util.h"

using namespace sluice;
using namespace sluice::codegen;
using namespace sluice::codegen::test;

namespace {

Value Dec(const char* text, int precision, int scale) {
    sl_decimal v = 0;
    bool negative = *text == '-';
    for (const char* p = text + negative; *p; ++p)
        if (*p != '.')
            v = v * 10 + (*p - '0');
    return Value::Decimal(negative ? -v : v, static_cast<uint8_t>(precision), static_cast<uint8_t>(scale));
}

std::vector<std::string> EvalPair(BoundExprPtr e, Type ta, Type tb,
                                  const std::vector<std::pair<Value, Value>>& rows) {
    plan::Schema schema = {{"a", ta}, {"b", tb}};
    std::vector<std::vector<Value>> r;
    for (const auto& [a, b] : rows)
        r.push_back({a, b});
    return Eval(std::move(e), schema, r);
}

} // namespace

TEST_CASE("DECIMAL + and - at one scale, checked against the result precision", "[decimal]") {
    Type t = Type::Decimal(5, 2);
    Type r = Type::Decimal(6, 2);
    auto add = Op(ExprOp::Add, r, Col(0, "a", t), Col(1, "b", t));
    CHECK(EvalPair(std::move(add), t, t,
                   {{Dec("1.25", 5, 2), Dec("2.50", 5, 2)},
                    {Dec("999.99", 5, 2), Dec("999.99", 5, 2)},
                    {Dec("-1.25", 5, 2), Dec("0.05", 5, 2)}}) ==
          std::vector<std::string>{"3.75", "1999.98", "-1.20"});
    auto sub = Op(ExprOp::Sub, r, Col(0, "a", t), Col(1, "b", t));
    CHECK(EvalPair(std::move(sub), t, t, {{Dec("1.25", 5, 2), Dec("2.50", 5, 2)}}) ==
          std::vector<std::string>{"-1.25"});

    // DECIMAL(38, 0) + DECIMAL(38, 0) -> DECIMAL(38, 0): 10^38 - 1 + 1 does not fit.
    Type big = Type::Decimal(38, 0);
    plan::Schema schema = {{"a", big}, {"b", big}};
    sl_decimal max38 = 1;
    for (int i = 0; i < 38; ++i)
        max38 *= 10;
    max38 -= 1;
    RunOutput run = EvalRaw(Op(ExprOp::Add, big, Col(0, "a", big), Col(1, "b", big)), schema,
                            {{Value::Decimal(max38, 38, 0), Value::Decimal(1, 38, 0)}});
    CHECK(run.rc == SL_ERR_OVERFLOW);
    CHECK(run.ctx.error_detail == "DECIMAL(38,0) overflow in (a + b)");
    // Far past i128: both operands near the top, the sum beyond 2^127.
    run = EvalRaw(Op(ExprOp::Add, big, Col(0, "a", big), Col(1, "b", big)), schema,
                  {{Value::Decimal(max38, 38, 0), Value::Decimal(max38, 38, 0)}});
    CHECK(run.rc == SL_ERR_OVERFLOW);
}

TEST_CASE("DECIMAL * has the sum of the scales", "[decimal]") {
    Type ta = Type::Decimal(5, 2), tb = Type::Decimal(4, 1), r = Type::Decimal(10, 3);
    CHECK(EvalPair(Op(ExprOp::Mul, r, Col(0, "a", ta), Col(1, "b", tb)), ta, tb,
                   {{Dec("1.25", 5, 2), Dec("2.5", 4, 1)}, {Dec("-9.99", 5, 2), Dec("0.1", 4, 1)}}) ==
          std::vector<std::string>{"3.125", "-0.999"});
    // DECIMAL(20,0) * DECIMAL(20,0) -> DECIMAL(38,0): 10^19 * 10^19 = 10^38 overflows, past i128 too.
    Type t20 = Type::Decimal(20, 0), t38 = Type::Decimal(38, 0);
    sl_decimal e19 = 10000000000000000000ULL;
    plan::Schema schema = {{"a", t20}, {"b", t20}};
    CHECK(EvalRaw(Op(ExprOp::Mul, t38, Col(0, "a", t20), Col(1, "b", t20)), schema,
                  {{Value::Decimal(e19, 20, 0), Value::Decimal(e19, 20, 0)}})
              .rc == SL_ERR_OVERFLOW);
    CHECK(EvalRaw(Op(ExprOp::Mul, t38, Col(0, "a", t20), Col(1, "b", t20)), schema,
                  {{Value::Decimal(e19 * 10 - 1, 20, 0), Value::Decimal(e19 * 10 - 1, 20, 0)}})
              .rc == SL_ERR_OVERFLOW);
}

TEST_CASE("DECIMAL / gives DECIMAL(38, max(6, s1)) rounded half up; by zero NULL", "[decimal]") {
    Type ta = Type::Decimal(10, 2), tb = Type::Decimal(5, 1), r = Type::Decimal(38, 6);
    auto div = [&] { return Op(ExprOp::Div, r, Col(0, "a", ta), Col(1, "b", tb)); };
    CHECK(EvalPair(div(), ta, tb,
                   {{Dec("10.00", 10, 2), Dec("3.0", 5, 1)},    // 3.3333333...
                    {Dec("20.00", 10, 2), Dec("3.0", 5, 1)},    // 6.6666666... rounds up
                    {Dec("-20.00", 10, 2), Dec("3.0", 5, 1)},   // away from zero
                    {Dec("1.00", 10, 2), Dec("-8.0", 5, 1)},    // -0.125
                    {Dec("1.00", 10, 2), Dec("0.0", 5, 1)}}) == // by zero
          std::vector<std::string>{"3.333333", "6.666667", "-6.666667", "-0.125000", "NULL"});
    // An exact half at the last digit rounds away from zero: 0.0001 / 8 = 0.0000125 -> 0.000013.
    Type t4 = Type::Decimal(10, 4), eight = Type::Decimal(1, 0);
    CHECK(EvalPair(Op(ExprOp::Div, Type::Decimal(38, 6), Col(0, "a", t4), Col(1, "b", eight)), t4, eight,
                   {{Dec("0.0001", 10, 4), Dec("8", 1, 0)},
                    {Dec("-0.0001", 10, 4), Dec("8", 1, 0)},
                    {Dec("0.0001", 10, 4), Dec("-8", 1, 0)}}) ==
          std::vector<std::string>{"0.000013", "-0.000013", "-0.000013"});
}

TEST_CASE("DECIMAL / with a numerator beyond 128 bits takes the wide path", "[decimal]") {
    // DECIMAL(38,10) / DECIMAL(38,10) -> DECIMAL(38,10): a * 10^10 needs ~157 bits.
    Type t = Type::Decimal(38, 10);
    sl_decimal a = 1;
    for (int i = 0; i < 37; ++i)
        a *= 10; // 10^27 at scale 10
    CHECK(EvalPair(Op(ExprOp::Div, t, Col(0, "a", t), Col(1, "b", t)), t, t,
                   {{Value::Decimal(a, 38, 10), Value::Decimal(30000000000LL, 38, 10)},
                    {Value::Decimal(-a, 38, 10), Value::Decimal(60000000000LL, 38, 10)}}) ==
          std::vector<std::string>{"333333333333333333333333333.3333333333",
                                   "-166666666666666666666666666.6666666667"});
    // The quotient itself past 38 digits: overflow.
    RunOutput run = EvalRaw(Op(ExprOp::Div, t, Col(0, "a", t), Col(1, "b", t)), {{"a", t}, {"b", t}},
                            {{Value::Decimal(a * 10, 38, 10), Value::Decimal(1, 38, 10)}});
    CHECK(run.rc == SL_ERR_OVERFLOW);
}

TEST_CASE("DECIMAL comparison, negation, ABS, SIGN, FLOOR, CEIL, ROUND, MOD", "[decimal][functions]") {
    Type t = Type::Decimal(5, 2);
    plan::Schema schema = {{"a", t}, {"b", t}};
    std::vector<std::vector<Value>> rows = {{Dec("1.25", 5, 2), Dec("-1.25", 5, 2)},
                                            {Dec("-2.50", 5, 2), Dec("2.49", 5, 2)},
                                            {Dec("0.00", 5, 2), Dec("0.00", 5, 2)}};
    auto a = [&] { return Col(0, "a", t); };
    auto b = [&] { return Col(1, "b", t); };
    CHECK(Eval(Op(ExprOp::Gt, Type::Boolean(), a(), b()), schema, rows) ==
          std::vector<std::string>{"TRUE", "FALSE", "FALSE"});
    CHECK(Eval(Op(ExprOp::Eq, Type::Boolean(), a(), b()), schema, rows) ==
          std::vector<std::string>{"FALSE", "FALSE", "TRUE"});
    CHECK(Eval(Op(ExprOp::Neg, t, a()), schema, rows) == std::vector<std::string>{"-1.25", "2.50", "0.00"});
    CHECK(Eval(Fn("ABS", t, a()), schema, rows) == std::vector<std::string>{"1.25", "2.50", "0.00"});
    CHECK(Eval(Fn("SIGN", t, a()), schema, rows) == std::vector<std::string>{"1.00", "-1.00", "0.00"});
    CHECK(Eval(Fn("FLOOR", t, a()), schema, rows) == std::vector<std::string>{"1.00", "-3.00", "0.00"});
    CHECK(Eval(Fn("CEIL", t, a()), schema, rows) == std::vector<std::string>{"2.00", "-2.00", "0.00"});
    CHECK(Eval(Fn("ROUND", t, a()), schema, rows) == std::vector<std::string>{"1.00", "-3.00", "0.00"});
    CHECK(Eval(Fn("ROUND", t, a(), Lit(Value::Int(1))), schema, rows) ==
          std::vector<std::string>{"1.30", "-2.50", "0.00"});
    CHECK(Eval(Fn("ROUND", t, b(), Lit(Value::Int(1))), schema, rows) ==
          std::vector<std::string>{"-1.30", "2.50", "0.00"});
    CHECK(Eval(Fn("ROUND", t, a(), Lit(Value::Int(5))), schema, rows) ==
          std::vector<std::string>{"1.25", "-2.50", "0.00"});
    CHECK(Eval(Fn("ROUND", t, a(), Lit(Value::Int(-1))), schema, rows) ==
          std::vector<std::string>{"0.00", "0.00", "0.00"});
    CHECK(Eval(Fn("ROUND", t, a(), Lit(Value::Int(-40))), schema, rows) ==
          std::vector<std::string>{"0.00", "0.00", "0.00"});
    CHECK(Eval(Fn("MOD", t, a(), b()), schema, rows) == std::vector<std::string>{"0.00", "-0.01", "NULL"});
    CHECK(Eval(Op(ExprOp::Mod, t, a(), b()), schema, rows) ==
          std::vector<std::string>{"0.00", "-0.01", "NULL"});
    // FLOOR(-9.99) in DECIMAL(3,2) is -10.00, which needs 4 digits; ROUND(9.99, 1) = 10.0 too.
    Type small = Type::Decimal(3, 2);
    plan::Schema one = {{"a", small}};
    CHECK(EvalRaw(Fn("FLOOR", small, Col(0, "a", small)), one, {{Dec("-9.99", 3, 2)}}).rc == SL_ERR_OVERFLOW);
    CHECK(
        EvalRaw(Fn("ROUND", small, Col(0, "a", small), Lit(Value::Int(1))), one, {{Dec("9.99", 3, 2)}}).rc ==
        SL_ERR_OVERFLOW);
    // SIGN of DECIMAL(2,2) has no room for 1.00.
    Type frac = Type::Decimal(2, 2);
    CHECK(EvalRaw(Fn("SIGN", frac, Col(0, "a", frac)), {{"a", frac}}, {{Dec("0.50", 2, 2)}}).rc ==
          SL_ERR_OVERFLOW);
    CHECK(Eval(Fn("SIGN", frac, Col(0, "a", frac)), {{"a", frac}}, {{Dec("0.00", 2, 2)}}) ==
          std::vector<std::string>{"0.00"});
}
