#include <cstdint>
#include <limits>
#include <random>
#include <string>

#include "runtime/common/value_format.h"
#include "stdlib/scalar/inline/civil_time.h"
#include "stdlib_test_util.h"

using sluice::stdlib::test::TestContext;

namespace {

/// A timestamp literal through the shared text form.
int64_t Ts(const char* text) {
    int64_t micros;
    REQUIRE(sluice::rt::ParseTimestamp(text, &micros));
    return micros;
}

std::string Show(int64_t micros) {
    return sluice::rt::FormatTimestamp(micros);
}

constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();
constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

} // namespace

TEST_CASE("The inline calendar agrees with value_format's", "[stdlib][time]") {
    for (int64_t days = -1000000; days <= 1000000; days += 7) {
        int64_t year;
        unsigned month, day;
        sluice::rt::CivilFromDays(days, &year, &month, &day);
        const auto civil = sluice::stdlib::CivilFromDays(days);
        REQUIRE(civil.year == year);
        REQUIRE(civil.month == month);
        REQUIRE(civil.day == day);
        REQUIRE(sluice::stdlib::DaysFromCivil(year, month, day) == days);
    }
}

TEST_CASE("YEAR ... SECOND split a timestamp in UTC", "[stdlib][time]") {
    TestContext t;
    const int64_t leap = Ts("2024-02-29 23:59:58.999999");
    CHECK(*t.Value(sl_fn_year_ts, leap) == 2024);
    CHECK(*t.Value(sl_fn_month_ts, leap) == 2);
    CHECK(*t.Value(sl_fn_day_ts, leap) == 29);
    CHECK(*t.Value(sl_fn_hour_ts, leap) == 23);
    CHECK(*t.Value(sl_fn_minute_ts, leap) == 59);
    CHECK(*t.Value(sl_fn_second_ts, leap) == 58);
    // Half a second before the epoch is still 1969-12-31 23:59:59.
    const int64_t before = -500000;
    CHECK(*t.Value(sl_fn_year_ts, before) == 1969);
    CHECK(*t.Value(sl_fn_month_ts, before) == 12);
    CHECK(*t.Value(sl_fn_day_ts, before) == 31);
    CHECK(*t.Value(sl_fn_hour_ts, before) == 23);
    CHECK(*t.Value(sl_fn_minute_ts, before) == 59);
    CHECK(*t.Value(sl_fn_second_ts, before) == 59);
    const int64_t old = Ts("1900-03-01 01:02:03");
    CHECK(*t.Value(sl_fn_year_ts, old) == 1900);
    CHECK(*t.Value(sl_fn_month_ts, old) == 3);
    CHECK(*t.Value(sl_fn_day_ts, old) == 1);
    CHECK(*t.Value(sl_fn_second_ts, old) == 3);
    // The extremes of the type do not overflow.
    CHECK(*t.Value(sl_fn_year_ts, kInt64Min) == -290308);
    CHECK(*t.Value(sl_fn_year_ts, kInt64Max) == 294247);
}

