// CAST and TRY_CAST for every pair compiler/types CanCast allows.

#include <cmath>
#include <limits>

#include <catch2/catch.hpp>

#include "codegen_test_util.h"
#include "runtime/common/value_format.h"

using namespace sluice;
using namespace sluice::codegen;
using namespace sluice::codegen::test;

namespace {

/// CAST(v AS to) for each value (a column of v's type), as text.
std::vector<std::string> CastAll(const std::vector<Value>& values, Type to, bool try_cast = false) {
    Type from = values.at(0).type;
    plan::Schema schema = {{"v", from}};
    std::vector<std::vector<Value>> rows;
    for (const Value& v : values)
        rows.push_back({v});
    auto col = Col(0, "v", from);
    return Eval(try_cast ? TryCastTo(std::move(col), to) : CastTo(std::move(col), to), schema, rows);
}

/// The error a CAST of `v` raises (SL_OK when it does not).
int32_t CastError(const Value& v, Type to, std::string* detail = nullptr) {
    plan::Schema schema = {{"v", v.type}};
    RunOutput run = EvalRaw(CastTo(Col(0, "v", v.type), to), schema, {{v}});
    if (detail)
        *detail = run.ctx.error_detail;
    return run.rc;
}

Value Dec(sl_decimal unscaled, int p, int s) {
    return Value::Decimal(unscaled, static_cast<uint8_t>(p), static_cast<uint8_t>(s));
}

int64_t Micros(const char* text) {
    int64_t v = 0;
    REQUIRE(rt::ParseTimestamp(text, &v));
    return v;
}

} // namespace

TEST_CASE("integer <-> integer casts check the range", "[cast]") {
    CHECK(CastAll({Value::Int(-5), Value::Null(Type::Int())}, Type::BigInt()) ==
          std::vector<std::string>{"-5", "NULL"});
    CHECK(CastAll({Value::BigInt(-2147483648LL), Value::BigInt(2147483647)}, Type::Int()) ==
          std::vector<std::string>{"-2147483648", "2147483647"});
    std::string detail;
    CHECK(CastError(Value::BigInt(3000000000LL), Type::Int(), &detail) == SL_ERR_CAST);
    CHECK(detail == "cannot convert value to INT in CAST(v AS INT)");
    CHECK(CastError(Value::BigInt(-2147483649LL), Type::Int()) == SL_ERR_CAST);
    CHECK(CastAll({Value::BigInt(3000000000LL), Value::BigInt(7)}, Type::Int(), true) ==
          std::vector<std::string>{"NULL", "7"});
}

TEST_CASE("DOUBLE -> integer truncates toward zero; NaN and out-of-range values fail", "[cast]") {
    CHECK(CastAll({Value::Double(2.7), Value::Double(-2.7), Value::Double(-2147483648.9)}, Type::Int()) ==
          std::vector<std::string>{"2", "-2", "-2147483648"});
    CHECK(CastAll({Value::Double(-9223372036854775808.0), Value::Double(1e18)}, Type::BigInt()) ==
          std::vector<std::string>{"-9223372036854775808", "1000000000000000000"});
    CHECK(CastError(Value::Double(std::nan("")), Type::Int()) == SL_ERR_CAST);
    CHECK(CastError(Value::Double(2147483648.0), Type::Int()) == SL_ERR_CAST);
    CHECK(CastError(Value::Double(9.3e18), Type::BigInt()) == SL_ERR_CAST);
    CHECK(CastError(Value::Double(-INFINITY), Type::BigInt()) == SL_ERR_CAST);
    CHECK(CastAll({Value::Double(std::nan("")), Value::Double(1e300), Value::Double(42.9)}, Type::BigInt(),
                  true) == std::vector<std::string>{"NULL", "NULL", "42"});
    CHECK(CastAll({Value::Int(7), Value::Int(-1)}, Type::Double()) ==
          std::vector<std::string>{"7.0", "-1.0"});
}

