#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/common/batch.h"
#include "runtime/engine/query_spec.h"
#include "runtime/formats/bad_row_handler.h"
#include "runtime/formats/column_writer.h"
#include "runtime/formats/row_origins.h"

namespace sluice::rt {

/// Bytes after the end of the input given to RowDecoder::Decode that must be readable (their content does
/// not matter): the JSON decoder's SIMD parser reads ahead.
constexpr size_t kDecodePadding = 64;

/// Records (lines, CSV records with quoted line breaks) longer than this are bad rows: this bounds the
/// memory a reader needs when a quote is never closed or a file has no line breaks.
constexpr size_t kMaxRecordBytes = 128u << 20;

/// Turns the bytes of an input (a file, a record) into rows of a source batch whose columns are the
/// projection of the declared schema. The extension point for formats: one subclass per format.
///
/// Contract (all calls on one thread; one decoder per reader):
///   BeginInput(i)   a new input starts: lines count from 1 again, a UTF-8 byte order mark is dropped, and
///                   per-input state resets (CSV skips its header line again).
///   Decode(...)     any number of times per input, on consecutive pieces of it. Decodes complete records
///                   from the start of `input` and appends them as rows to `out` (whose capacity must be
///                   at least `max_rows`) until `out` holds `max_rows` rows or no complete record is left,
///                   and returns the bytes consumed, always ending on a record boundary. The caller passes
///                   the unconsumed rest again, followed by more data, or with `at_end` = true once the
///                   input has no more bytes (a last record without a line break is then complete).
///                   `kDecodePadding` readable bytes must follow `input`. For every row appended it calls
///                   origins->Add(input, row, line) (when origins is non-null); every bad record goes to
///                   the BadRowHandler (which may throw QueryError) and costs no other record. A record
///                   longer than max_record_bytes() is bad; decoding resumes after its first line.
/// Values are decoded with the text forms of value_format, strings copied into the batch's arena.
class RowDecoder {
public:
    RowDecoder(const Schema& declared, const std::vector<int>& projection, BadRowHandler& bad_rows);
    virtual ~RowDecoder() = default;

    virtual void BeginInput(int32_t input);
    virtual size_t Decode(std::string_view input, bool at_end, Batch& out, int64_t max_rows,
                          RowOrigins* origins) = 0;

    /// Schema of the batches to decode into: the projected columns in projection order.
    const Schema& output_schema() const { return output_schema_; }
    /// Line where the next record of the current input starts.
    int64_t line() const { return line_; }
    size_t max_record_bytes() const { return max_record_bytes_; }
    /// Lowers the record size limit (tests).
    void set_max_record_bytes(size_t bytes) { max_record_bytes_ = bytes; }

protected:
    /// Binds the column writers to `out`.
    void BindColumns(Batch& out);
    /// Drops a byte order mark at the start of an input. Returns the bytes to skip, or -1 when `input` is a
    /// proper prefix of a BOM and more data is needed to tell.
    int64_t SkipByteOrderMark(std::string_view input, bool at_end);
    /// The start of every Decode: drops a byte order mark at the start of an input and what is left of a
    /// dropped long line. Sets `pos` to where records start; false when Decode must return `pos` at once.
    bool StartDecode(std::string_view input, bool at_end, size_t* pos);
    /// Reports the record at `pos` as too long and returns where decoding resumes: after the end of the
    /// record's first line, or the end of `input` when that line goes on (SkipRestOfLine then drops the
    /// rest of it from the next pieces).
    size_t DropLongRecord(std::string_view input, size_t pos);
    /// The bytes at the start of `input` that still belong to a dropped long line.
    size_t SkipRestOfLine(std::string_view input);

    Schema declared_;
    Schema output_schema_;
    /// Per batch column, in projection order.
    std::vector<ColumnWriter> columns_;
    /// Per batch column: its declared column (SourceSpec::projection).
    std::vector<int> projection_;
    /// Per declared column: its batch column, or -1 when not projected.
    std::vector<int> batch_column_of_;
    BadRowHandler& bad_rows_;
    int32_t input_ = 0;
    int64_t line_ = 1;
    /// True until the first Decode of an input has looked for a byte order mark.
    bool at_input_start_ = true;
    size_t max_record_bytes_ = kMaxRecordBytes;
    /// In the middle of a dropped long line.
    bool skipping_line_ = false;
};

/// Creates the decoder of `format` ("csv", "json", "text"); throws QueryError for an unknown format, bad
/// format options, a projection index outside the schema, or a schema the format cannot fill (text needs
/// exactly one STRING column).
std::unique_ptr<RowDecoder> CreateRowDecoder(const std::string& format, const Schema& declared,
                                             const std::vector<int>& projection,
                                             const Options& format_options, BadRowHandler& bad_rows);

} // namespace sluice::rt
