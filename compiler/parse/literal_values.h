#pragma once

// Interval units and amounts. The parser uses these to reject invalid interval literals (E0102);
// later phases can use them to turn a literal into microseconds. (TIMESTAMP and DATE literals use
// the runtime's text forms, runtime/common/value_format.h, like CAST and the formats do.)

#include <cstdint>
#include <optional>
#include <string_view>

#include "compiler/ast/ast.h"

namespace sluice::parse {

/// The unit a word names, singular or plural, in any case (`second`, `SECONDS`), or nullopt.
std::optional<ast::IntervalUnit> ParseIntervalUnit(std::string_view word);

/// "SECOND", "MINUTE", ...
std::string_view IntervalUnitName(ast::IntervalUnit unit);

/// Microseconds in one unit.
int64_t IntervalUnitMicros(ast::IntervalUnit unit);

/// `amount` units in microseconds; `amount` is `[+|-]digits[.digits]`. nullopt when the amount is
/// malformed, the result overflows 64 bits, or it is not a whole number of microseconds.
std::optional<int64_t> IntervalMicros(std::string_view amount, ast::IntervalUnit unit);

} // namespace sluice::parse
