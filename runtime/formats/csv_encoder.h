#pragma once

#include <array>

#include "runtime/formats/csv_options.h"
#include "runtime/formats/row_encoder.h"

namespace sluice::rt {

/// Encodes batches as CSV that CsvDecoder reads back to the same values: fields separated by the delimiter,
/// rows ending with '\n', NULL written as null_value. A field is quoted only when it must be: it contains
/// the delimiter, the quote or a line break, it equals null_value (so a string "" or "NULL" does not read
/// back as NULL), or it is the empty value of a one-column schema (an empty line would be skipped).
/// With quoting off (`quote = ''`), a value that needs quotes is an error; one equal to null_value is
/// written as is and reads back as NULL.
class CsvEncoder : public RowEncoder {
public:
    CsvEncoder(Schema schema, CsvOptions options);

    /// The column names, when the header option is set.
    void BeginFile(std::string& out) override;
    void Encode(const Batch& rows, std::string& out) override;
    const char* Extension() const override { return "csv"; }

private:
    void AppendField(std::string& out, std::string_view text, int col) const;

    CsvOptions options_;
    /// Bytes that force quoting: delimiter, quote, '\n', '\r'.
    std::array<bool, 256> special_{};
};

} // namespace sluice::rt
