// CAST between STRING and the other types. Every text form is the one of
// runtime/common/value_format.h, which sources decode and sinks encode with, so a value cast to
// STRING and written by a sink reads back as the same value, and CAST(s AS T) accepts exactly what
// a CSV or JSON source accepts for a column of type T.
//
// A string that does not convert gives SL_ERR_CAST: CAST raises it, TRY_CAST turns it into NULL.
// Numbers may have spaces (and tabs) around them. Integers must be written as integers:
// CAST('12.5' AS INT) is an error, not 12 (Spark's ANSI mode; silently truncating would hide bad
// data), and so is a value outside the type's range.

#include <charconv>
#include <string>
#include <string_view>

#include "runtime/common/value_format.h"
#include "sluice/stdlib.h"
#include "stdlib/scalar/inline/str_util.h"

using sluice::stdlib::AllocStr;
using sluice::stdlib::SetStr;

namespace {

std::string_view View(const sl_str* s) {
    return std::string_view(s->ptr, s->len);
}

/// Copies text made on the stack or heap into the batch arena as the result.
int32_t ReturnCopy(sl_ctx* ctx, sl_str* out, const char* p, size_t n) {
    char* buf = AllocStr(ctx, n);
    memcpy(buf, p, n);
    SetStr(out, buf, static_cast<uint32_t>(n));
    return 0;
}

/// Points the result at constant text.
int32_t ReturnConstant(sl_str* out, std::string_view text) {
    SetStr(out, text.data(), static_cast<uint32_t>(text.size()));
    return 0;
}

template <typename Int> int32_t FormatInteger(sl_ctx* ctx, sl_str* out, Int v) {
    char buf[24];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    return ReturnCopy(ctx, out, buf, static_cast<size_t>(res.ptr - buf));
}

/// Number of digits before the decimal point, leading zeros not counted, of text ParseDecimal is
/// about to read. ParseDecimal only bounds the whole unscaled value by 10^precision after scaling,
/// and scaling an integer part of up to 38 digits by 10^scale would overflow 128 bits, so integer
/// parts too long for DECIMAL(p, s) are rejected here first.
size_t IntegerDigits(std::string_view s) {
    size_t i = 0;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t'))
        ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-'))
        ++i;
    while (i < s.size() && s[i] == '0')
        ++i;
    size_t n = 0;
    while (i + n < s.size() && s[i + n] >= '0' && s[i + n] <= '9')
        ++n;
    return n;
}

} // namespace

extern "C" {

int32_t sl_fn_cast_str_bool(sl_ctx*, uint8_t* out, const sl_str* s) {
    bool v;
    if (!sluice::rt::ParseBool(View(s), &v))
        return SL_ERR_CAST;
    *out = v;
    return 0;
}

int32_t sl_fn_cast_str_i32(sl_ctx*, int32_t* out, const sl_str* s) {
    int32_t v;
    if (!sluice::rt::ParseInt32(View(s), &v))
        return SL_ERR_CAST;
    *out = v;
    return 0;
}

int32_t sl_fn_cast_str_i64(sl_ctx*, int64_t* out, const sl_str* s) {
    int64_t v;
    if (!sluice::rt::ParseInt64(View(s), &v))
        return SL_ERR_CAST;
    *out = v;
    return 0;
}

int32_t sl_fn_cast_str_f64(sl_ctx*, double* out, const sl_str* s) {
    double v;
    if (!sluice::rt::ParseDouble(View(s), &v))
        return SL_ERR_CAST;
    *out = v;
    return 0;
}

int32_t sl_fn_cast_str_dec(sl_ctx*, sl_decimal* out, const sl_str* s, int32_t precision, int32_t scale) {
    if (precision < 1 || precision > 38 || scale < 0 || scale > precision)
        return SL_ERR_INVALID_ARG;
    // Fraction digits beyond the scale are rounded half away from zero (ParseDecimal rounds the
    // magnitude); a value that then needs more than `precision` digits does not fit.
    sl_decimal v;
    if (IntegerDigits(View(s)) > static_cast<size_t>(precision - scale) ||
        !sluice::rt::ParseDecimal(View(s), precision, scale, &v))
        return SL_ERR_CAST;
    *out = v;
    return 0;
}

int32_t sl_fn_cast_str_ts(sl_ctx*, int64_t* out, const sl_str* s) {
    int64_t v;
    if (!sluice::rt::ParseTimestamp(View(s), &v))
        return SL_ERR_CAST;
    *out = v;
    return 0;
}

int32_t sl_fn_cast_str_date(sl_ctx*, int32_t* out, const sl_str* s) {
    int32_t v;
    if (!sluice::rt::ParseDate(View(s), &v))
        return SL_ERR_CAST;
    *out = v;
    return 0;
}

int32_t sl_fn_cast_bool_str(sl_ctx*, sl_str* out, uint8_t v) {
    return ReturnConstant(out, v ? "true" : "false");
}

int32_t sl_fn_cast_i32_str(sl_ctx* ctx, sl_str* out, int32_t v) {
    return FormatInteger(ctx, out, v);
}

int32_t sl_fn_cast_i64_str(sl_ctx* ctx, sl_str* out, int64_t v) {
    return FormatInteger(ctx, out, v);
}

int32_t sl_fn_cast_f64_str(sl_ctx* ctx, sl_str* out, double v) {
    char buf[40];
    const size_t n = sluice::rt::FormatDouble(v, buf);
    return ReturnCopy(ctx, out, buf, n);
}

int32_t sl_fn_cast_dec_str(sl_ctx* ctx, sl_str* out, sl_decimal v, int32_t scale) {
    if (scale < 0 || scale > 38)
        return SL_ERR_INVALID_ARG;
    const std::string text = sluice::rt::FormatDecimal(v, scale);
    return ReturnCopy(ctx, out, text.data(), text.size());
}

int32_t sl_fn_cast_ts_str(sl_ctx* ctx, sl_str* out, int64_t ts) {
    // FormatTimestamp negates its argument to split off the day, which INT64_MIN cannot survive;
    // that instant (year -290308) is no timestamp a source or a literal can produce.
    if (ts == INT64_MIN)
        return SL_ERR_CAST;
    char buf[40];
    const size_t n = sluice::rt::FormatTimestamp(ts, buf);
    return ReturnCopy(ctx, out, buf, n);
}

int32_t sl_fn_cast_date_str(sl_ctx* ctx, sl_str* out, int32_t days) {
    char buf[40];
    const size_t n = sluice::rt::FormatDate(days, buf);
    return ReturnCopy(ctx, out, buf, n);
}

int32_t sl_fn_cast_interval_str(sl_ctx* ctx, sl_str* out, int64_t micros) {
    const std::string text = sluice::rt::FormatInterval(micros);
    return ReturnCopy(ctx, out, text.data(), text.size());
}

} // extern "C"
