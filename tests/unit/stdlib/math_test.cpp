#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <random>
#include <string>

#include "stdlib_test_util.h"

using sluice::stdlib::test::TestContext;

namespace {

/// Spark's ROUND(x, d) for DOUBLE, independently of the stdlib: round x's shortest decimal text
/// (std::to_chars) half away from zero at 10^-d with exact digit arithmetic, then read it back.
double ReferenceRound(double x, int d) {
    if (std::isnan(x) || std::isinf(x))
        return x;
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
    std::string text(buf, res.ptr);
    bool negative = text[0] == '-';
    if (negative)
        text.erase(0, 1);
    size_t e = text.find('e');
    int exponent = std::atoi(text.c_str() + e + 1);
    std::string digits;
    for (size_t i = 0; i < e; ++i)
        if (text[i] != '.')
            digits += text[i];
    long keep = static_cast<long>(exponent) + d + 1; // digits at or above 10^-d
    if (keep >= static_cast<long>(digits.size()))
        return x;
    if (keep < 0)
        return 0.0;
    std::string kept(1, '0'); // room for a carry
    kept.append(digits, 0, static_cast<size_t>(keep));
    if (digits[static_cast<size_t>(keep)] >= '5') {
        size_t i = kept.size() - 1;
        while (kept[i] == '9')
            kept[i--] = '0';
        ++kept[i];
    }
    std::string out = negative ? "-" : "";
    out += kept;
    out += 'e';
    out += std::to_string(-d);
    double r = std::strtod(out.c_str(), nullptr);
    return r == 0 ? 0.0 : r;
}

bool SameDouble(double a, double b) {
    return (std::isnan(a) && std::isnan(b)) || (a == b && std::signbit(a) == std::signbit(b));
}

} // namespace

TEST_CASE("ROUND to an integer rounds half away from zero", "[stdlib][math]") {
    TestContext t;
    CHECK(*t.Value(sl_fn_round_f64, 2.5) == 3.0);
    CHECK(*t.Value(sl_fn_round_f64, -2.5) == -3.0);
    CHECK(*t.Value(sl_fn_round_f64, 0.49999999999999994) == 0.0);
    CHECK(*t.Value(sl_fn_round_f64, 1.5) == 2.0);
    CHECK(*t.Value(sl_fn_round_f64, 1e300) == 1e300);
    CHECK(*t.Value(sl_fn_round_f64, 4503599627370497.0) == 4503599627370497.0);
    // Spark's BigDecimal has no negative zero.
    CHECK(SameDouble(*t.Value(sl_fn_round_f64, -0.4), 0.0));
    CHECK(SameDouble(*t.Value(sl_fn_round_f64, -0.0), 0.0));
    CHECK(std::isnan(*t.Value(sl_fn_round_f64, std::nan(""))));
    CHECK(*t.Value(sl_fn_round_f64, -INFINITY) == -INFINITY);
}

TEST_CASE("ROUND to d places rounds the decimal text, as Spark does", "[stdlib][math]") {
    TestContext t;
    // The doubles below lie just under the written tie; Spark still rounds them up.
    CHECK(*t.Value(sl_fn_round_f64_i32, 1.005, 2) == 1.01);
    CHECK(*t.Value(sl_fn_round_f64_i32, 0.285, 2) == 0.29);
    CHECK(*t.Value(sl_fn_round_f64_i32, 2.675, 2) == 2.68);
    CHECK(*t.Value(sl_fn_round_f64_i32, -1.005, 2) == -1.01);
    CHECK(*t.Value(sl_fn_round_f64_i32, 0.125, 2) == 0.13);
    CHECK(*t.Value(sl_fn_round_f64_i32, 0.1249, 2) == 0.12);
    CHECK(*t.Value(sl_fn_round_f64_i32, 3.14159, 0) == 3.0);
    // Negative d rounds to tens, hundreds, ...
    CHECK(*t.Value(sl_fn_round_f64_i32, 1234.5678, -2) == 1200.0);
    CHECK(*t.Value(sl_fn_round_f64_i32, 1250.0, -2) == 1300.0);
    CHECK(*t.Value(sl_fn_round_f64_i32, -1250.0, -2) == -1300.0);
    CHECK(SameDouble(*t.Value(sl_fn_round_f64_i32, -0.001, 2), 0.0));
    // Outside the fast path: large d, very negative d, large values.
    CHECK(*t.Value(sl_fn_round_f64_i32, 1.23456789e-25, 30) == 1.23457e-25);
    CHECK(*t.Value(sl_fn_round_f64_i32, 5e300, -301) == 1e301);
    CHECK(*t.Value(sl_fn_round_f64_i32, 4e300, -301) == 0.0);
    CHECK(*t.Value(sl_fn_round_f64_i32, 123.456, 400) == 123.456);
    CHECK(*t.Value(sl_fn_round_f64_i32, 123.456, -400) == 0.0);
    CHECK(*t.Value(sl_fn_round_f64_i32, 123.456, std::numeric_limits<int32_t>::min()) == 0.0);
    CHECK(*t.Value(sl_fn_round_f64_i32, 123.456, std::numeric_limits<int32_t>::max()) == 123.456);
    CHECK(*t.Value(sl_fn_round_f64_i32, 123456789012.345675, 4) == ReferenceRound(123456789012.345675, 4));
    CHECK(*t.Value(sl_fn_round_f64_i32, 9.5, -1) == 10.0);
    CHECK(*t.Value(sl_fn_round_f64_i32, 99.5, 0) == 100.0);
    CHECK(std::isnan(*t.Value(sl_fn_round_f64_i32, std::nan(""), 2)));
    CHECK(*t.Value(sl_fn_round_f64_i32, INFINITY, 2) == INFINITY);
}

