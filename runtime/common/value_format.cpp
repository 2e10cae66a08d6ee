#include "runtime/common/value_format.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "runtime/common/text.h"

namespace sluice::rt {

namespace {

std::string_view Trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

// Reads exactly `n` digits at `pos`.
bool Digits(std::string_view s, size_t& pos, int n, int64_t* out) {
    int64_t v = 0;
    for (int i = 0; i < n; ++i, ++pos) {
        if (pos >= s.size() || s[pos] < '0' || s[pos] > '9')
            return false;
        v = v * 10 + (s[pos] - '0');
    }
    *out = v;
    return true;
}

bool IsLeap(int64_t y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned DaysInMonth(int64_t y, unsigned m) {
    static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Parses YYYY-MM-DD at the start of `s`, advancing pos.
bool ParseDatePart(std::string_view s, size_t& pos, int64_t* days) {
    int64_t y, m, d;
    if (!Digits(s, pos, 4, &y) || pos >= s.size() || s[pos++] != '-' || !Digits(s, pos, 2, &m) ||
        pos >= s.size() || s[pos++] != '-' || !Digits(s, pos, 2, &d))
        return false;
    if (m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, static_cast<unsigned>(m)))
        return false;
    *days = DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
    return true;
}

} // namespace

// Howard Hinnant's civil-from-days algorithms.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t* year, unsigned* month, unsigned* day) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t y = static_cast<int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *day = doy - (153 * mp + 2) / 5 + 1;
    *month = mp < 10 ? mp + 3 : mp - 9;
    *year = y + (*month <= 2);
}

size_t FormatDate(int32_t days, char* buf) {
    int64_t y;
    unsigned m, d;
    CivilFromDays(days, &y, &m, &d);
    return static_cast<size_t>(std::snprintf(buf, 32, "%04lld-%02u-%02u", static_cast<long long>(y), m, d));
}

std::string FormatDate(int32_t days) {
    char buf[32];
    return std::string(buf, FormatDate(days, buf));
}

size_t FormatTimestamp(int64_t micros, char* buf) {
    // Floor division without negating (negating INT64_MIN overflows).
    int64_t days = micros / kMicrosPerDay;
    int64_t rem = micros % kMicrosPerDay;
    if (rem < 0) {
        --days;
        rem += kMicrosPerDay;
    }
    int64_t y;
    unsigned m, d;
    CivilFromDays(days, &y, &m, &d);
    int64_t secs = rem / kMicrosPerSecond, frac = rem % kMicrosPerSecond;
    int n = std::snprintf(buf, 32, "%04lld-%02u-%02u %02lld:%02lld:%02lld", static_cast<long long>(y), m, d,
                          static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60),
                          static_cast<long long>(secs % 60));
    if (frac) {
        n += std::snprintf(buf + n, 32 - n, ".%06lld", static_cast<long long>(frac));
        while (buf[n - 1] == '0')
            --n;
    }
    buf[n] = 0;
    return static_cast<size_t>(n);
}

std::string FormatTimestamp(int64_t micros) {
    char buf[40];
    return std::string(buf, FormatTimestamp(micros, buf));
}

bool ParseDate(std::string_view s, int32_t* days) {
    s = Trim(s);
    size_t pos = 0;
    int64_t d;
    if (!ParseDatePart(s, pos, &d) || pos != s.size())
        return false;
    *days = static_cast<int32_t>(d);
    return true;
}

