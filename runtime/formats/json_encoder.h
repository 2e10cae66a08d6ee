#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "runtime/formats/row_encoder.h"

namespace sluice::rt {

/// Encodes batches as JSON lines, one object per row with the columns in schema order. NULL fields are
/// omitted (Spark's default). BOOLEAN, INT, BIGINT, DOUBLE and DECIMAL are JSON numbers and booleans
/// (DECIMAL with all its digits); TIMESTAMP, DATE, INTERVAL and the non-finite doubles NaN, Infinity and
/// -Infinity, which JSON numbers cannot express, are strings in value_format's form. JsonDecoder reads
/// every one of them back to the same value.
class JsonEncoder : public RowEncoder {
public:
    explicit JsonEncoder(Schema schema);

    void Encode(const Batch& rows, std::string& out) override;
    const char* Extension() const override { return "json"; }

    /// Appends `s` as a JSON string literal: quotes, escapes for '"', '\\' and control characters, and
    /// U+FFFD for each byte that is not part of valid UTF-8 (so the output is always valid JSON).
    static void AppendJsonString(std::string& out, std::string_view s);

private:
    /// `"name":` of every column, escaped once.
    std::vector<std::string> keys_;
};

} // namespace sluice::rt
