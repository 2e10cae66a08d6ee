// TO_TIMESTAMP and DATE_FORMAT with Spark's datetime pattern letters (UTC).
//
// Supported pattern (the subset of Spark's that has no text fields and no time zones):
//   y, yyy, yyyy  year; formatting pads to the letter count, parsing takes 4 digits for yyyy and
//                 1-4 digits otherwise
//   yy            two-digit year: formats the last two digits, parses into 2000-2099
//   M MM, d dd, H HH, m mm, s ss   month, day, hour (0-23), minute, second; the double letter is
//                 exactly two digits, the single letter 1-2 digits when parsing and unpadded when
//                 formatting
//   S ... (1-9)   fraction of the second: formatting writes that many digits (truncating; zeros past
//                 microseconds), parsing accepts 1 up to that many digits
//   'text'        literal text ('' is a quote, inside or outside quotes); any other character that
//                 is not a letter is literal too
// Any other letter, and Spark's optional-section and reserved characters [ ] { } #, make the
// pattern invalid: SL_ERR_INVALID_ARG. A string that does not match a valid pattern is NULL.
//
// Years are proleptic Gregorian and formatted with a minus sign before year 0 (Spark writes eras).

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/common/value_format.h"
#include "sluice/stdlib.h"
#include "stdlib/scalar/inline/civil_time.h"
#include "stdlib/scalar/inline/str_util.h"
#include "stdlib/scalar/text_keyed_cache.h"

using namespace sluice::stdlib;

namespace {

/// What one element of a pattern stands for.
enum class Field : uint8_t {
    kLiteral,
    kYear,
    kYearOfCentury,
    kMonth,
    kDay,
    kHour,
    kMinute,
    kSecond,
    kFraction
};

/// One element of a compiled pattern: a field with its letter count, or literal text.
struct Token {
    Field field;
    int width;
    std::string literal;
};

/// Compiles `fmt`; false when it uses a letter or letter count outside the supported set.
bool CompilePattern(std::string_view fmt, std::vector<Token>* tokens) {
    auto append_literal = [&](char c) {
        if (tokens->empty() || tokens->back().field != Field::kLiteral)
            tokens->push_back(Token{Field::kLiteral, 0, {}});
        tokens->back().literal += c;
    };
    for (size_t i = 0; i < fmt.size();) {
        const char c = fmt[i];
        if (c == '\'') {
            if (i + 1 < fmt.size() && fmt[i + 1] == '\'') { // '' outside quotes
                append_literal('\'');
                i += 2;
                continue;
            }
            // Quoted text runs to the next lone quote; '' inside stands for one quote.
            size_t j = i + 1;
            for (;;) {
                if (j >= fmt.size())
                    return false; // unterminated quote
                if (fmt[j] == '\'') {
                    if (j + 1 < fmt.size() && fmt[j + 1] == '\'') {
                        append_literal('\'');
                        j += 2;
                        continue;
                    }
                    break;
                }
                append_literal(fmt[j++]);
            }
            i = j + 1;
            continue;
        }
        if (c == '[' || c == ']' || c == '{' || c == '}' || c == '#')
            return false;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
            append_literal(c);
            ++i;
            continue;
        }
        size_t run = 1;
        while (i + run < fmt.size() && fmt[i + run] == c)
            ++run;
        Field field;
        int max_width = 2;
        switch (c) {
        case 'y':
            field = run == 2 ? Field::kYearOfCentury : Field::kYear;
            max_width = 4;
            break;
        case 'M':
            field = Field::kMonth;
            break;
        case 'd':
            field = Field::kDay;
            break;
        case 'H':
            field = Field::kHour;
            break;
        case 'm':
            field = Field::kMinute;
            break;
        case 's':
            field = Field::kSecond;
            break;
        case 'S':
            field = Field::kFraction;
            max_width = 9;
            break;
        default:
            return false;
        }
        if (run > static_cast<size_t>(max_width))
            return false;
        tokens->push_back(Token{field, static_cast<int>(run), {}});
        i += run;
    }
    return true;
}

/// A compiled pattern, or the fact that the text is not a valid pattern.
struct CompiledPattern {
    bool ok = false;
    std::vector<Token> tokens;
};

/// The compiled form of `fmt`, compiled once per thread.
const CompiledPattern& CompiledFormat(const sl_str* fmt) {
    thread_local TextKeyedCache<CompiledPattern> cache(256);
    return cache.Get(std::string_view(fmt->ptr, fmt->len), [](std::string_view text) {
        auto pattern = std::make_unique<CompiledPattern>();
        pattern->ok = CompilePattern(text, &pattern->tokens);
        return pattern;
    });
}

/// Appends `v` (>= 0) in decimal, left-padded with zeros to `width` digits.
void AppendNumber(std::string& out, int64_t v, int width) {
    char digits[24];
    int n = 0;
    do {
        digits[n++] = static_cast<char>('0' + v % 10);
        v /= 10;
    } while (v != 0);
    for (int i = n; i < width; ++i)
        out += '0';
    while (n > 0)
        out += digits[--n];
}

/// Reads between `min_digits` and `max_digits` digits (as many as there are) at `pos`.
bool ReadNumber(std::string_view s, size_t& pos, int min_digits, int max_digits, int64_t* value) {
    int64_t v = 0;
    int n = 0;
    while (n < max_digits && pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        v = v * 10 + (s[pos++] - '0');
        ++n;
    }
    *value = v;
    return n >= min_digits;
}

