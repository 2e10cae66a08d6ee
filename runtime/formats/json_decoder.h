#pragma once

#include <memory>
#include <string>
#include <vector>

#include "runtime/formats/row_decoder.h"

namespace sluice::rt {

/// Decodes JSON lines (one object per line, simdjson On-Demand) into batches. Fields match projected
/// columns by name, ASCII case-insensitively; a missing field or JSON null is NULL, extra fields are
/// ignored, and of a field given twice the last wins. Blank lines are skipped.
///
/// Values by column type:
///   STRING      a JSON string; a number, boolean, object or array is kept as its JSON text (as Spark does).
///   BOOLEAN     true/false, or a string value_format reads as a boolean.
///   INT/BIGINT  an integral number in range; DOUBLE any number; DECIMAL a number (its exact text, so no
///               binary rounding) - each also from a string holding the value_format text.
///   TIMESTAMP   a string in value_format's form, or a number of seconds since the epoch (Spark's rule).
///   DATE        a string in value_format's form. INTERVAL: `INTERVAL '1.5' SECOND` or seconds.
/// Anything else is a bad row, as are invalid JSON, a line that is not an object and text after the object.
/// Validation is On-Demand's: the values of fields that no column asks for are skipped, not fully checked.
class JsonDecoder : public RowDecoder {
public:
    JsonDecoder(const Schema& declared, const std::vector<int>& projection, BadRowHandler& bad_rows);
    ~JsonDecoder() override;

    size_t Decode(std::string_view input, bool at_end, Batch& out, int64_t max_rows,
                  RowOrigins* origins) override;

private:
    struct Parser;

    /// Decodes the object on one line into `row`; false (after reporting) for a bad row.
    bool DecodeLine(const char* data, size_t len, size_t capacity, int64_t row, int64_t line);
    /// The batch column named `key` (ASCII case-insensitive), or -1. `ordinal` is the field's position in
    /// its object: objects of one file usually list their fields in the same order, so the column matched
    /// at that position in the previous row is tried first.
    int MatchColumn(std::string_view key, size_t ordinal);

    std::unique_ptr<Parser> parser_;
    /// Projected column names in lower case, by batch column.
    std::vector<std::string> lower_names_;
    /// Per batch column: set when the current object has the field.
    std::vector<uint8_t> seen_;
    /// Per field position: the column matched there in the previous row, or -1.
    std::vector<int> hint_;
};

} // namespace sluice::rt