TEST_CASE("DATE_TRUNC", "[stdlib][time]") {
    TestContext t;
    const int64_t ts = Ts("2024-05-15 13:45:30.123456"); // a Wednesday
    auto trunc = [&](const char* unit, int64_t v) {
        return Show(*t.Value(sl_fn_date_trunc_str_ts, unit, v));
    };
    CHECK(trunc("year", ts) == "2024-01-01 00:00:00");
    CHECK(trunc("quarter", ts) == "2024-04-01 00:00:00");
    CHECK(trunc("month", ts) == "2024-05-01 00:00:00");
    CHECK(trunc("week", ts) == "2024-05-13 00:00:00");
    CHECK(trunc("day", ts) == "2024-05-15 00:00:00");
    CHECK(trunc("hour", ts) == "2024-05-15 13:00:00");
    CHECK(trunc("minute", ts) == "2024-05-15 13:45:00");
    CHECK(trunc("second", ts) == "2024-05-15 13:45:30");
    CHECK(trunc("millisecond", ts) == "2024-05-15 13:45:30.123");
    CHECK(trunc("microsecond", ts) == "2024-05-15 13:45:30.123456");
    // Case-insensitive, with Spark's aliases.
    CHECK(trunc("YEAR", ts) == "2024-01-01 00:00:00");
    CHECK(trunc("Yyyy", ts) == "2024-01-01 00:00:00");
    CHECK(trunc("MON", ts) == "2024-05-01 00:00:00");
    CHECK(trunc("dd", ts) == "2024-05-15 00:00:00");
    // Before 1970 truncation still goes down.
    CHECK(trunc("day", Ts("1969-12-31 12:00:00")) == "1969-12-31 00:00:00");
    CHECK(trunc("hour", -1) == "1969-12-31 23:00:00");
    CHECK(trunc("second", -1) == "1969-12-31 23:59:59");
    CHECK(trunc("week", 0) == "1969-12-29 00:00:00"); // 1970-01-01 was a Thursday
    CHECK(trunc("quarter", Ts("1969-12-31 23:59:59")) == "1969-10-01 00:00:00");
    CHECK(trunc("week", Ts("2024-05-19 23:00:00")) == "2024-05-13 00:00:00"); // Sunday
    CHECK(trunc("week", Ts("2024-05-20 00:00:00")) == "2024-05-20 00:00:00"); // Monday
    CHECK(t.Code(sl_fn_date_trunc_str_ts, "decade", ts) == SL_ERR_INVALID_ARG);
    CHECK(t.Code(sl_fn_date_trunc_str_ts, "", ts) == SL_ERR_INVALID_ARG);
    CHECK(t.Code(sl_fn_date_trunc_str_ts, "days", ts) == SL_ERR_INVALID_ARG);
    // The start of the year of the smallest timestamp is before the smallest timestamp.
    CHECK(t.Code(sl_fn_date_trunc_str_ts, "year", kInt64Min) == SL_ERR_OVERFLOW);
    CHECK(t.Code(sl_fn_date_trunc_str_ts, "hour", kInt64Min) == SL_ERR_OVERFLOW);
    CHECK(*t.Value(sl_fn_year_ts, *t.Value(sl_fn_date_trunc_str_ts, "year", kInt64Max)) == 294247);
}

TEST_CASE("EXTRACT", "[stdlib][time]") {
    TestContext t;
    const int64_t ts = Ts("2024-05-15 13:45:30.123456");
    auto extract = [&](const char* field, int64_t v) { return *t.Value(sl_fn_extract_str_ts, field, v); };
    CHECK(extract("YEAR", ts) == 2024);
    CHECK(extract("QUARTER", ts) == 2);
    CHECK(extract("MONTH", ts) == 5);
    CHECK(extract("WEEK", ts) == 20);
    CHECK(extract("DAY", ts) == 15);
    CHECK(extract("DAYOFWEEK", ts) == 4); // Wednesday; 1 = Sunday
    CHECK(extract("DOW", Ts("2024-05-19")) == 1);
    CHECK(extract("DAYOFWEEK", Ts("2024-05-18")) == 7);
    CHECK(extract("DAYOFYEAR", ts) == 31 + 29 + 31 + 30 + 15);
    CHECK(extract("DOY", Ts("2024-12-31")) == 366);
    CHECK(extract("DAYOFYEAR", Ts("2023-12-31")) == 365);
    CHECK(extract("HOUR", ts) == 13);
    CHECK(extract("MINUTE", ts) == 45);
    CHECK(extract("SECOND", ts) == 30);
    CHECK(extract("MILLISECOND", ts) == 30123);
    CHECK(extract("MICROSECOND", ts) == 30123456);
    CHECK(extract("EPOCH", ts) == ts / 1000000);
    CHECK(extract("epoch", -1) == -1);
    CHECK(extract("year", ts) == 2024);
    // ISO weeks at year boundaries.
    CHECK(extract("WEEK", Ts("2021-01-01")) == 53);
    CHECK(extract("WEEK", Ts("2021-01-04")) == 1);
    CHECK(extract("WEEK", Ts("2024-12-30")) == 1);
    CHECK(extract("WEEK", Ts("2026-01-01")) == 1);
    CHECK(extract("WEEK", Ts("2027-01-01")) == 53);
    CHECK(extract("WEEK", Ts("1969-12-31")) == 1);
    CHECK(extract("QUARTER", Ts("1969-12-31 23:59:59")) == 4);
    CHECK(t.Code(sl_fn_extract_str_ts, "FORTNIGHT", ts) == SL_ERR_INVALID_ARG);
    CHECK(t.Code(sl_fn_extract_str_ts, "", ts) == SL_ERR_INVALID_ARG);
}