/// Values parsed so far; a field given twice must agree with itself.
struct ParsedFields {
    int64_t value[9] = {0, 1970, 0, 1, 1, 0, 0, 0, 0}; ///< indexed by Field; defaults 1970-01-01 00:00:00
    bool seen[9] = {};

    bool Set(Field f, int64_t v) {
        const int i = static_cast<int>(f == Field::kYearOfCentury ? Field::kYear : f);
        if (seen[i] && value[i] != v)
            return false;
        seen[i] = true;
        value[i] = v;
        return true;
    }
    int64_t Get(Field f) const { return value[static_cast<int>(f)]; }
};

/// Parses `s` as the whole of `pattern`; false when it does not match or names an invalid date.
bool ParseWithPattern(std::string_view s, const std::vector<Token>& pattern, int64_t* micros) {
    ParsedFields fields;
    size_t pos = 0;
    for (const Token& t : pattern) {
        int64_t v;
        switch (t.field) {
        case Field::kLiteral:
            if (s.substr(pos, t.literal.size()) != t.literal)
                return false;
            pos += t.literal.size();
            continue;
        case Field::kYear:
            if (!ReadNumber(s, pos, t.width == 4 ? 4 : 1, 4, &v))
                return false;
            break;
        case Field::kYearOfCentury:
            if (!ReadNumber(s, pos, 2, 2, &v))
                return false;
            v += 2000;
            break;
        case Field::kFraction: {
            int64_t digits_start = static_cast<int64_t>(pos);
            if (!ReadNumber(s, pos, 1, t.width, &v))
                return false;
            // Scale to microseconds: digits past the sixth are dropped.
            for (int64_t n = static_cast<int64_t>(pos) - digits_start; n < 6; ++n)
                v *= 10;
            for (int64_t n = static_cast<int64_t>(pos) - digits_start; n > 6; --n)
                v /= 10;
            break;
        }
        default:
            if (!ReadNumber(s, pos, t.width, 2, &v))
                return false;
            break;
        }
        if (!fields.Set(t.field, v))
            return false;
    }
    if (pos != s.size())
        return false;
    const int64_t year = fields.Get(Field::kYear), month = fields.Get(Field::kMonth),
                  day = fields.Get(Field::kDay);
    const int64_t hour = fields.Get(Field::kHour), minute = fields.Get(Field::kMinute),
                  second = fields.Get(Field::kSecond);
    if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, static_cast<unsigned>(month)) ||
        hour > 23 || minute > 59 || second > 59)
        return false;
    const int64_t days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    *micros = days * kMicrosPerDay + hour * kMicrosPerHour + minute * kMicrosPerMinute +
              second * kMicrosPerSecond + fields.Get(Field::kFraction);
    return true;
}

/// Formats `ts` with `pattern` into `out`.
void FormatWithPattern(int64_t ts, const std::vector<Token>& pattern, std::string& out) {
    const int64_t days = FloorDiv(ts, kMicrosPerDay), time = FloorMod(ts, kMicrosPerDay);
    const CivilDate date = CivilFromDays(days);
    for (const Token& t : pattern) {
        switch (t.field) {
        case Field::kLiteral:
            out += t.literal;
            break;
        case Field::kYear:
            if (date.year < 0)
                out += '-';
            AppendNumber(out, date.year < 0 ? -date.year : date.year, t.width);
            break;
        case Field::kYearOfCentury:
            AppendNumber(out, FloorMod(date.year, 100), 2);
            break;
        case Field::kMonth:
            AppendNumber(out, date.month, t.width);
            break;
        case Field::kDay:
            AppendNumber(out, date.day, t.width);
            break;
        case Field::kHour:
            AppendNumber(out, time / kMicrosPerHour, t.width);
            break;
        case Field::kMinute:
            AppendNumber(out, time / kMicrosPerMinute % 60, t.width);
            break;
        case Field::kSecond:
            AppendNumber(out, time / kMicrosPerSecond % 60, t.width);
            break;
        case Field::kFraction: {
            const size_t start = out.size();
            AppendNumber(out, time % kMicrosPerSecond, 6);
            out.resize(start + static_cast<size_t>(t.width), '0'); // cuts to or pads past microseconds
            break;
        }
        }
    }
}

} // namespace

extern "C" {

int32_t sl_fn_to_timestamp_str(sl_ctx*, int64_t* out, const sl_str* s) {
    int64_t ts;
    if (!sluice::rt::ParseTimestamp(std::string_view(s->ptr, s->len), &ts))
        return -1;
    *out = ts;
    return 0;
}

int32_t sl_fn_to_timestamp_str_str(sl_ctx*, int64_t* out, const sl_str* s, const sl_str* format) {
    const CompiledPattern& pattern = CompiledFormat(format);
    if (!pattern.ok)
        return SL_ERR_INVALID_ARG;
    int64_t ts;
    if (!ParseWithPattern(std::string_view(s->ptr, s->len), pattern.tokens, &ts))
        return -1;
    *out = ts;
    return 0;
}

int32_t sl_fn_date_format_ts_str(sl_ctx* ctx, sl_str* out, int64_t ts, const sl_str* format) {
    const CompiledPattern& pattern = CompiledFormat(format);
    if (!pattern.ok)
        return SL_ERR_INVALID_ARG;
    thread_local std::string text;
    text.clear();
    FormatWithPattern(ts, pattern.tokens, text);
    if (text.size() > SL_FN_MAX_STRING_BYTES)
        return SL_ERR_INVALID_ARG;
    char* buf = AllocStr(ctx, text.size());
    memcpy(buf, text.data(), text.size());
    SetStr(out, buf, static_cast<uint32_t>(text.size()));
    return 0;
}

} // extern "C"
