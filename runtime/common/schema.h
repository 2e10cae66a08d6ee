#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sluice/abi.h"

namespace sluice::rt {

/// The runtime's view of a column type: the physical layout plus DECIMAL's precision and scale.
struct ColumnType {
    sl_type_id id = SL_TYPE_BIGINT;
    uint8_t precision = 0;
    uint8_t scale = 0;

    bool operator==(const ColumnType&) const = default;
    /// Bytes per value in a column.
    int Width() const;
    std::string ToString() const;
};

/// A named column of a batch.
struct ColumnSchema {
    std::string name;
    ColumnType type;
};

using Schema = std::vector<ColumnSchema>;

/// "BIGINT", "DECIMAL(10,2)"... parsed back by ParseColumnType (used by serialized query specs).
bool ParseColumnType(const std::string& text, ColumnType* out);

} // namespace sluice::rt