TEST_CASE("EXTRACT agrees with the single-field functions", "[stdlib][time]") {
    TestContext t;
    std::mt19937_64 rng(42);
    std::uniform_int_distribution<int64_t> instants(Ts("1600-01-01"), Ts("2400-01-01"));
    for (int i = 0; i < 20000; ++i) {
        const int64_t ts = instants(rng);
        INFO(Show(ts));
        REQUIRE(*t.Value(sl_fn_extract_str_ts, "year", ts) == *t.Value(sl_fn_year_ts, ts));
        REQUIRE(*t.Value(sl_fn_extract_str_ts, "month", ts) == *t.Value(sl_fn_month_ts, ts));
        REQUIRE(*t.Value(sl_fn_extract_str_ts, "day", ts) == *t.Value(sl_fn_day_ts, ts));
        REQUIRE(*t.Value(sl_fn_extract_str_ts, "hour", ts) == *t.Value(sl_fn_hour_ts, ts));
        REQUIRE(*t.Value(sl_fn_extract_str_ts, "minute", ts) == *t.Value(sl_fn_minute_ts, ts));
        REQUIRE(*t.Value(sl_fn_extract_str_ts, "second", ts) == *t.Value(sl_fn_second_ts, ts));
        // DATE_TRUNC gives the start of the unit, which is at most ts.
        const int64_t month_start = *t.Value(sl_fn_date_trunc_str_ts, "month", ts);
        REQUIRE(month_start <= ts);
        REQUIRE(*t.Value(sl_fn_day_ts, month_start) == 1);
        REQUIRE(*t.Value(sl_fn_month_ts, month_start) == *t.Value(sl_fn_month_ts, ts));
        const int64_t week_start = *t.Value(sl_fn_date_trunc_str_ts, "week", ts);
        REQUIRE(*t.Value(sl_fn_extract_str_ts, "dayofweek", week_start) == 2); // a Monday
        REQUIRE(ts - week_start < 7 * sluice::rt::kMicrosPerDay);
    }
}

TEST_CASE("FROM_UNIXTIME and UNIX_TIMESTAMP", "[stdlib][time]") {
    TestContext t;
    CHECK(*t.Value(sl_fn_from_unixtime_i64, 0) == 0);
    CHECK(*t.Value(sl_fn_from_unixtime_i64, 1716000000) == 1716000000 * sluice::rt::kMicrosPerSecond);
    CHECK(*t.Value(sl_fn_from_unixtime_i64, -1) == -sluice::rt::kMicrosPerSecond);
    CHECK(t.Code(sl_fn_from_unixtime_i64, int64_t{1} << 62) == SL_ERR_OVERFLOW);
    CHECK(t.Code(sl_fn_from_unixtime_i64, kInt64Min) == SL_ERR_OVERFLOW);
    CHECK(*t.Value(sl_fn_unix_timestamp_ts, 1500000) == 1);
    CHECK(*t.Value(sl_fn_unix_timestamp_ts, -1) == -1); // rounded down
    CHECK(*t.Value(sl_fn_unix_timestamp_ts, -1000000) == -1);
    CHECK(*t.Value(sl_fn_unix_timestamp_ts, kInt64Min) == kInt64Min / 1000000 - 1);
}

