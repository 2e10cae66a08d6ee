#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/common/batch.h"
#include "runtime/common/schema.h"
#include "runtime/formats/cell_text.h"

namespace sluice::rt {

/// The process-wide registry of named in-memory streams that `memory` sources read: tests and the
/// end-to-end runner feed them, like Spark's MemoryStream. A stream is named after its source (any
/// case) and is a sequence of adds; each AddData call is one add, one step of the source's offset,
/// even when it has no rows. Streams outlive queries, so a restarted query finds its data again, until
/// Reset. Data may be fed before any query has declared the stream (as Spark tests AddData before
/// StartStream): it is kept as text and parsed when the stream is declared. All functions are
/// thread-safe.
///
///   MemoryStreams::AddData("bids", {{"1", "100"}, {"2", std::nullopt}});   // add 1: (1, 100), (2, NULL)
///   MemoryStreams::AddData("bids", {});                                    // add 2: no rows
class MemoryStreams {
public:
    /// Makes the stream exist with these columns (a memory source declares its stream when created),
    /// parsing the adds fed before: a value among them that does not parse is a QueryError that leaves
    /// the stream undeclared. Redeclaring with the same column types is a no-op; different types
    /// replace the schema of a stream without adds and are a QueryError otherwise.
    static void Declare(const std::string& name, const Schema& schema);

    /// Appends one add. Each value is parsed by its column's type in value_format's text form (as the
    /// file source reads it: ColumnWriter::ParseText); a row of the wrong width or a value that does not
    /// parse is a QueryError naming the stream, add, row and column, and adds nothing (for a stream not
    /// declared yet, parsing and its errors wait for Declare). Returns the number of adds now in the
    /// stream.
    static int64_t AddData(const std::string& name, const std::vector<TextRow>& rows);
    /// Declare, then AddData: parses at once.
    static int64_t AddData(const std::string& name, const Schema& schema, const std::vector<TextRow>& rows);

    /// Adds so far (0 for a stream that does not exist).
    static int64_t NumAdds(const std::string& name);
    /// The schema of a declared stream.
    static std::optional<Schema> SchemaOf(const std::string& name);
    /// Adds number from + 1 .. to (adds count from 1), each a batch of all declared columns. Throws
    /// QueryError when the stream has fewer than `to` adds.
    static std::vector<std::shared_ptr<const Batch>> Adds(const std::string& name, int64_t from, int64_t to);

    /// Forgets every stream.
    static void Reset();
};

} // namespace sluice::rt
