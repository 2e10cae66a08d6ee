#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "runtime/common/batch.h"
#include "runtime/engine/query_spec.h"

namespace sluice::rt {

/// What the engine gives a sink when it creates it.
struct SinkEnv {
    std::string query_name;
    /// The query id (Checkpoint::metadata().query_id): the same across restarts from one checkpoint; new
    /// at every run of a query without a checkpoint. A sink that keeps output outside the checkpoint
    /// (the file sink's manifest) records it, so that it can tell its own earlier output from another
    /// query's.
    std::string query_id;
    /// The checkpoint already holds batches of this query: this run continues an earlier one, so output
    /// the sink finds may be its own (also when it was written before sinks recorded query ids).
    bool resuming = false;
    /// A directory private to the sink inside the checkpoint, or "" without a checkpoint.
    std::string metadata_dir;
};

/// An output. Contract (all calls on the query's thread, batch ids increasing except that a batch
/// may be repeated after a restart):
///
///   Open()                     once before the first batch.
///   BeginBatch(id)             a batch starts. Returns false when the sink already holds batch `id`
///                              completely (a re-run after a crash between the sink's commit and the
///                              engine's commit log): the engine then skips Write/CommitBatch for it.
///   Write(rows)                zero or more times: output rows of the batch (schema = SinkSpec::schema).
///                              The engine reuses `rows` once Write returns: keep copies, not references.
///   CommitBatch(id)            the batch is complete; on return it must be durable (exactly-once sinks)
///                              or delivered (console, memory).
///   Close()                    the query stops.
///
/// In UPDATE and COMPLETE mode each batch's rows are what the mode emits; a sink keeps no other state.
class Sink {
public:
    virtual ~Sink() = default;
    virtual void Open() {}
    virtual bool BeginBatch(int64_t batch_id) = 0;
    virtual void Write(const Batch& rows) = 0;
    virtual void CommitBatch(int64_t batch_id) = 0;
    virtual void Close() {}
    /// For progress: "ConsoleSink", "FileSink[out/]".
    virtual std::string Description() const = 0;
};

std::unique_ptr<Sink> CreateSink(const SinkSpec& spec, const SinkEnv& env);

} // namespace sluice::rt