TEST_CASE("casts to DECIMAL round half up and check the precision", "[cast][decimal]") {
    CHECK(CastAll({Value::Int(123), Value::Int(-45)}, Type::Decimal(5, 2)) ==
          std::vector<std::string>{"123.00", "-45.00"});
    CHECK(CastError(Value::Int(1234), Type::Decimal(5, 2)) == SL_ERR_CAST);
    CHECK(CastAll({Value::BigInt(9223372036854775807LL)}, Type::Decimal(19, 0)) ==
          std::vector<std::string>{"9223372036854775807"});
    // Exactly representable halves: 2.125 -> 2.13, -2.125 -> -2.13.
    CHECK(CastAll({Value::Double(2.125), Value::Double(-2.125), Value::Double(0.001)}, Type::Decimal(5, 2)) ==
          std::vector<std::string>{"2.13", "-2.13", "0.00"});
    CHECK(CastError(Value::Double(1e10), Type::Decimal(5, 2)) == SL_ERR_CAST);
    CHECK(CastError(Value::Double(std::nan("")), Type::Decimal(5, 2)) == SL_ERR_CAST);
    CHECK(CastAll({Value::Double(999.994), Value::Double(999.996)}, Type::Decimal(5, 2), true) ==
          std::vector<std::string>{"999.99", "NULL"});
    // DECIMAL -> DECIMAL.
    CHECK(CastAll({Dec(125, 5, 2), Dec(-125, 5, 2), Dec(124, 5, 2)}, Type::Decimal(4, 1)) ==
          std::vector<std::string>{"1.3", "-1.3", "1.2"});
    CHECK(CastAll({Dec(125, 5, 2)}, Type::Decimal(7, 4)) == std::vector<std::string>{"1.2500"});
    CHECK(CastError(Dec(99995, 5, 2), Type::Decimal(4, 1)) == SL_ERR_CAST); // 1000.0 needs 5 digits
    CHECK(CastError(Dec(12345, 5, 0), Type::Decimal(6, 2)) == SL_ERR_CAST);
    CHECK(CastAll({Dec(12345, 5, 0)}, Type::Decimal(6, 2), true) == std::vector<std::string>{"NULL"});
    CHECK(CastAll({Dec(1234, 5, 0)}, Type::Decimal(6, 2)) == std::vector<std::string>{"1234.00"});
}

TEST_CASE("casts from DECIMAL to integers truncate, to DOUBLE divide", "[cast][decimal]") {
    CHECK(CastAll({Dec(-1275, 5, 2), Dec(1299, 5, 2)}, Type::Int()) == std::vector<std::string>{"-12", "12"});
    CHECK(CastError(Dec(3000000000LL, 20, 0), Type::Int()) == SL_ERR_CAST);
    CHECK(CastAll({Dec(125, 5, 2), Dec(-50, 5, 2)}, Type::Double()) ==
          std::vector<std::string>{"1.25", "-0.5"});
}

TEST_CASE("BOOLEAN <-> numeric", "[cast]") {
    std::vector<Value> bools = {Value::Bool(true), Value::Bool(false)};
    CHECK(CastAll(bools, Type::Int()) == std::vector<std::string>{"1", "0"});
    CHECK(CastAll(bools, Type::BigInt()) == std::vector<std::string>{"1", "0"});
    CHECK(CastAll(bools, Type::Double()) == std::vector<std::string>{"1.0", "0.0"});
    CHECK(CastAll(bools, Type::Decimal(3, 1)) == std::vector<std::string>{"1.0", "0.0"});
    CHECK(CastError(Value::Bool(true), Type::Decimal(2, 2)) == SL_ERR_CAST);
    CHECK(CastAll({Value::Bool(false)}, Type::Decimal(2, 2)) == std::vector<std::string>{"0.00"});
    CHECK(CastAll({Value::Int(0), Value::Int(-3)}, Type::Boolean()) ==
          std::vector<std::string>{"FALSE", "TRUE"});
    CHECK(CastAll({Value::Double(0.0), Value::Double(-0.0), Value::Double(std::nan("")), Value::Double(0.1)},
                  Type::Boolean()) == std::vector<std::string>{"FALSE", "FALSE", "TRUE", "TRUE"});
    CHECK(CastAll({Dec(0, 5, 2), Dec(1, 5, 2)}, Type::Boolean()) ==
          std::vector<std::string>{"FALSE", "TRUE"});
}

