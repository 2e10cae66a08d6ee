#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sluice {

std::string ToLower(std::string_view s);
std::string ToUpper(std::string_view s);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
/// Levenshtein distance.
size_t EditDistance(std::string_view a, std::string_view b);
std::string Join(const std::vector<std::string>& parts, std::string_view sep);
/// A SQL string literal for `s`: single-quoted, with quotes doubled.
std::string QuoteSql(std::string_view s);

} // namespace sluice
