#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/common/batch.h"
#include "runtime/engine/clock.h"
#include "runtime/engine/query_spec.h"

namespace sluice::rt {

/// A position in a source's input, chosen by the source (file log index, row count, Kafka offsets
/// per partition...). Stored as JSON in the offsets log, so it must round-trip through JSON.
using Offset = nlohmann::json;

/// Counters a source reports for one batch; they go into the batch's progress record.
struct SourceMetrics {
    int64_t rows_skipped = 0;     // bad rows dropped by on_error = 'skip'
    int64_t rows_dead_letter = 0; // bad rows written to the dead-letter directory
};

/// What the engine gives a source when it creates it.
struct SourceEnv {
    std::string query_name;
    /// A directory private to this source inside the checkpoint (for its own metadata, such as the file
    /// source's log of seen files), or "" when the query has no checkpoint.
    std::string metadata_dir;
    /// Rows per batch a reader should aim for (a batch may be split into many such chunks).
    int64_t chunk_rows = 8192;
    /// The query's clock (a manual clock in tests): sources that depend on wall-clock time use it.
    const Clock* clock = nullptr;
    /// Notices that do not stop the query (a file the file source could not clean up), one line each;
    /// the engine prefixes the query name and sends them where QueryOptions::log says. Empty = stderr.
    std::function<void(const std::string&)> log;
};

/// Yields the rows of one planned range as a sequence of batches.
///
/// Contract (all calls on the query's thread): Next() until it returns nullptr; after each chunk the
/// engine runs the pipeline on it and, when that fails, asks DescribeRow about one of its rows before
/// calling Next() again. So a reader remembers where the rows of the chunk it returned last came from,
/// and nothing about earlier chunks (a reader may recycle a chunk's batch for the next one).
class SourceReader {
public:
    virtual ~SourceReader() = default;
    /// The next chunk of rows (columns in SourceSpec::projection order), or nullptr at the end.
    /// Throws QueryError for a bad row when on_error = 'fail'.
    virtual BatchPtr Next() = 0;
    /// Where row `row` of the chunk most recently returned by Next() came from, for runtime error
    /// messages: "file data/in/a.csv, line 17", "nexmark event 1234".
    virtual std::string DescribeRow(int64_t row) const = 0;
};

/// A streaming input. Contract (modeled on Spark's MicroBatchStream), all calls on the query's thread:
///
///   Open(last)            once, before anything else; `last` is the end offset of the last batch in
///                         the offsets log (resuming) or null (fresh start). When that batch is
///                         pending (logged, not committed), `last` is its END offset: the engine
///                         re-runs it from the previous batch's end, or from InitialOffset() when the
///                         pending batch is batch 0.
///   InitialOffset()       the offset before any data: on a fresh start, and after a restart whose
///                         offsets log holds only a pending batch 0. InitialOffset must return the same
///                         value after a restart whose offsets log holds a batch 0 as it did when that
///                         batch was planned, or the re-run would read other rows (derive it from
///                         Open's `last`, not from the clock).
///   LatestOffset(start)   plans the next batch: the end offset of the data available now after `start`,
///                         applying the source's rate limits. Returns `start` when nothing is new.
///   Read(start, end, m)   the rows in (start, end]. Must yield the same rows for the same offsets,
///                         also after a restart: this is what makes a re-run batch exactly the same.
///   Commit(end)           batch ending at `end` is durable in the commit log: the source may forget
///                         or clean up what lies before it.
///   PrepareForAvailableNow()  AVAILABLE NOW: fix the end of the data to what exists now;
///                         LatestOffset must not move past it (it still applies rate limits).
///   Exhausted(offset)     true when a finite source has nothing after `offset`, ever.
class Source {
public:
    virtual ~Source() = default;
    virtual void Open(const Offset& last) {}
    virtual Offset InitialOffset() = 0;
    virtual Offset LatestOffset(const Offset& start) = 0;
    virtual std::unique_ptr<SourceReader> Read(const Offset& start, const Offset& end,
                                               SourceMetrics& metrics) = 0;
    virtual void Commit(const Offset& end) {}
    virtual void PrepareForAvailableNow() {}
    /// TRIGGER ONCE reads everything available, ignoring rate limits.
    virtual void IgnoreRateLimits() {}
    virtual bool Exhausted(const Offset& offset) { return false; }
    /// For progress: "FileSource[data/in]", "NexmarkSource[bid]".
    virtual std::string Description() const = 0;
    /// Rows in (start, end] when the source can tell without reading (for progress), else -1.
    virtual int64_t CountRows(const Offset& start, const Offset& end) { return -1; }
};

/// Creates the source for a spec; throws QueryError for options the runtime rejects.
std::unique_ptr<Source> CreateSource(const SourceSpec& spec, const SourceEnv& env);

/// The schema of the batches a reader yields: the declared columns `projection` names, in that order.
/// Throws QueryError for an index outside `declared` or a column named twice.
Schema ProjectedSchema(const Schema& declared, const std::vector<int>& projection);
/// The same for a source's spec; errors name the source.
Schema ProjectedSchema(const SourceSpec& spec);

/// An error that stops a query: bad input with on_error = 'fail', I/O failures, corrupt checkpoints.
class QueryError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace sluice::rt
