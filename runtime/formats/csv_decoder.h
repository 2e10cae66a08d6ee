#pragma once

#include <array>
#include <string>
#include <vector>

#include "runtime/formats/csv_options.h"
#include "runtime/formats/row_decoder.h"

namespace sluice::rt {

/// Decodes CSV (RFC 4180) into batches. Fields are positional in the declared schema and only projected
/// fields are converted. Quoted fields may hold delimiters, doubled quotes and line breaks; records end
/// with LF or CRLF. A quoted "" is an empty string, while an unquoted field equal to null_value (by default
/// the empty field) is NULL. Blank lines are skipped, as in Spark, so a one-column file cannot hold a NULL
/// written as an empty line.
///
/// Bad records: a wrong field count, a value that is not of its column's type, text after a closing quote,
/// or a quote that is never closed. A malformed record (the last two) costs only its first physical line:
/// decoding resumes on the next line, so that one stray quote cannot swallow the good rows after it.
class CsvDecoder : public RowDecoder {
public:
    CsvDecoder(const Schema& declared, const std::vector<int>& projection, CsvOptions options,
               BadRowHandler& bad_rows);

    void BeginInput(int32_t input) override;
    size_t Decode(std::string_view input, bool at_end, Batch& out, int64_t max_rows,
                  RowOrigins* origins) override;

private:
    /// One field of the record being decoded, as byte offsets into the input.
    struct Field {
        size_t begin;
        size_t end;
        bool quoted;
        /// The field contains doubled quotes that must be collapsed.
        bool escaped;
    };
    /// What ScanRecord found at a position: a record, a blank line, a broken record (reported as a bad
    /// row), or too few bytes to tell.
    enum class Scan { Record, Blank, Malformed, NeedMore };
    /// Where a scanned record ends.
    struct Extent {
        size_t end;  // end of the record's text, without its line break
        size_t next; // start of the next record
        int64_t newlines;
        const char* error; // for Malformed
    };

    Scan ScanRecord(const char* data, size_t size, size_t pos, bool at_end, Extent* extent);
    Scan Malformed(const char* data, size_t size, size_t pos, bool at_end, const char* error, Extent* extent);
    /// Converts the projected fields of the scanned record into `row`; false (after reporting) when one
    /// does not decode.
    bool ConvertRecord(const char* data, int64_t row, int64_t line, std::string_view raw);
    size_t Unescape(std::string_view text, char* out) const;
    /// The first delimiter or '\n' at or after `pos`, or `size`.
    size_t FindFieldEnd(const char* data, size_t pos, size_t size) const;

    CsvOptions options_;
    /// True for the bytes that end an unquoted field: the delimiter and '\n'.
    std::array<bool, 256> field_end_{};
    std::vector<Field> fields_;
    /// Scratch for a non-string field with doubled quotes.
    std::string unescaped_;
    /// The next record of the input is the header line.
    bool header_pending_ = false;
};

} // namespace sluice::rt
