#pragma once

// Text forms of values, shared by sources (decoding), sinks (encoding) and CAST in the stdlib, so
// that a value written by a sink reads back identically. Timestamps are UTC:
// `YYYY-MM-DD HH:MM:SS[.ffffff]` when written; `T` instead of the space, a trailing `Z`, and a bare
// date are accepted when read.

#include <cstdint>
#include <string>
#include <string_view>

#include "sluice/abi.h"

namespace sluice::rt {

constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kMicrosPerDay = 86400 * kMicrosPerSecond;

/// Days since 1970-01-01 of a proleptic Gregorian date, and back.
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);
void CivilFromDays(int64_t days, int64_t* year, unsigned* month, unsigned* day);

/// Writes the timestamp into `buf` (at least 32 bytes); returns the length. Fractional seconds are
/// printed only when nonzero, with trailing zeros removed (Spark's form).
size_t FormatTimestamp(int64_t micros, char* buf);
std::string FormatTimestamp(int64_t micros);
bool ParseTimestamp(std::string_view s, int64_t* micros);

size_t FormatDate(int32_t days, char* buf);
std::string FormatDate(int32_t days);
bool ParseDate(std::string_view s, int32_t* days);

/// Decimal text: `-12.30` for unscaled -1230 at scale 2. The buffer form writes at most 42 bytes and
/// returns the length (encoders use it to avoid allocating).
std::string FormatDecimal(sl_decimal unscaled, int scale);
size_t FormatDecimalTo(sl_decimal unscaled, int scale, char* buf);
/// Parses a decimal number, rounding half up to `scale` fraction digits; false when it is not a
/// number or needs more than `precision` digits.
bool ParseDecimal(std::string_view s, int precision, int scale, sl_decimal* out);

/// Shortest text that reads back as the same double; integral values keep ".0" (Spark's form);
/// NaN and infinities as `NaN`, `Infinity`, `-Infinity`.
std::string FormatDouble(double v);
size_t FormatDouble(double v, char* buf); // buf >= 32

/// Intervals print as `INTERVAL '<seconds>' SECOND` (fraction when needed).
std::string FormatInterval(int64_t micros);

/// A duration option such as '30s', '500ms', '5 minutes', '2h', '7d' or '1w' (a bare number is
/// milliseconds), in microseconds; false for anything else.
bool ParseDurationMicros(std::string_view text, int64_t* micros);

/// Strict parsers: the whole text must be the value (surrounding spaces allowed).
bool ParseInt64(std::string_view s, int64_t* out);
bool ParseInt32(std::string_view s, int32_t* out);
bool ParseDouble(std::string_view s, double* out);
/// `true`/`false` (any case), also `1`/`0`.
bool ParseBool(std::string_view s, bool* out);

/// 10^n as a decimal, n in [0, 38].
sl_decimal Pow10(int n);

} // namespace sluice::rt
