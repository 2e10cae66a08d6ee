#include <catch2/catch.hpp>

#include "compiler/parse/literal_values.h"

using namespace sluice;
using namespace sluice::parse;

TEST_CASE("interval units and amounts", "[parse][literal]") {
    CHECK(ParseIntervalUnit("second") == ast::IntervalUnit::Second);
    CHECK(ParseIntervalUnit("SECONDS") == ast::IntervalUnit::Second);
    CHECK(ParseIntervalUnit("Microseconds") == ast::IntervalUnit::Microsecond);
    CHECK(ParseIntervalUnit("week") == ast::IntervalUnit::Week);
    CHECK_FALSE(ParseIntervalUnit("month"));
    CHECK_FALSE(ParseIntervalUnit("s"));
    CHECK(IntervalUnitName(ast::IntervalUnit::Millisecond) == "MILLISECOND");

    CHECK(IntervalMicros("10", ast::IntervalUnit::Second) == 10000000);
    CHECK(IntervalMicros("-3", ast::IntervalUnit::Minute) == -180000000);
    CHECK(IntervalMicros("+1", ast::IntervalUnit::Week) == 604800000000LL);
    CHECK(IntervalMicros("1.5", ast::IntervalUnit::Second) == 1500000);
    CHECK(IntervalMicros(".25", ast::IntervalUnit::Millisecond) == 250);
    CHECK(IntervalMicros("2.", ast::IntervalUnit::Hour) == 7200000000LL);
    CHECK(IntervalMicros("0.0000010", ast::IntervalUnit::Second) == 1);
    CHECK_FALSE(IntervalMicros("0.0000001", ast::IntervalUnit::Second));
    CHECK_FALSE(IntervalMicros("1.5", ast::IntervalUnit::Microsecond));
    CHECK_FALSE(IntervalMicros("99999999999999", ast::IntervalUnit::Week));
    CHECK_FALSE(IntervalMicros("", ast::IntervalUnit::Second));
    CHECK_FALSE(IntervalMicros("-", ast::IntervalUnit::Second));
    CHECK_FALSE(IntervalMicros(".", ast::IntervalUnit::Second));
    CHECK_FALSE(IntervalMicros("1e3", ast::IntervalUnit::Second));
    CHECK_FALSE(IntervalMicros("ten", ast::IntervalUnit::Second));
}
