// TIMESTAMP and INTERVAL arithmetic, the batch timestamp, time functions of the stdlib.

#include <catch2/catch.hpp>

#include "codegen_test_util.h"
#include "runtime/common/value_format.h"

using namespace sluice;
using namespace sluice::codegen;
using namespace sluice::codegen::test;

namespace {

int64_t Micros(const char* text) {
    int64_t v = 0;
    REQUIRE(rt::ParseTimestamp(text, &v));
    return v;
}

const plan::Schema kTs = {{"ts", Type::Timestamp()}, {"span", Type::Interval()}};
BoundExprPtr Ts() {
    return Col(0, "ts", Type::Timestamp());
}
BoundExprPtr Span() {
    return Col(1, "span", Type::Interval());
}
constexpr int64_t kHour = 3600LL * 1000000;

} // namespace

TEST_CASE("TIMESTAMP ± INTERVAL, TIMESTAMP - TIMESTAMP, INTERVAL * BIGINT", "[time]") {
    std::vector<std::vector<Value>> rows = {
        {Value::Timestamp(Micros("2026-01-01 23:30:00")), Value::Interval(kHour)},
        {Value::Timestamp(Micros("2026-03-01 00:00:00")), Value::Interval(-kHour / 2)},
        {Value::Null(Type::Timestamp()), Value::Interval(kHour)},
    };
    CHECK(Eval(Op(ExprOp::Add, Type::Timestamp(), Ts(), Span()), kTs, rows) ==
          std::vector<std::string>{"TIMESTAMP '2026-01-02 00:30:00'", "TIMESTAMP '2026-02-28 23:30:00'",
                                   "NULL"});
    CHECK(Eval(Op(ExprOp::Sub, Type::Timestamp(), Ts(), Span()), kTs, rows) ==
          std::vector<std::string>{"TIMESTAMP '2026-01-01 22:30:00'", "TIMESTAMP '2026-03-01 00:30:00'",
                                   "NULL"});
    CHECK(Eval(Op(ExprOp::Sub, Type::Interval(), Ts(), Lit(Value::Timestamp(Micros("2026-01-01 00:00:00")))),
               kTs, rows) == std::vector<std::string>{rt::FormatInterval(23 * kHour + kHour / 2),
                                                      rt::FormatInterval(59LL * 24 * kHour), "NULL"});
    CHECK(Eval(Op(ExprOp::Mul, Type::Interval(), Span(), Lit(Value::BigInt(3))), kTs, rows) ==
          std::vector<std::string>{rt::FormatInterval(3 * kHour), rt::FormatInterval(-3 * kHour / 2),
                                   rt::FormatInterval(3 * kHour)});
    CHECK(Eval(Op(ExprOp::Add, Type::Interval(), Span(), Span()), kTs, rows) ==
          std::vector<std::string>{rt::FormatInterval(2 * kHour), rt::FormatInterval(-kHour),
                                   rt::FormatInterval(2 * kHour)});
    CHECK(Eval(Op(ExprOp::Neg, Type::Interval(), Span()), kTs, rows) ==
          std::vector<std::string>{rt::FormatInterval(-kHour), rt::FormatInterval(kHour / 2),
                                   rt::FormatInterval(-kHour)});
}

TEST_CASE("timestamp arithmetic past the i64 range is an overflow", "[time][errors]") {
    RunOutput run = EvalRaw(Op(ExprOp::Mul, Type::Interval(), Span(), Lit(Value::BigInt(1LL << 40))), kTs,
                            {{Value::Timestamp(0), Value::Interval(kHour * 24 * 365)}});
    CHECK(run.rc == SL_ERR_OVERFLOW);
    CHECK(run.ctx.error_detail == "INTERVAL overflow in (span * 1099511627776)");
    run = EvalRaw(Op(ExprOp::Add, Type::Timestamp(), Ts(), Span()), kTs,
                  {{Value::Timestamp(INT64_MAX - 5), Value::Interval(kHour)}});
    CHECK(run.rc == SL_ERR_OVERFLOW);
}

