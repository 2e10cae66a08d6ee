#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include "runtime/common/value_format.h"
#include "stdlib_test_util.h"

using sluice::stdlib::test::TestContext;

namespace {

sl_decimal Dec(const char* text, int precision, int scale) {
    sl_decimal v;
    REQUIRE(sluice::rt::ParseDecimal(text, precision, scale, &v));
    return v;
}

} // namespace

TEST_CASE("CAST string to BOOLEAN", "[stdlib][cast]") {
    TestContext t;
    CHECK(*t.Value(sl_fn_cast_str_bool, "true") == 1);
    CHECK(*t.Value(sl_fn_cast_str_bool, "FALSE") == 0);
    CHECK(*t.Value(sl_fn_cast_str_bool, " True ") == 1);
    CHECK(*t.Value(sl_fn_cast_str_bool, "1") == 1);
    CHECK(*t.Value(sl_fn_cast_str_bool, "0") == 0);
    for (const char* bad : {"", "yes", "tru", "2", "true false"})
        CHECK(t.Code(sl_fn_cast_str_bool, bad) == SL_ERR_CAST);
}

TEST_CASE("CAST string to INT and BIGINT", "[stdlib][cast]") {
    TestContext t;
    CHECK(*t.Value(sl_fn_cast_str_i32, "42") == 42);
    CHECK(*t.Value(sl_fn_cast_str_i32, "  -17\t") == -17);
    CHECK(*t.Value(sl_fn_cast_str_i32, "+7") == 7);
    CHECK(*t.Value(sl_fn_cast_str_i32, "-2147483648") == std::numeric_limits<int32_t>::min());
    CHECK(*t.Value(sl_fn_cast_str_i32, "2147483647") == std::numeric_limits<int32_t>::max());
    CHECK(*t.Value(sl_fn_cast_str_i64, "9223372036854775807") == std::numeric_limits<int64_t>::max());
    CHECK(*t.Value(sl_fn_cast_str_i64, "-9223372036854775808") == std::numeric_limits<int64_t>::min());
    // A fraction is an error, not truncated; so is anything out of range or not a number.
    for (const char* bad :
         {"12.5", "12.0", "1e3", "2147483648", "-2147483649", "", " ", "abc", "12abc", "0x10", "- 1"})
        CHECK(t.Code(sl_fn_cast_str_i32, bad) == SL_ERR_CAST);
    for (const char* bad : {"9223372036854775808", "-9223372036854775809", "1.5", "", "1 2"})
        CHECK(t.Code(sl_fn_cast_str_i64, bad) == SL_ERR_CAST);
}

TEST_CASE("CAST string to DOUBLE", "[stdlib][cast]") {
    TestContext t;
    CHECK(*t.Value(sl_fn_cast_str_f64, "1.5") == 1.5);
    CHECK(*t.Value(sl_fn_cast_str_f64, " -2e3 ") == -2000.0);
    CHECK(*t.Value(sl_fn_cast_str_f64, "42") == 42.0);
    CHECK(std::isnan(*t.Value(sl_fn_cast_str_f64, "NaN")));
    CHECK(*t.Value(sl_fn_cast_str_f64, "Infinity") == INFINITY);
    CHECK(*t.Value(sl_fn_cast_str_f64, "-Infinity") == -INFINITY);
    for (const char* bad : {"", "abc", "1.5x", "1e999"})
        CHECK(t.Code(sl_fn_cast_str_f64, bad) == SL_ERR_CAST);
}