TEST_CASE("ROUND to d places agrees with decimal rounding of the shortest text", "[stdlib][math]") {
    TestContext t;
    std::mt19937_64 rng(20240229);
    std::uniform_int_distribution<int> places(-8, 18);
    std::uniform_int_distribution<int> magnitude(-12, 20);
    std::uniform_real_distribution<double> mantissa(-10.0, 10.0);
    for (int i = 0; i < 200000; ++i) {
        double x = mantissa(rng) * std::pow(10.0, magnitude(rng));
        // Also values with few digits, where ties are common: k / 10^m.
        if (i % 2 == 0)
            x = static_cast<double>(static_cast<int64_t>(rng() % 2000001) - 1000000) / std::pow(10.0, i % 7);
        int d = places(rng);
        double got = *t.Value(sl_fn_round_f64_i32, x, d);
        double want = ReferenceRound(x, d);
        INFO("x = " << x << " (" << std::hexfloat << x << std::defaultfloat << "), d = " << d);
        REQUIRE(SameDouble(got, want));
    }
}

TEST_CASE("POWER, SQRT, LN, LOG10, EXP", "[stdlib][math]") {
    TestContext t;
    CHECK(*t.Value(sl_fn_power_f64_f64, 2.0, 10.0) == 1024.0);
    CHECK(*t.Value(sl_fn_power_f64_f64, 4.0, 0.5) == 2.0);
    CHECK(*t.Value(sl_fn_power_f64_f64, 0.0, 0.0) == 1.0);
    CHECK(std::isnan(*t.Value(sl_fn_power_f64_f64, -8.0, 1.0 / 3)));

    CHECK(*t.Value(sl_fn_sqrt_f64, 16.0) == 4.0);
    CHECK(*t.Value(sl_fn_sqrt_f64, 0.0) == 0.0);
    CHECK_FALSE(t.Value(sl_fn_sqrt_f64, -1.0).has_value());
    CHECK(*t.Value(sl_fn_sqrt_f64, INFINITY) == INFINITY);

    CHECK(*t.Value(sl_fn_ln_f64, 1.0) == 0.0);
    CHECK(*t.Value(sl_fn_ln_f64, std::exp(2.0)) == Approx(2.0));
    CHECK_FALSE(t.Value(sl_fn_ln_f64, 0.0).has_value());
    CHECK_FALSE(t.Value(sl_fn_ln_f64, -3.0).has_value());

    CHECK(*t.Value(sl_fn_log10_f64, 1000.0) == 3.0);
    CHECK(*t.Value(sl_fn_log10_f64, 0.001) == Approx(-3.0));
    CHECK_FALSE(t.Value(sl_fn_log10_f64, 0.0).has_value());
    CHECK_FALSE(t.Value(sl_fn_log10_f64, -0.0).has_value());

    CHECK(*t.Value(sl_fn_exp_f64, 0.0) == 1.0);
    CHECK(*t.Value(sl_fn_exp_f64, 1.0) == Approx(2.718281828459045));
    CHECK(*t.Value(sl_fn_exp_f64, 1000.0) == INFINITY);
    CHECK(*t.Value(sl_fn_exp_f64, -1000.0) == 0.0);
}
