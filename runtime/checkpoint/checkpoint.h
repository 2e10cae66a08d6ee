#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/checkpoint/log_store.h"
#include "runtime/common/file_lock.h"
#include "runtime/engine/query_spec.h"

namespace sluice::rt {

/// One entry of the offsets log: everything that fixes what batch `batch_id` computes, written before
/// the batch runs (write-ahead) so that a re-run after a crash computes exactly the same thing.
struct OffsetsEntry {
    int64_t batch_id = 0;
    /// The batch's CURRENT_TIMESTAMP / PROCTIME() and processing-time timeouts.
    int64_t batch_timestamp_us = 0;
    /// The event-time watermark the batch runs with (0 until watermarks are implemented).
    int64_t watermark_us = 0;
    /// End offset of every QuerySpec::sources entry, in that order (null for static sources).
    std::vector<nlohmann::json> sources;

    nlohmann::json ToJson() const;
    /// Throws std::runtime_error describing what is missing or malformed.
    static OffsetsEntry FromJson(const nlohmann::json& j);
};

/// The checkpoint's `metadata` document, written once at the first start.
struct CheckpointMetadata {
    /// The query id (a UUID): stays the same across restarts from this checkpoint.
    std::string query_id;
    int64_t created_us = 0;
    /// Settings the checkpoint fixes: state written with them cannot be read with others.
    int64_t state_partitions = 0;
    std::string state_store;

    nlohmann::json ToJson() const;
    static CheckpointMetadata FromJson(const nlohmann::json& j);
};

/// Where a query resumes, decided from the two logs as Spark's MicroBatchExecution does.
struct ResumePoint {
    /// The id of the batch to run next.
    int64_t next_batch_id = 0;
    /// The offsets entry of batch next_batch_id - 1: its end offsets are where the next batch starts.
    /// nullopt when next_batch_id is 0 (sources start at their InitialOffset).
    std::optional<OffsetsEntry> previous;
    /// Batch next_batch_id itself when the offsets log has it but the commit log does not: it must be
    /// re-run with exactly these offsets, timestamp and watermark before anything new is planned.
    std::optional<OffsetsEntry> pending;
    /// The watermark computed at the end of batch next_batch_id - 1 (its commit entry; Spark's
    /// nextBatchWatermarkMs), so that a restart continues with it. Absent in old checkpoints.
    std::optional<int64_t> next_watermark_us;
};

/// A query's checkpoint directory:
///
///   <dir>/.lock          locked (flock) while a query uses the checkpoint
///   <dir>/metadata       JSON, written once (query id, creation time, fixed settings)
///   <dir>/offsets.log    one OffsetsEntry per planned batch (FramedLog)
///   <dir>/commits.log    {"batch_id": N, "next_watermark_us": W} once batch N is committed by the sink
///                        (FramedLog)
///   <dir>/sources/<i>/   private metadata directory of QuerySpec::sources[i]
///   <dir>/sink/          private metadata directory of the sink
///
/// The logs and the metadata go through a LogStore (a local directory by default). Without a
/// checkpoint directory everything is kept in memory and the query cannot resume.
///
/// Used by one query on its own thread, and by one query at a time: the constructor locks `<dir>/.lock`
/// (FileLock) until the Checkpoint is destroyed, and fails when another query holds it. Errors
/// (corruption, a fixed setting that changed, I/O, a checkpoint in use) are QueryErrors naming the file;
/// the engine adds the query name.
class Checkpoint {
public:
    /// Opens the checkpoint in `dir`, creating it at the first start ("" = in memory). `settings` are
    /// the query's settings after --set overrides; `now_us` stamps a new checkpoint. A null `store`
    /// means the local directory (or memory when `dir` is ""). Throws QueryError.
    Checkpoint(std::string dir, const Options& settings, int64_t now_us,
               std::unique_ptr<LogStore> store = nullptr);

    static constexpr const char* kLockName = ".lock";

    const CheckpointMetadata& metadata() const { return metadata_; }
    /// "" for an in-memory checkpoint.
    const std::string& dir() const { return dir_; }

    /// Reads both logs and decides where to resume. `num_sources` is QuerySpec::sources.size(); an
    /// offsets entry with another count was written by a different query. Throws QueryError. Must be
    /// called once before WriteOffsets.
    ResumePoint Resume(size_t num_sources);

    /// Appends batch `entry.batch_id`'s offsets; durable on return. Ids must follow the last one.
    void WriteOffsets(const OffsetsEntry& entry);
    /// Appends the commit entry of `batch_id` with the watermark the next batch runs with (durable on
    /// return), then drops entries beyond the retention limit now and then.
    void WriteCommit(int64_t batch_id, int64_t next_watermark_us);

    /// The private metadata directory of source `index` (created on demand), or "" in memory.
    std::string SourceDir(size_t index) const;
    /// The sink's private metadata directory (created on demand), or "" in memory.
    std::string SinkDir() const;

    /// Things recovery repaired or tolerated (a torn log tail, a gap in the commit log), for the log
    /// and the first progress record.
    const std::vector<std::string>& notes() const { return notes_; }

private:
    void LoadOrCreateMetadata(const Options& settings, int64_t now_us);
    std::vector<OffsetsEntry> ParseOffsets() const;
    std::vector<int64_t> ParseCommits() const;
    void ApplyRetention();
    std::string MakeSubdir(const std::string& relative) const;

    std::string dir_;
    /// Held for the life of the checkpoint (declared first: released last).
    std::unique_ptr<FileLock> lock_;
    std::unique_ptr<LogStore> store_;
    std::unique_ptr<CheckpointLog> offsets_;
    std::unique_ptr<CheckpointLog> commits_;
    CheckpointMetadata metadata_;
    /// Entries kept per log (the setting min_batches_to_retain, at least 1).
    int64_t retained_batches_ = 0;
    std::vector<std::string> notes_;
    /// Batch id of the last offsets entry written or read, -1 for none: WriteOffsets checks the next.
    int64_t last_offsets_id_ = -1;
    bool resumed_ = false;
};

} // namespace sluice::rt