TEST_CASE("CAST string to DECIMAL", "[stdlib][cast]") {
    TestContext t;
    CHECK(*t.Value(sl_fn_cast_str_dec, "12.34", 10, 2) == 1234);
    CHECK(*t.Value(sl_fn_cast_str_dec, " 12.345 ", 10, 2) == 1235); // half away from zero
    CHECK(*t.Value(sl_fn_cast_str_dec, "-12.345", 10, 2) == -1235);
    CHECK(*t.Value(sl_fn_cast_str_dec, "-12.344", 10, 2) == -1234);
    CHECK(*t.Value(sl_fn_cast_str_dec, "5", 3, 2) == 500);
    CHECK(*t.Value(sl_fn_cast_str_dec, "0.5", 1, 0) == 1);
    CHECK(*t.Value(sl_fn_cast_str_dec, ".25", 2, 2) == 25);
    CHECK(*t.Value(sl_fn_cast_str_dec, "000123.4", 4, 1) == 1234);
    CHECK(*t.Value(sl_fn_cast_str_dec, "99999999999999999999999999999999999999", 38, 0) ==
          sluice::rt::Pow10(38) - 1);
    CHECK(*t.Value(sl_fn_cast_str_dec, "-0.99999999999999999999999999999999999999", 38, 38) ==
          -(sluice::rt::Pow10(38) - 1));
    // Too many digits for the precision, before or after rounding.
    CHECK(t.Code(sl_fn_cast_str_dec, "999.995", 5, 2) == SL_ERR_CAST);
    CHECK(t.Code(sl_fn_cast_str_dec, "1000", 5, 2) == SL_ERR_CAST);
    CHECK(t.Code(sl_fn_cast_str_dec, "1", 2, 2) == SL_ERR_CAST);
    // 38 integer digits scaled by 10^10 would not fit in 128 bits: rejected before scaling.
    CHECK(t.Code(sl_fn_cast_str_dec, "12345678901234567890123456789012345678", 38, 10) == SL_ERR_CAST);
    CHECK(t.Code(sl_fn_cast_str_dec, "99999999999999999999999999999999999999.5", 38, 38) == SL_ERR_CAST);
    for (const char* bad : {"", "-", ".", "1.2.3", "abc", "1e5", "--1"})
        CHECK(t.Code(sl_fn_cast_str_dec, bad, 10, 2) == SL_ERR_CAST);
    // The type itself must be valid.
    CHECK(t.Code(sl_fn_cast_str_dec, "1", 0, 0) == SL_ERR_INVALID_ARG);
    CHECK(t.Code(sl_fn_cast_str_dec, "1", 39, 0) == SL_ERR_INVALID_ARG);
    CHECK(t.Code(sl_fn_cast_str_dec, "1", 10, 11) == SL_ERR_INVALID_ARG);
    CHECK(t.Code(sl_fn_cast_str_dec, "1", 10, -1) == SL_ERR_INVALID_ARG);
}

TEST_CASE("CAST string to TIMESTAMP and DATE", "[stdlib][cast]") {
    TestContext t;
    CHECK(*t.Value(sl_fn_cast_str_ts, "1970-01-01 00:00:01") == 1000000);
    CHECK(*t.Value(sl_fn_cast_str_ts, "1969-12-31T23:59:59.999999Z") == -1);
    CHECK(*t.Value(sl_fn_cast_str_ts, "2024-02-29") == 19782LL * 86400 * 1000000);
    CHECK(*t.Value(sl_fn_cast_str_date, "2024-02-29") == 19782);
    CHECK(*t.Value(sl_fn_cast_str_date, "1969-12-31") == -1);
    CHECK(*t.Value(sl_fn_cast_str_date, "1900-01-01") == -25567);
    for (const char* bad :
         {"2023-02-29", "2024-00-10", "2024-01-32", "24-01-01", "2024-01-01 25:00:00", "now", ""})
        CHECK(t.Code(sl_fn_cast_str_ts, bad) == SL_ERR_CAST);
    for (const char* bad : {"2023-02-29", "1900-02-29", "2024-1-1", "2024-01-01 00:00:00", ""})
        CHECK(t.Code(sl_fn_cast_str_date, bad) == SL_ERR_CAST);
}