TEST_CASE("CURRENT_TIMESTAMP is the batch's timestamp", "[time][batch]") {
    // SELECT CURRENT_TIMESTAMP, ts FROM t WHERE ts > CURRENT_TIMESTAMP - INTERVAL '1' HOUR
    std::vector<std::pair<std::string, BoundExprPtr>> cols;
    cols.emplace_back("now", BoundExpr::MakeOp(ExprOp::BatchTimestamp, Type::Timestamp(), {}));
    cols.emplace_back("ts", Ts());
    cols.emplace_back("also_now", Fn("NOW", Type::Timestamp()));
    auto query = QueryBuilder()
                     .Scan(kTs)
                     .Filter(Op(ExprOp::Gt, Type::Boolean(), Ts(),
                                Op(ExprOp::Sub, Type::Timestamp(),
                                   BoundExpr::MakeOp(ExprOp::BatchTimestamp, Type::Timestamp(), {}),
                                   Lit(Value::Interval(kHour)))))
                     .Project(std::move(cols))
                     .Build();
    CompiledQuery compiled = Compile(*query);
    int64_t now = Micros("2026-05-01 12:00:00");
    auto in = MakeBatch(kTs, {{Value::Timestamp(now - 2 * kHour), Value::Interval(0)},
                              {Value::Timestamp(now - kHour / 2), Value::Interval(0)}});
    RunOutput run = Run(compiled, 0, *in, query->root->schema, now);
    REQUIRE(run.rc == SL_OK);
    REQUIRE(run.rows.size() == 1);
    CHECK(run.rows[0] == std::vector<std::string>{"TIMESTAMP '2026-05-01 12:00:00'",
                                                  "TIMESTAMP '2026-05-01 11:30:00'",
                                                  "TIMESTAMP '2026-05-01 12:00:00'"});
    // Another batch, another timestamp, same code.
    RunOutput later = Run(compiled, 0, *in, query->root->schema, now - 3 * kHour / 2);
    REQUIRE(later.rows.size() == 2);
    CHECK(later.rows[0][0] == "TIMESTAMP '2026-05-01 10:30:00'");
}

TEST_CASE("time functions of the stdlib, inlined or called", "[time][functions]") {
    std::vector<std::vector<Value>> rows = {
        {Value::Timestamp(Micros("2026-03-04 05:06:07.5")), Value::Interval(0)},
        {Value::Null(Type::Timestamp()), Value::Interval(0)}};
    CHECK(Eval(Fn("YEAR", Type::BigInt(), Ts()), kTs, rows) == std::vector<std::string>{"2026", "NULL"});
    CHECK(Eval(Fn("MONTH", Type::BigInt(), Ts()), kTs, rows) == std::vector<std::string>{"3", "NULL"});
    CHECK(Eval(Fn("HOUR", Type::BigInt(), Ts()), kTs, rows) == std::vector<std::string>{"5", "NULL"});
    CHECK(Eval(Fn("UNIX_TIMESTAMP", Type::BigInt(), Ts()), kTs, rows) ==
          std::vector<std::string>{std::to_string(Micros("2026-03-04 05:06:07") / 1000000), "NULL"});
    CHECK(Eval(Fn("DATE_TRUNC", Type::Timestamp(), Lit(Value::String("hour")), Ts()), kTs, rows) ==
          std::vector<std::string>{"TIMESTAMP '2026-03-04 05:00:00'", "NULL"});
    CHECK(Eval(Fn("EXTRACT", Type::BigInt(), Lit(Value::String("MINUTE")), Ts()), kTs, rows) ==
          std::vector<std::string>{"6", "NULL"});
}

TEST_CASE("a stdlib error return is raised with the operator and row", "[functions][errors]") {
    // DATE_TRUNC with an unknown unit is an invalid argument.
    RunOutput run = EvalRaw(Fn("DATE_TRUNC", Type::Timestamp(), Lit(Value::String("fortnight")), Ts()), kTs,
                            {{Value::Timestamp(0), Value::Interval(0)}});
    CHECK(run.rc > 0);
    CHECK(run.ctx.error_operator == 2);
    CHECK(run.ctx.error_row == 0);
    CHECK(run.ctx.error_detail == "in date_trunc('fortnight', ts)");
}