TEST_CASE("TO_TIMESTAMP without a format reads the shared text form", "[stdlib][time]") {
    TestContext t;
    CHECK(*t.Value(sl_fn_to_timestamp_str, "2024-02-29 12:00:00") == Ts("2024-02-29 12:00:00"));
    CHECK(*t.Value(sl_fn_to_timestamp_str, "2024-02-29T12:00:00.5Z") == Ts("2024-02-29 12:00:00.5"));
    CHECK(*t.Value(sl_fn_to_timestamp_str, "1969-07-20 20:17:40") ==
          -14182940 * sluice::rt::kMicrosPerSecond);
    CHECK_FALSE(t.Value(sl_fn_to_timestamp_str, "2023-02-29 12:00:00").has_value());
    CHECK_FALSE(t.Value(sl_fn_to_timestamp_str, "yesterday").has_value());
    CHECK_FALSE(t.Value(sl_fn_to_timestamp_str, "").has_value());
}

TEST_CASE("TO_TIMESTAMP with Spark pattern letters", "[stdlib][time]") {
    TestContext t;
    auto parse = [&](const char* s, const char* fmt) { return t.Value(sl_fn_to_timestamp_str_str, s, fmt); };
    CHECK(*parse("2024-02-29 12:34:56", "yyyy-MM-dd HH:mm:ss") == Ts("2024-02-29 12:34:56"));
    CHECK(*parse("29/02/2024", "dd/MM/yyyy") == Ts("2024-02-29"));
    CHECK(*parse("20240229123456", "yyyyMMddHHmmss") == Ts("2024-02-29 12:34:56"));
    CHECK(*parse("2024-02-29T12:34:56.789", "yyyy-MM-dd'T'HH:mm:ss.SSS") == Ts("2024-02-29 12:34:56.789"));
    CHECK(*parse("2024-02-29T12:34:56.7", "yyyy-MM-dd'T'HH:mm:ss.SSS") == Ts("2024-02-29 12:34:56.7"));
    CHECK(*parse("12:34:56.123456789", "HH:mm:ss.SSSSSSSSS") == Ts("1970-01-01 12:34:56.123456"));
    CHECK(*parse("24-01-05", "yy-MM-dd") == Ts("2024-01-05"));
    CHECK(*parse("2/9/2024 7:05", "M/d/yyyy H:mm") == Ts("2024-02-09 07:05"));
    CHECK(*parse("12/31/2024", "M/d/yyyy") == Ts("2024-12-31"));
    CHECK(*parse("at 2024", "'at' yyyy") == Ts("2024-01-01"));
    CHECK(*parse("it's 2024", "'it''s' yyyy") == Ts("2024-01-01"));
    CHECK(*parse("1969-07-20 20:17:40", "yyyy-MM-dd HH:mm:ss") == Ts("1969-07-20 20:17:40"));
    CHECK(*parse("2024 2024", "yyyy yyyy") == Ts("2024-01-01"));
    // Text that does not fit the pattern is NULL.
    CHECK_FALSE(parse("2023-02-29", "yyyy-MM-dd").has_value());
    CHECK_FALSE(parse("2024-13-01", "yyyy-MM-dd").has_value());
    CHECK_FALSE(parse("2024-01-01 24:00", "yyyy-MM-dd HH:mm").has_value());
    CHECK_FALSE(parse("2024-1-01", "yyyy-MM-dd").has_value());
    CHECK_FALSE(parse("2024-01-01 ", "yyyy-MM-dd").has_value());
    CHECK_FALSE(parse("2024-01-01", "yyyy-MM-dd HH").has_value());
    CHECK_FALSE(parse("2024x01", "yyyy-MM").has_value());
    CHECK_FALSE(parse("2024 2025", "yyyy yyyy").has_value());
    CHECK_FALSE(parse("", "yyyy").has_value());
    // Unsupported letters and counts are errors, whatever the text.
    for (const char* fmt : {"yyyy-MMM-dd", "EEE yyyy", "hh:mm a", "yyyyy", "yyyy-MM-dd[ HH]", "yyyy-MM-dd'T",
                            "SSSSSSSSSS", "HHH", "yyyy-MM-dd z", "D"})
        CHECK(t.Code(sl_fn_to_timestamp_str_str, "2024-01-01", fmt) == SL_ERR_INVALID_ARG);
}

