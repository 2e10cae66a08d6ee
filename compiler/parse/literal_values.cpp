#include "compiler/parse/literal_values.h"

#include <array>
#include <limits>

#include "compiler/common/strings.h"

namespace sluice::parse {

namespace {

struct UnitInfo {
    std::string_view name;
    ast::IntervalUnit unit;
    int64_t micros;
};

/// In the order of ast::IntervalUnit, which indexes it.
constexpr std::array<UnitInfo, 7> kUnits = {{
    {"MICROSECOND", ast::IntervalUnit::Microsecond, 1},
    {"MILLISECOND", ast::IntervalUnit::Millisecond, 1000},
    {"SECOND", ast::IntervalUnit::Second, 1000000},
    {"MINUTE", ast::IntervalUnit::Minute, 60LL * 1000000},
    {"HOUR", ast::IntervalUnit::Hour, 3600LL * 1000000},
    {"DAY", ast::IntervalUnit::Day, 86400LL * 1000000},
    {"WEEK", ast::IntervalUnit::Week, 7 * 86400LL * 1000000},
}};
static_assert(kUnits[static_cast<size_t>(ast::IntervalUnit::Week)].unit == ast::IntervalUnit::Week);

const UnitInfo& Info(ast::IntervalUnit unit) {
    return kUnits[static_cast<size_t>(unit)];
}

} // namespace

std::optional<ast::IntervalUnit> ParseIntervalUnit(std::string_view word) {
    std::string upper = ToUpper(word);
    if (upper.size() > 1 && upper.back() == 'S')
        upper.pop_back();
    for (const UnitInfo& info : kUnits)
        if (upper == info.name)
            return info.unit;
    return std::nullopt;
}

std::string_view IntervalUnitName(ast::IntervalUnit unit) {
    return Info(unit).name;
}

int64_t IntervalUnitMicros(ast::IntervalUnit unit) {
    return Info(unit).micros;
}

std::optional<int64_t> IntervalMicros(std::string_view amount, ast::IntervalUnit unit) {
    size_t pos = 0;
    bool negative = false;
    if (pos < amount.size() && (amount[pos] == '-' || amount[pos] == '+'))
        negative = amount[pos++] == '-';
    __int128 whole = 0;
    size_t digits = 0; // before and after the point; an amount needs at least one
    for (; pos < amount.size() && amount[pos] >= '0' && amount[pos] <= '9'; ++pos, ++digits) {
        whole = whole * 10 + (amount[pos] - '0');
        if (whole > std::numeric_limits<int64_t>::max())
            return std::nullopt;
    }
    std::string_view fraction;
    if (pos < amount.size() && amount[pos] == '.') {
        size_t begin = ++pos;
        while (pos < amount.size() && amount[pos] >= '0' && amount[pos] <= '9')
            ++pos;
        fraction = amount.substr(begin, pos - begin);
        digits += fraction.size();
        while (!fraction.empty() && fraction.back() == '0')
            fraction.remove_suffix(1);
    }
    if (pos != amount.size() || digits == 0)
        return std::nullopt;
    int64_t unit_micros = IntervalUnitMicros(unit);
    __int128 micros = whole * unit_micros;
    if (!fraction.empty()) {
        // A fraction must come to whole microseconds: 1.5 SECOND is fine, 0.0000001 SECOND is not.
        if (fraction.size() > 18)
            return std::nullopt;
        __int128 numerator = 0, denominator = 1;
        for (char c : fraction) {
            numerator = numerator * 10 + (c - '0');
            denominator *= 10;
        }
        numerator *= unit_micros;
        if (numerator % denominator != 0)
            return std::nullopt;
        micros += numerator / denominator;
    }
    if (micros > std::numeric_limits<int64_t>::max())
        return std::nullopt;
    return static_cast<int64_t>(negative ? -micros : micros);
}

} // namespace sluice::parse