TEST_CASE("TIMESTAMP <-> DATE and TIMESTAMP <-> numbers (epoch seconds)", "[cast][time]") {
    Value noon = Value::Timestamp(Micros("2026-01-01 12:00:00"));
    Value before_epoch = Value::Timestamp(-1);
    CHECK(CastAll({noon, before_epoch}, Type::Date()) ==
          std::vector<std::string>{"DATE '2026-01-01'", "DATE '1969-12-31'"});
    CHECK(CastAll({Value::Date(20454), Value::Date(-1)}, Type::Timestamp()) ==
          std::vector<std::string>{"TIMESTAMP '2026-01-01 00:00:00'", "TIMESTAMP '1969-12-31 00:00:00'"});
    CHECK(CastError(Value::Date(2147483647), Type::Timestamp()) == SL_ERR_CAST);

    std::vector<Value> ts = {Value::Timestamp(1500000), Value::Timestamp(-1), Value::Timestamp(-1500000)};
    CHECK(CastAll(ts, Type::BigInt()) == std::vector<std::string>{"1", "-1", "-2"}); // floor
    CHECK(CastAll(ts, Type::Int()) == std::vector<std::string>{"1", "-1", "-2"});
    CHECK(CastError(Value::Timestamp(3000000000LL * 1000000), Type::Int()) == SL_ERR_CAST);
    CHECK(CastAll(ts, Type::Double()) == std::vector<std::string>{"1.5", "-1e-06", "-1.5"});
    CHECK(CastAll({Value::Timestamp(1234567), Value::Timestamp(-1234567)}, Type::Decimal(10, 3)) ==
          std::vector<std::string>{"1.235", "-1.235"});
    CHECK(CastAll({Value::Timestamp(1234567)}, Type::Decimal(10, 6)) == std::vector<std::string>{"1.234567"});

    CHECK(CastAll({Value::BigInt(1), Value::BigInt(-86400)}, Type::Timestamp()) ==
          std::vector<std::string>{"TIMESTAMP '1970-01-01 00:00:01'", "TIMESTAMP '1969-12-31 00:00:00'"});
    CHECK(CastAll({Value::Int(60)}, Type::Timestamp()) ==
          std::vector<std::string>{"TIMESTAMP '1970-01-01 00:01:00'"});
    CHECK(CastError(Value::BigInt(1LL << 60), Type::Timestamp()) == SL_ERR_CAST);
    CHECK(CastAll({Value::Double(1.5), Value::Double(-1.5)}, Type::Timestamp()) ==
          std::vector<std::string>{"TIMESTAMP '1970-01-01 00:00:01.5'", "TIMESTAMP '1969-12-31 23:59:58.5'"});
    CHECK(CastError(Value::Double(std::nan("")), Type::Timestamp()) == SL_ERR_CAST);
    CHECK(CastAll({Dec(10000015, 10, 7), Dec(-10000015, 10, 7)}, Type::Timestamp()) ==
          std::vector<std::string>{"TIMESTAMP '1970-01-01 00:00:01.000001'",
                                   "TIMESTAMP '1969-12-31 23:59:58.999999'"});
    CHECK(CastAll({Dec(25, 3, 1)}, Type::Timestamp()) ==
          std::vector<std::string>{"TIMESTAMP '1970-01-01 00:00:02.5'"});
}