TEST_CASE("DATE_FORMAT with Spark pattern letters", "[stdlib][time]") {
    TestContext t;
    auto format = [&](int64_t ts, const char* fmt) { return *t.Str(sl_fn_date_format_ts_str, ts, fmt); };
    const int64_t ts = Ts("2024-02-09 07:05:03.123999");
    CHECK(format(ts, "yyyy-MM-dd HH:mm:ss") == "2024-02-09 07:05:03");
    CHECK(format(ts, "yyyy/M/d H:m:s") == "2024/2/9 7:5:3");
    CHECK(format(ts, "yy") == "24");
    CHECK(format(ts, "SSS") == "123"); // truncated, not rounded
    CHECK(format(ts, "S") == "1");
    CHECK(format(ts, "SSSSSSSSS") == "123999000");
    CHECK(format(ts, "'Date:' yyyy") == "Date: 2024");
    CHECK(format(ts, "''yy''") == "'24'");
    CHECK(format(ts, "'o''clock' HH") == "o'clock 07");
    CHECK(format(ts, "") == "");
    CHECK(format(ts, "y") == "2024");
    CHECK(format(Ts("0033-01-01"), "yyyy") == "0033");
    CHECK(format(Ts("0033-01-01"), "y") == "33");
    CHECK(format(-1, "yyyy-MM-dd HH:mm:ss.SSSSSS") == "1969-12-31 23:59:59.999999");
    CHECK(format(Ts("1969-07-20 20:17:40"), "dd.MM.yy HH:mm") == "20.07.69 20:17");
    CHECK(t.Code(sl_fn_date_format_ts_str, ts, "MMMM") == SL_ERR_INVALID_ARG);
    CHECK(t.Code(sl_fn_date_format_ts_str, ts, "yyyy 'open") == SL_ERR_INVALID_ARG);
    CHECK(t.Code(sl_fn_date_format_ts_str, ts, "#") == SL_ERR_INVALID_ARG);
}

TEST_CASE("DATE_FORMAT and TO_TIMESTAMP round-trip", "[stdlib][time]") {
    TestContext t;
    std::mt19937_64 rng(1);
    std::uniform_int_distribution<int64_t> instants(Ts("1000-01-01"), Ts("9999-12-31 23:59:59.999999"));
    const char* formats[] = {"yyyy-MM-dd HH:mm:ss.SSSSSS", "yyyyMMddHHmmssSSSSSS",
                             "dd/MM/yyyy'T'HH:mm:ss.SSSSSS", "'day' d 'of' M, yyyy; H:m:s.SSSSSS"};
    for (int i = 0; i < 20000; ++i) {
        const int64_t ts = instants(rng);
        const char* fmt = formats[i % 4];
        const std::string text = *t.Str(sl_fn_date_format_ts_str, ts, fmt);
        INFO(Show(ts) << " as '" << fmt << "': " << text);
        REQUIRE(*t.Value(sl_fn_to_timestamp_str_str, text, fmt) == ts);
    }
    // Without fraction digits in the pattern, the round trip truncates to seconds.
    const int64_t ts = Ts("1999-12-31 23:59:59.75");
    const std::string text = *t.Str(sl_fn_date_format_ts_str, ts, "yyyy-MM-dd HH:mm:ss");
    CHECK(text == "1999-12-31 23:59:59");
    CHECK(*t.Value(sl_fn_to_timestamp_str_str, text, "yyyy-MM-dd HH:mm:ss") == Ts("1999-12-31 23:59:59"));
    CHECK(*t.Value(sl_fn_to_timestamp_str, text) == Ts("1999-12-31 23:59:59"));
}