bool ParseTimestamp(std::string_view s, int64_t* micros) {
    s = Trim(s);
    size_t pos = 0;
    int64_t days;
    if (!ParseDatePart(s, pos, &days))
        return false;
    int64_t total = days * kMicrosPerDay;
    if (pos < s.size() && (s[pos] == ' ' || s[pos] == 'T')) {
        ++pos;
        int64_t h, mi, sec = 0;
        if (!Digits(s, pos, 2, &h) || pos >= s.size() || s[pos++] != ':' || !Digits(s, pos, 2, &mi))
            return false;
        if (pos < s.size() && s[pos] == ':') {
            ++pos;
            if (!Digits(s, pos, 2, &sec))
                return false;
        }
        if (h > 23 || mi > 59 || sec > 59)
            return false;
        int64_t frac = 0;
        if (pos < s.size() && s[pos] == '.') {
            ++pos;
            int digits = 0;
            while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
                if (digits < 6) {
                    frac = frac * 10 + (s[pos] - '0');
                    ++digits;
                }
                ++pos;
            }
            if (digits == 0)
                return false;
            for (; digits < 6; ++digits)
                frac *= 10;
        }
        total += ((h * 60 + mi) * 60 + sec) * kMicrosPerSecond + frac;
    }
    if (pos < s.size() && s[pos] == 'Z')
        ++pos;
    if (pos != s.size())
        return false;
    *micros = total;
    return true;
}

sl_decimal Pow10(int n) {
    sl_decimal v = 1;
    for (int i = 0; i < n; ++i)
        v *= 10;
    return v;
}

size_t FormatDecimalTo(sl_decimal v, int scale, char* buf) {
    bool negative = v < 0;
    // -(v + 1) + 1 negates without overflowing at the smallest value.
    unsigned __int128 u =
        negative ? static_cast<unsigned __int128>(-(v + 1)) + 1 : static_cast<unsigned __int128>(v);
    char digits[48];
    int n = 0;
    do {
        digits[n++] = static_cast<char>('0' + static_cast<int>(u % 10));
        u /= 10;
    } while (u);
    while (n <= scale)
        digits[n++] = '0';
    size_t len = 0;
    if (negative)
        buf[len++] = '-';
    for (int i = n - 1; i >= 0; --i) {
        buf[len++] = digits[i];
        if (i == scale && scale > 0)
            buf[len++] = '.';
    }
    return len;
}

std::string FormatDecimal(sl_decimal v, int scale) {
    char buf[48];
    return std::string(buf, FormatDecimalTo(v, scale, buf));
}

bool ParseDecimal(std::string_view s, int precision, int scale, sl_decimal* out) {
    s = Trim(s);
    bool negative = false;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    size_t dot = s.find('.');
    std::string_view int_part = s.substr(0, dot);
    std::string_view frac_part = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
    if (int_part.empty() && frac_part.empty())
        return false;
    const sl_decimal limit = Pow10(precision);
    // The integer part may use only precision - scale digits; checking that first also keeps the
    // scaling below from overflowing. The check comes before each multiplication: with precision 38,
    // one more digit than fits would overflow 128 bits (10^39 > 2^127) and wrap into a wrong value.
    const sl_decimal int_limit = Pow10(precision - scale);
    sl_decimal v = 0;
    for (char c : int_part) {
        if (c < '0' || c > '9')
            return false;
        if (v > (int_limit - 1) / 10)
            return false;
        v = v * 10 + (c - '0');
        if (v >= int_limit)
            return false;
    }
    bool round_up = false;
    for (size_t i = 0; i < frac_part.size(); ++i) {
        char c = frac_part[i];
        if (c < '0' || c > '9')
            return false;
        if (static_cast<int>(i) < scale)
            v = v * 10 + (c - '0');
        else if (static_cast<int>(i) == scale)
            round_up = c >= '5'; // half up, decided by the first dropped digit
    }
    for (int i = static_cast<int>(frac_part.size()); i < scale; ++i)
        v *= 10;
    if (round_up)
        v += 1;
    if (v >= limit)
        return false;
    *out = negative ? -v : v;
    return true;
}