TEST_CASE("STRING -> every type through the stdlib; failures raise or give NULL", "[cast][string]") {
    auto s = [](const char* text) { return Value::String(text); };
    CHECK(CastAll({s("42"), s(" -7 ")}, Type::Int()) == std::vector<std::string>{"42", "-7"});
    CHECK(CastAll({s("9000000000")}, Type::BigInt()) == std::vector<std::string>{"9000000000"});
    CHECK(CastAll({s("2.5"), s("1e3")}, Type::Double()) == std::vector<std::string>{"2.5", "1000.0"});
    CHECK(CastAll({s("1.235"), s("-0.5")}, Type::Decimal(5, 2)) == std::vector<std::string>{"1.24", "-0.50"});
    CHECK(CastAll({s("true"), s("FALSE")}, Type::Boolean()) == std::vector<std::string>{"TRUE", "FALSE"});
    CHECK(CastAll({s("2026-01-01T10:00:00Z"), s("2026-01-01 10:00:00.25")}, Type::Timestamp()) ==
          std::vector<std::string>{"TIMESTAMP '2026-01-01 10:00:00'", "TIMESTAMP '2026-01-01 10:00:00.25'"});
    CHECK(CastAll({s("2026-01-01")}, Type::Date()) == std::vector<std::string>{"DATE '2026-01-01'"});

    std::string detail;
    CHECK(CastError(s("12.5"), Type::Int(), &detail) == SL_ERR_CAST);
    CHECK(detail == "cannot convert value to INT in CAST(v AS INT)");
    CHECK(CastError(s("x"), Type::Timestamp()) == SL_ERR_CAST);
    CHECK(CastError(s("123456"), Type::Decimal(5, 2)) == SL_ERR_CAST);
    CHECK(CastAll({s("x"), s("12"), Value::Null(Type::String())}, Type::Int(), true) ==
          std::vector<std::string>{"NULL", "12", "NULL"});
    CHECK(CastAll({s("maybe")}, Type::Boolean(), true) == std::vector<std::string>{"NULL"});
}

TEST_CASE("every type -> STRING through the stdlib", "[cast][string]") {
    CHECK(CastAll({Value::Int(-5)}, Type::String()) == std::vector<std::string>{"'-5'"});
    CHECK(CastAll({Value::BigInt(1LL << 40)}, Type::String()) == std::vector<std::string>{"'1099511627776'"});
    CHECK(CastAll({Value::Double(2.5), Value::Double(3)}, Type::String()) ==
          std::vector<std::string>{"'2.5'", "'3.0'"});
    CHECK(CastAll({Dec(120, 5, 2), Dec(-5, 5, 2)}, Type::String()) ==
          std::vector<std::string>{"'1.20'", "'-0.05'"});
    CHECK(CastAll({Value::Bool(true), Value::Bool(false)}, Type::String()) ==
          std::vector<std::string>{"'true'", "'false'"});
    CHECK(CastAll({Value::Timestamp(Micros("2026-01-01 00:00:00"))}, Type::String()) ==
          std::vector<std::string>{"'2026-01-01 00:00:00'"});
    CHECK(CastAll({Value::Date(20454)}, Type::String()) == std::vector<std::string>{"'2026-01-01'"});
    CHECK(CastAll({Value::Interval(1500000)}, Type::String()) ==
          std::vector<std::string>{Value::String(rt::FormatInterval(1500000)).ToSql()});
    CHECK(CastAll({Value::Null(Type::Int())}, Type::String()) == std::vector<std::string>{"NULL"});
}

TEST_CASE("a failed CAST names the operator and the row; NULL never fails", "[cast][errors]") {
    plan::Schema schema = {{"s", Type::String()}};
    std::vector<std::pair<std::string, BoundExprPtr>> cols;
    cols.emplace_back("n", CastTo(Col(0, "s", Type::String()), Type::BigInt()));
    auto query = QueryBuilder()
                     .Scan(schema)
                     .Filter(Op(ExprOp::IsNotNull, Type::Boolean(), Col(0, "s", Type::String())))
                     .Project(std::move(cols))
                     .Build();
    CompiledQuery compiled = Compile(*query);
    auto in =
        MakeBatch(schema, {{Value::String("1")}, {Value::Null(Type::String())}, {Value::String("two")}});
    RunOutput run = Run(compiled, 0, *in, query->root->schema);
    CHECK(run.rc == SL_ERR_CAST);
    CHECK(run.ctx.error_operator == 3);
    CHECK(run.ctx.error_row == 2);
    CHECK(CastAll({Value::Null(Type::Double())}, Type::Int()) == std::vector<std::string>{"NULL"});
    CHECK(Eval1(CastTo(Lit(Value::Null(Type::Null())), Type::Int())) == "NULL");
}
