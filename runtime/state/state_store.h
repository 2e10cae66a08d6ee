#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runtime/common/state_table.h"
#include "runtime/engine/query_spec.h"
#include "runtime/engine/source.h" // QueryError

namespace sluice::rt {

/// How a StateStore keeps and checkpoints its tables.
struct StateStoreOptions {
    /// "memory" (hash tables in memory) or "rocksdb" (entries on disk, for state larger than memory).
    std::string kind = "memory";
    /// Versions between full snapshots; the versions in between write only their changes (deltas).
    int64_t snapshot_interval = 10;
    /// Versions whose files are kept (the setting min_batches_to_retain); older files are deleted.
    int64_t min_versions_to_retain = 100;
};

/// Every state table of a query, each split into `partitions` partitions (sl_state objects), versioned
/// by batch: version v is the state after batches 0..v-1 (version 0 is empty). Files live under
/// `dir` (<checkpoint>/state), one directory per table and partition:
///
///   <dir>/<table>/<partition>/<v>.delta      the entries batch v-1 upserted or removed
///   <dir>/<table>/<partition>/<v>.snapshot   every entry of version v
///
/// each file a sequence of length- and CRC-framed records ending in an end marker, written to a
/// temporary name, fsync'd and renamed, so that a torn or corrupt file is detected, never half-read.
/// Without a `dir` (a query without checkpoint) nothing is written and only version 0 can be loaded.
///
/// The engine's protocol per batch b (ARCHITECTURE.md decision 5):
///   Load(b) once at start (recovery: the last snapshot <= b, then the deltas after it);
///   BeginBatch(); pipelines upsert into Table(t, p), partitions on different threads;
///   PrepareEmit / emit pipelines / EvictExpired per table and partition;
///   Commit(b) — version b+1 is durable — before the sink commits batch b. A batch that runs again
///   after a crash starts again from version b (Load(b)) and overwrites version b+1's files.
class StateStore {
public:
    /// Throws QueryError when `dir` holds state that `tables` or `partitions` cannot read (another
    /// layout), naming the file.
    StateStore(std::vector<StateTableSpec> tables, int32_t partitions, std::string dir,
               StateStoreOptions options);
    ~StateStore();
    StateStore(const StateStore&) = delete;
    StateStore& operator=(const StateStore&) = delete;

    /// Replaces the in-memory state by version `version`. A missing or corrupt file it needs is a
    /// QueryError naming the file and the version ("state file ... is corrupt (CRC mismatch at byte
    /// N)"), never a silent reset.
    void Load(int64_t version);
    /// The state of table `table` in `partition`.
    sl_state* Table(int table, int32_t partition);
    int32_t partitions() const;

    /// Makes version `batch_id + 1` durable: deltas of every table and partition (written in parallel is
    /// fine), a snapshot when the interval says so, then drops files older than the retention.
    void Commit(int64_t batch_id);

    /// Counters of table `table` summed over partitions, for the progress record.
    StateTableMetrics Metrics(int table) const;
    /// Milliseconds the last Commit took (progress: commitTimeMs).
    int64_t last_commit_ms() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace sluice::rt