size_t FormatDouble(double v, char* buf) {
    if (std::isnan(v))
        return static_cast<size_t>(std::snprintf(buf, 32, "NaN"));
    if (std::isinf(v))
        return static_cast<size_t>(std::snprintf(buf, 32, v > 0 ? "Infinity" : "-Infinity"));
    auto res = std::to_chars(buf, buf + 31, v);
    size_t n = static_cast<size_t>(res.ptr - buf);
    bool plain_integer = true;
    for (size_t i = 0; i < n; ++i)
        if (buf[i] == '.' || buf[i] == 'e' || buf[i] == 'E' || buf[i] == 'n' || buf[i] == 'i')
            plain_integer = false;
    if (plain_integer) {
        buf[n++] = '.';
        buf[n++] = '0';
    }
    buf[n] = 0;
    return n;
}

std::string FormatDouble(double v) {
    char buf[40];
    return std::string(buf, FormatDouble(v, buf));
}

std::string FormatInterval(int64_t micros) {
    std::string secs = FormatDecimal(micros, 6);
    while (secs.back() == '0')
        secs.pop_back();
    if (secs.back() == '.')
        secs.pop_back();
    return "INTERVAL '" + secs + "' SECOND";
}

namespace {
// Drops a leading '+' only when a digit follows, so that "+-5" stays invalid.
std::string_view StripPlus(std::string_view s) {
    if (s.size() > 1 && s[0] == '+' && ((s[1] >= '0' && s[1] <= '9') || s[1] == '.'))
        s.remove_prefix(1);
    return s;
}
} // namespace

bool ParseDurationMicros(std::string_view text, int64_t* micros) {
    static const std::pair<std::string_view, int64_t> kUnits[] = {
        {"ms", 1000},        {"s", 1000000},         {"sec", 1000000},
        {"second", 1000000}, {"seconds", 1000000},   {"m", 60000000},
        {"min", 60000000},   {"minute", 60000000},   {"minutes", 60000000},
        {"h", 3600000000},   {"hour", 3600000000},   {"hours", 3600000000},
        {"d", 86400000000},  {"day", 86400000000},   {"days", 86400000000},
        {"w", 604800000000}, {"week", 604800000000}, {"weeks", 604800000000},
        {"", 1000}};
    text = Trim(text);
    size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9')
        ++digits;
    int64_t amount = 0;
    if (digits == 0 || !ParseInt64(text.substr(0, digits), &amount))
        return false;
    std::string unit = AsciiLower(Trim(text.substr(digits)));
    for (const auto& [name, scale] : kUnits)
        if (unit == name)
            return !__builtin_mul_overflow(amount, scale, micros);
    return false;
}

bool ParseInt64(std::string_view s, int64_t* out) {
    s = StripPlus(Trim(s));
    auto res = std::from_chars(s.data(), s.data() + s.size(), *out);
    return res.ec == std::errc() && res.ptr == s.data() + s.size() && !s.empty();
}

bool ParseInt32(std::string_view s, int32_t* out) {
    int64_t v;
    if (!ParseInt64(s, &v) || v < INT32_MIN || v > INT32_MAX)
        return false;
    *out = static_cast<int32_t>(v);
    return true;
}

bool ParseDouble(std::string_view s, double* out) {
    s = StripPlus(Trim(s));
    if (s == "NaN") {
        *out = NAN;
        return true;
    }
    if (s == "Infinity" || s == "-Infinity") {
        *out = s[0] == '-' ? -INFINITY : INFINITY;
        return true;
    }
    // from_chars also reads "inf" and "nan"; only the spellings above name those values.
    size_t first = !s.empty() && s[0] == '-' ? 1 : 0;
    if (s.size() <= first || !((s[first] >= '0' && s[first] <= '9') || s[first] == '.'))
        return false;
    auto res = std::from_chars(s.data(), s.data() + s.size(), *out);
    return res.ec == std::errc() && res.ptr == s.data() + s.size();
}

bool ParseBool(std::string_view s, bool* out) {
    s = Trim(s);
    auto eq = [&](const char* w) { return EqualsIgnoreCase(s, w); };
    if (eq("true") || s == "1") {
        *out = true;
        return true;
    }
    if (eq("false") || s == "0") {
        *out = false;
        return true;
    }
    return false;
}

} // namespace sluice::rt
