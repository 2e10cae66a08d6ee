#pragma once

// ASCII case folding for names: connector names, column names of the generator sources, sink and stream
// names. SQL identifiers fold case by ASCII rules only, so a locale-dependent tolower would be wrong here.

#include <string>
#include <string_view>

namespace sluice::rt {

/// `s` with A-Z turned into a-z; other bytes (UTF-8 included) unchanged.
std::string AsciiLower(std::string_view s);

/// Whether `a` and `b` are equal ignoring the case of A-Z.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

} // namespace sluice::rt
