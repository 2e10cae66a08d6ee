// ROUND, POWER, SQRT, LN, LOG10, EXP on DOUBLE. INLINE: compiled to bitcode too, so only libc/libm
// calls (through __builtin_*) and no C++ runtime.

#include <stdio.h>
#include <stdlib.h>

#include "sluice/stdlib.h"

namespace {

/// Powers of ten that a double holds exactly.
constexpr double kExactPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/// Below this magnitude of x * 10^d the fast path of RoundToPlaces is exact (see there).
constexpr double kFastPathLimit = 281474976710656.0; // 2^48

/// Spark rounds a double by rounding its shortest decimal text (Double.toString), so that
/// ROUND(1.005, 2) is 1.01 although the double 1.005 lies a little below it. This is that rule
/// done on text for the cases the fast path leaves out (|x * 10^d| >= 2^48, |d| > 22): find the
/// shortest "%.*e" form that reads back as x, round its digits half away from zero at 10^-d, and
/// read the result back. Only libc is used, so the function stays fit for bitcode; it is kept out
/// of line so that inlining ROUND brings only the fast path into generated code.
__attribute__((noinline, cold)) double RoundByDecimalText(double x, int32_t d) {
    char buf[40];
    for (int precision = 1; precision <= 17; ++precision) {
        snprintf(buf, sizeof buf, "%.*e", precision - 1, x);
        if (strtod(buf, nullptr) == x)
            break;
    }
    // buf is [-]D[.DDD]e[+-]XX: collect the digits and the decimal exponent of the first one.
    const char* p = buf;
    const bool negative = *p == '-';
    if (negative)
        ++p;
    char digits[24];
    int num_digits = 0;
    for (; *p != 'e'; ++p)
        if (*p != '.')
            digits[num_digits++] = *p;
    const int exponent = atoi(p + 1);
    // Digit i has weight 10^(exponent - i); the digit at 10^-d is index keep - 1.
    const int64_t keep = static_cast<int64_t>(exponent) + d + 1;
    if (keep >= num_digits)
        return x; // no digit below 10^-d: already rounded
    if (keep < 0)
        return 0.0; // below half a unit of 10^-d (and +0.0, as Spark has no negative zero)
    // Round the first `keep` digits by the next one; a carry may add a leading digit.
    char rounded[26];
    int n = 0;
    rounded[n++] = '0';
    for (int i = 0; i < keep; ++i)
        rounded[n++] = digits[i];
    if (digits[keep] >= '5') {
        int i = n - 1;
        while (rounded[i] == '9')
            rounded[i--] = '0';
        ++rounded[i];
    }
    // rounded holds the integer x' such that the result is x' * 10^-d (with one extra leading digit).
    char text[48];
    snprintf(text, sizeof text, "%s%.*se%d", negative ? "-" : "", n, rounded, -d);
    const double r = strtod(text, nullptr);
    return r == 0 ? 0.0 : r;
}

/// ROUND(x, d) with half away from zero on x's shortest decimal text (Spark's rule).
///
/// Fast path, for |d| <= 22 (10^|d| exact) and |x * 10^d| < 2^48: with y = x * 10^d and f =
/// floor(y), the tie between f and f + 1 is the decimal T = (f + 0.5) / 10^d, and t = (f + 0.5) /
/// 10^d in double arithmetic is the double nearest to T (both operands exact, one correctly rounded
/// division). x's shortest text D lies on the same side of T as x lies of t, because the rounding
/// interval of x is narrower than 10^-d / 16 here and so cannot hold another number with d + 1
/// fraction digits; hence x >= t decides "round up" exactly as Spark decides it on D, even where y
/// itself was rounded across the tie (ROUND(0.285, 2) = 0.29, not 0.28). The result (f + 1) / 10^d
/// is again one correctly rounded division, like Spark's BigDecimal.toDouble.
double RoundToPlaces(double x, int32_t d) {
    if (__builtin_isnan(x) || __builtin_isinf(x))
        return x;
    const double magnitude = __builtin_fabs(x);
    if (d >= -22 && d <= 22) {
        const double p = kExactPow10[d >= 0 ? d : -d];
        const double y = d >= 0 ? magnitude * p : magnitude / p;
        if (y < kFastPathLimit) {
            const double f = __builtin_floor(y);
            const double tie = d >= 0 ? (f + 0.5) / p : (f + 0.5) * p;
            const double k = magnitude >= tie ? f + 1 : f;
            const double r = d >= 0 ? k / p : k * p;
            // +0.0 for a result of zero: Spark's BigDecimal has no negative zero.
            return r == 0 ? 0.0 : (x < 0 ? -r : r);
        }
    }
    return RoundByDecimalText(x, d);
}

} // namespace

extern "C" {

int32_t sl_fn_round_f64(sl_ctx*, double* out, double x) {
    // Every double below 2^52 has an exact .5 neighbour, so libm's round (half away from zero) is
    // Spark's rule; above it the value is integral already.
    const double r = __builtin_round(x);
    *out = r == 0 ? 0.0 : r;
    return 0;
}

int32_t sl_fn_round_f64_i32(sl_ctx*, double* out, double x, int32_t d) {
    *out = RoundToPlaces(x, d);
    return 0;
}

int32_t sl_fn_power_f64_f64(sl_ctx*, double* out, double x, double y) {
    *out = __builtin_pow(x, y);
    return 0;
}

int32_t sl_fn_sqrt_f64(sl_ctx*, double* out, double x) {
    if (x < 0)
        return -1;
    *out = __builtin_sqrt(x);
    return 0;
}

int32_t sl_fn_ln_f64(sl_ctx*, double* out, double x) {
    if (x <= 0)
        return -1;
    *out = __builtin_log(x);
    return 0;
}

int32_t sl_fn_log10_f64(sl_ctx*, double* out, double x) {
    if (x <= 0)
        return -1;
    *out = __builtin_log10(x);
    return 0;
}

int32_t sl_fn_exp_f64(sl_ctx*, double* out, double x) {
    *out = __builtin_exp(x);
    return 0;
}

} // extern "C"
