#pragma once

// Values of a batch as text, in value_format's forms: what the memory and console sinks show, and what
// the memory source parses back (with ColumnWriter::ParseText).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/common/batch.h"

namespace sluice::rt {

/// A row as text: one value per column; nullopt is NULL (distinct from the text "null").
using TextRow = std::vector<std::optional<std::string>>;

/// The text of the value at (col, row), or nullopt when it is NULL.
std::optional<std::string> CellText(const Batch& batch, int col, int64_t row);

} // namespace sluice::rt
