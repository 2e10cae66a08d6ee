#pragma once

#include <memory>
#include <string>

#include "runtime/common/batch.h"
#include "runtime/engine/query_spec.h"

namespace sluice::rt {

/// Turns batches into the bytes of an output file. The extension point for output formats: one subclass
/// per format.
///
/// Contract: BeginFile appends what starts every file (a CSV header line, or nothing); Encode appends the
/// rows of a batch whose columns are the schema given at construction, each row ending with '\n'. Output
/// is a pure function of the values (no clock, no randomness), so a re-run batch writes identical bytes.
/// Values use the text forms of value_format. Encoders reuse their buffers: no heap allocation per value.
class RowEncoder {
public:
    explicit RowEncoder(Schema schema) : schema_(std::move(schema)) {}
    virtual ~RowEncoder() = default;

    virtual void BeginFile(std::string& out) {}
    virtual void Encode(const Batch& rows, std::string& out) = 0;
    /// File name extension without the dot: "csv", "json".
    virtual const char* Extension() const = 0;

    const Schema& schema() const { return schema_; }

protected:
    /// Bytes FormatValue may write.
    static constexpr size_t kValueBufferBytes = 64;
    /// Writes the value_format text of a non-NULL, non-STRING value into `buf`; returns its length.
    static size_t FormatValue(const Batch& rows, int col, int64_t row, char* buf);

    Schema schema_;
};

/// Creates the encoder of `format` ("csv" with its format options, "json"); throws QueryError for an unknown
/// format or bad options.
std::unique_ptr<RowEncoder> CreateRowEncoder(const std::string& format, const Schema& schema,
                                             const Options& format_options);

} // namespace sluice::rt