TEST_CASE("CAST to STRING writes value_format's text forms", "[stdlib][cast]") {
    TestContext t;
    CHECK(*t.Str(sl_fn_cast_bool_str, uint8_t{1}) == "true");
    CHECK(*t.Str(sl_fn_cast_bool_str, uint8_t{0}) == "false");
    CHECK(*t.Str(sl_fn_cast_i32_str, 0) == "0");
    CHECK(*t.Str(sl_fn_cast_i32_str, std::numeric_limits<int32_t>::min()) == "-2147483648");
    CHECK(*t.Str(sl_fn_cast_i64_str, std::numeric_limits<int64_t>::min()) == "-9223372036854775808");
    CHECK(*t.Str(sl_fn_cast_i64_str, std::numeric_limits<int64_t>::max()) == "9223372036854775807");
    CHECK(*t.Str(sl_fn_cast_f64_str, 1.0) == "1.0");
    CHECK(*t.Str(sl_fn_cast_f64_str, 0.1) == "0.1");
    CHECK(*t.Str(sl_fn_cast_f64_str, -2.5) == "-2.5");
    CHECK(*t.Str(sl_fn_cast_f64_str, std::nan("")) == "NaN");
    CHECK(*t.Str(sl_fn_cast_f64_str, -INFINITY) == "-Infinity");
    CHECK(*t.Str(sl_fn_cast_dec_str, sl_decimal{-1230}, 2) == "-12.30");
    CHECK(*t.Str(sl_fn_cast_dec_str, sl_decimal{5}, 3) == "0.005");
    CHECK(*t.Str(sl_fn_cast_dec_str, sl_decimal{42}, 0) == "42");
    CHECK(t.Code(sl_fn_cast_dec_str, sl_decimal{1}, -1) == SL_ERR_INVALID_ARG);
    CHECK(t.Code(sl_fn_cast_dec_str, sl_decimal{1}, 39) == SL_ERR_INVALID_ARG);
    CHECK(*t.Str(sl_fn_cast_ts_str, int64_t{0}) == "1970-01-01 00:00:00");
    CHECK(*t.Str(sl_fn_cast_ts_str, int64_t{-1}) == "1969-12-31 23:59:59.999999");
    CHECK(*t.Str(sl_fn_cast_ts_str, int64_t{1500000}) == "1970-01-01 00:00:01.5");
    CHECK(t.Code(sl_fn_cast_ts_str, std::numeric_limits<int64_t>::min()) == SL_ERR_CAST);
    CHECK(*t.Str(sl_fn_cast_date_str, 19782) == "2024-02-29");
    CHECK(*t.Str(sl_fn_cast_date_str, -1) == "1969-12-31");
    CHECK(*t.Str(sl_fn_cast_interval_str, int64_t{10000000}) == "INTERVAL '10' SECOND");
    CHECK(*t.Str(sl_fn_cast_interval_str, int64_t{-1500000}) == "INTERVAL '-1.5' SECOND");
    CHECK(*t.Str(sl_fn_cast_interval_str, int64_t{0}) == "INTERVAL '0' SECOND");
}

TEST_CASE("CAST to STRING and back gives the same value", "[stdlib][cast]") {
    TestContext t;
    std::mt19937_64 rng(99);
    for (int i = 0; i < 5000; ++i) {
        const uint64_t bits = rng();
        const int64_t i64 = static_cast<int64_t>(bits) >> (bits % 64);
        CHECK(*t.Value(sl_fn_cast_str_i64, *t.Str(sl_fn_cast_i64_str, i64)) == i64);
        const int32_t i32 = static_cast<int32_t>(i64);
        CHECK(*t.Value(sl_fn_cast_str_i32, *t.Str(sl_fn_cast_i32_str, i32)) == i32);
        double d;
        const uint64_t dbits = rng();
        std::memcpy(&d, &dbits, sizeof d);
        if (!std::isnan(d))
            CHECK(*t.Value(sl_fn_cast_str_f64, *t.Str(sl_fn_cast_f64_str, d)) == d);
        // Timestamps within the years value_format reads (0000-9999).
        const int64_t ts = static_cast<int64_t>(rng() % (2 * 253402300800000000ULL)) - 62167219200000000LL;
        if (ts < 253402300800000000LL) {
            INFO(ts);
            CHECK(*t.Value(sl_fn_cast_str_ts, *t.Str(sl_fn_cast_ts_str, ts)) == ts);
        }
        const int32_t days = static_cast<int32_t>(rng() % 3652059) - 719528; // 0000-01-01 .. 9999-12-31
        CHECK(*t.Value(sl_fn_cast_str_date, *t.Str(sl_fn_cast_date_str, days)) == days);
        const int scale = static_cast<int>(rng() % 19);
        const sl_decimal dec = static_cast<sl_decimal>(static_cast<int64_t>(rng())) * 1000;
        CHECK(*t.Value(sl_fn_cast_str_dec, *t.Str(sl_fn_cast_dec_str, dec, scale), 38, scale) == dec);
        const bool b = rng() & 1;
        CHECK(*t.Value(sl_fn_cast_str_bool, *t.Str(sl_fn_cast_bool_str, uint8_t{b})) == b);
    }
    for (double special :
         {0.0, -0.0, 5e-324, 1.7976931348623157e308, 1e21, 1e-7, double{INFINITY}, double{-INFINITY}}) {
        const double back = *t.Value(sl_fn_cast_str_f64, *t.Str(sl_fn_cast_f64_str, special));
        CHECK(back == special);
        CHECK(std::signbit(back) == std::signbit(special));
    }
    CHECK(std::isnan(*t.Value(sl_fn_cast_str_f64, *t.Str(sl_fn_cast_f64_str, std::nan("")))));
    // The forms match what sinks write.
    CHECK(*t.Str(sl_fn_cast_ts_str, int64_t{-86400000001}) == sluice::rt::FormatTimestamp(-86400000001));
    CHECK(*t.Str(sl_fn_cast_dec_str, Dec("-0.05", 5, 3), 3) ==
          sluice::rt::FormatDecimal(Dec("-0.05", 5, 3), 3));
}
