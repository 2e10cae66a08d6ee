#include <catch2/catch.hpp>

#include <climits>

#include "runtime/common/value_format.h"

using namespace sluice::rt;

TEST_CASE("timestamps round-trip through their text form", "[value_format]") {
    for (int64_t micros : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{1767225600000000},
                           int64_t{-86400000001}, int64_t{951782400123456}}) {
        int64_t back = 0;
        REQUIRE(ParseTimestamp(FormatTimestamp(micros), &back));
        CHECK(back == micros);
    }
    CHECK(FormatTimestamp(0) == "1970-01-01 00:00:00");
    CHECK(FormatTimestamp(-1) == "1969-12-31 23:59:59.999999");
    CHECK(FormatTimestamp(1500000) == "1970-01-01 00:00:01.5");
    CHECK_NOTHROW(FormatTimestamp(INT64_MIN));
    int64_t t;
    CHECK(ParseTimestamp("2026-01-01T10:00:00Z", &t));
    CHECK(FormatTimestamp(t) == "2026-01-01 10:00:00");
    CHECK(ParseTimestamp("2026-01-01", &t));
    CHECK(FormatTimestamp(t) == "2026-01-01 00:00:00");
    CHECK_FALSE(ParseTimestamp("2026-02-30 00:00:00", &t));
    CHECK_FALSE(ParseTimestamp("2026-01-01 24:00:00", &t));
    CHECK_FALSE(ParseTimestamp("yesterday", &t));
}

TEST_CASE("decimals parse with half-up rounding and a precision check", "[value_format]") {
    sl_decimal d = 0;
    REQUIRE(ParseDecimal("12.345", 10, 2, &d));
    CHECK(FormatDecimal(d, 2) == "12.35");
    REQUIRE(ParseDecimal("-0.5", 3, 0, &d));
    CHECK(FormatDecimal(d, 0) == "-1");
    REQUIRE(ParseDecimal("7", 5, 3, &d));
    CHECK(FormatDecimal(d, 3) == "7.000");
    CHECK(FormatDecimal(-5, 2) == "-0.05");
    CHECK_FALSE(ParseDecimal("123", 4, 2, &d));    // needs 3 integer digits, DECIMAL(4,2) has 2
    CHECK_FALSE(ParseDecimal("99.995", 4, 2, &d)); // rounds up to 100.00
    CHECK_FALSE(ParseDecimal("12345678901234567890123456789012345678", 38, 10, &d));
    CHECK_FALSE(ParseDecimal("1.2.3", 10, 2, &d));
    CHECK_FALSE(ParseDecimal("", 10, 2, &d));
}

TEST_CASE("decimals one digit too long for DECIMAL(38, 0) are rejected, not wrapped", "[value_format]") {
    // 39 digits do not fit 128 bits once scaled: the precision check must come before the overflow.
    sl_decimal d = 0;
    const std::string nines(38, '9');
    REQUIRE(ParseDecimal(nines, 38, 0, &d));
    CHECK(FormatDecimal(d, 0) == nines);
    REQUIRE(ParseDecimal("-000" + nines, 38, 0, &d)); // leading zeros are not digits of the value
    CHECK(FormatDecimal(d, 0) == "-" + nines);
    CHECK_FALSE(ParseDecimal(nines + "9", 38, 0, &d));
    CHECK_FALSE(ParseDecimal("170141183460469231731687303715884105728", 38, 0, &d)); // 2^127
    CHECK_FALSE(ParseDecimal("-170141183460469231731687303715884105729", 38, 0, &d));
    REQUIRE(ParseDecimal("0.5", 1, 1, &d)); // no integer digits at all, but a zero
    CHECK(FormatDecimal(d, 1) == "0.5");
    CHECK_FALSE(ParseDecimal("1.5", 1, 1, &d));
}

TEST_CASE("numbers parse strictly", "[value_format]") {
    int64_t i = 0;
    CHECK(ParseInt64(" +42 ", &i));
    CHECK(i == 42);
    CHECK_FALSE(ParseInt64("+-5", &i));
    CHECK_FALSE(ParseInt64("12.5", &i));
    CHECK_FALSE(ParseInt64("9223372036854775808", &i));
    int32_t i32 = 0;
    CHECK_FALSE(ParseInt32("2147483648", &i32));
    double d = 0;
    CHECK(ParseDouble("1e3", &d));
    CHECK(d == 1000.0);
    CHECK(ParseDouble("-Infinity", &d));
    CHECK_FALSE(ParseDouble("inf", &d));
    CHECK_FALSE(ParseDouble("nan", &d));
    bool b = false;
    CHECK(ParseBool("TRUE", &b));
    CHECK(b);
    CHECK_FALSE(ParseBool("yes", &b));
}

TEST_CASE("doubles print in Spark's form", "[value_format]") {
    CHECK(FormatDouble(3.0) == "3.0");
    CHECK(FormatDouble(0.1) == "0.1");
    CHECK(FormatDouble(-2.5) == "-2.5");
    CHECK(FormatDouble(1e20) == "1e+20");
    CHECK(FormatDouble(0.0 / 0.0) == "NaN");
}

TEST_CASE("durations of options", "[value_format]") {
    int64_t us = 0;
    CHECK((ParseDurationMicros("30s", &us) && us == 30'000'000));
    CHECK((ParseDurationMicros("5 minutes", &us) && us == 300'000'000));
    CHECK((ParseDurationMicros("2H", &us) && us == 7'200'000'000));
    CHECK((ParseDurationMicros("250", &us) && us == 250'000)); // milliseconds
    CHECK((ParseDurationMicros(" 7d ", &us) && us == 604'800'000'000));
    CHECK_FALSE(ParseDurationMicros("7 fortnights", &us));
    CHECK_FALSE(ParseDurationMicros("soon", &us));
    CHECK_FALSE(ParseDurationMicros("99999999999999999w", &us));
}
