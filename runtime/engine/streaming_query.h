#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "runtime/checkpoint/checkpoint.h"
#include "runtime/checkpoint/log_store.h"
#include "runtime/common/exec_context.h"
#include "runtime/engine/clock.h"
#include "runtime/engine/exchange.h"
#include "runtime/engine/progress.h"
#include "runtime/engine/progress_listener.h"
#include "runtime/engine/query_spec.h"
#include "runtime/engine/sink.h"
#include "runtime/engine/source.h"
#include "runtime/engine/worker_pool.h"
#include "runtime/state/state_store.h"

namespace sluice::rt {

/// Where QueryOptions::crash_point ends a batch the way a SIGKILL would: the query thread stops at
/// once, with no further log entries, no Source::Commit and no Sink::Close. A test then starts a new
/// StreamingQuery on the same checkpoint and checks that the output is exactly-once.
enum class CrashPoint {
    None,
    /// The batch's offsets entry is durable; the sink has not seen the batch.
    AfterOffsetsLog,
    /// All of the batch's output rows went to Sink::Write; CommitBatch was not called.
    BeforeSinkCommit,
    /// The sink committed the batch; the commit log has no entry for it (the re-run must find
    /// BeginBatch returning false).
    AfterSinkCommit,
    /// The commit entry is durable; sources were not told to Commit.
    AfterCommitLog,
};

const char* CrashPointName(CrashPoint point);

/// Why a query is no longer active.
enum class Termination {
    /// Still running, or not started.
    None,
    /// Stop() or RequestStop().
    Stopped,
    /// TRIGGER ONCE ran its batch, or TRIGGER AVAILABLE NOW reached the end it fixed at start.
    TriggerFinished,
    /// Every source is Exhausted() and all of its data was processed.
    SourcesExhausted,
    /// QueryOptions::max_batches batches ran.
    MaxBatches,
    /// An error; see StreamingQuery::Error().
    Failed,
    /// A simulated crash (QueryOptions::crash_point).
    Crashed,
};

using SourceFactory = std::function<std::unique_ptr<Source>(const SourceSpec&, const SourceEnv&)>;
using SinkFactory = std::function<std::unique_ptr<Sink>(const SinkSpec&, const SinkEnv&)>;
/// Makes the log store of a checkpoint directory that exists ("" for queries without a checkpoint).
using LogStoreFactory = std::function<std::unique_ptr<LogStore>(const std::string& checkpoint_dir)>;

/// How a StreamingQuery runs, beyond its spec. The defaults are what `sluice run` uses.
struct QueryOptions {
    /// Drives triggers, batch timestamps, polling and progress times; null = SystemClock(). Tests pass
    /// a ManualClock. Must outlive the query.
    Clock* clock = nullptr;
    /// Empty = CreateSource / CreateSink (the connectors of sluice_io).
    SourceFactory source_factory;
    SinkFactory sink_factory;
    /// Empty = a LocalLogStore on the checkpoint directory, or memory without one.
    LogStoreFactory log_store_factory;
    std::vector<std::shared_ptr<ProgressListener>> listeners;
    /// Stop after this many batches in this run (re-run batches count); -1 = no limit.
    int64_t max_batches = -1;
    /// Rows per chunk sources aim for (SourceEnv::chunk_rows).
    int64_t chunk_rows = 8192;
    /// Default trigger: how long to wait before asking sources again when nothing was new (Spark's
    /// spark.sql.streaming.pollingDelay), on the query's clock.
    int64_t polling_delay_ms = 10;
    /// Progress records kept for RecentProgress().
    size_t progress_retention = 100;
    /// Crash simulation for tests; see CrashPoint.
    CrashPoint crash_point = CrashPoint::None;
    /// The batch to crash in; -1 = the first batch this run reaches crash_point in.
    int64_t crash_batch_id = -1;
    /// Notices (recovery repairs, falling behind a PROCESSING TIME trigger, listener failures), one
    /// line each, already prefixed with the query name. Empty = stderr. Called on the query's thread.
    std::function<void(const std::string&)> log;
};

/// One running streaming query: the micro-batch loop of Spark's MicroBatchExecution over compiled
/// pipelines. Each query runs on its own thread; every Source, Sink and pipeline call happens there.
///
/// One batch, in order (the checkpoint protocol of ARCHITECTURE.md, decision 5):
///   1. plan: LatestOffset(last end) of every streaming source; no new data → no batch.
///   2. offsets log: batch id, batch timestamp (the clock), watermark, end offsets — durable.
///   3. Sink::BeginBatch(id) — false means the sink already holds the batch: skip to 5.
///   4. every pipeline: Source::Read(start, end) of its source, each chunk through the pipeline
///      function into an output batch, Sink::Write; then Sink::CommitBatch(id).
///   5. commit log entry — durable; then Source::Commit(end) on every source; a progress record.
/// After a restart, a batch in the offsets log without a commit entry runs again with the same
/// offsets and timestamp (and no new planning) before anything new.
///
/// The public methods are thread-safe; call them from any thread but the query's own.
class StreamingQuery {
public:
    StreamingQuery(QuerySpec spec, QueryOptions options = {});
    /// Stops the query gracefully if it is still running.
    ~StreamingQuery();
    StreamingQuery(const StreamingQuery&) = delete;
    StreamingQuery& operator=(const StreamingQuery&) = delete;

    /// Starts the query's thread. Errors (a bad checkpoint, a connector option the runtime rejects)
    /// end the query; see Error(). Throws std::logic_error when called twice.
    void Start();
    /// Asks the query to stop after the batch in progress (a batch is never cut in the middle) and
    /// returns at once.
    void RequestStop();
    /// RequestStop, then waits until the query has stopped.
    void Stop();
    /// Waits until the query stops or `timeout` passes (real time); true when it stopped.
    bool AwaitTermination(std::chrono::milliseconds timeout);
    void AwaitTermination();
    /// For tests: blocks until everything the sources had when this was called is processed (a
    /// planning attempt that started after the call found nothing new), or the query stopped.
    /// Rethrows the query's error. With the default trigger a ManualClock need not be advanced (the
    /// polling wait is cut short); a PROCESSING TIME trigger still waits for its next boundary.
    void ProcessAllAvailable();

    /// The error that stopped the query, if any (message names the query and, for batch errors, the
    /// batch, the operator and the input position).
    std::optional<QueryError> Error() const;
    Termination termination() const;
    /// Started and not yet stopped.
    bool IsActive() const;

    std::vector<QueryProgress> RecentProgress() const;
    std::optional<QueryProgress> LastProgress() const;

    /// The batch being run or planned next; -1 before the checkpoint is read.
    int64_t CurrentBatchId() const { return current_batch_id_.load(); }
    /// The last batch with a commit entry, -1 for none.
    int64_t LastCommittedBatchId() const { return last_committed_batch_id_.load(); }
    /// The query id from the checkpoint ("" until the query thread has opened it).
    std::string Id() const;
    const std::string& RunId() const { return run_id_; }
    const std::string& Name() const { return spec_.sink.name; }

    /// Whether a batch must run although no source has new data: Spark's no-data batch, run when the
    /// watermark moved past the one the last batch ran with and a stateful operator evicts or emits by
    /// it (ARCHITECTURE.md decision 6); it is also what ends TRIGGER AVAILABLE NOW with "a final no-data
    /// batch" (LANGUAGE.md) and what TRIGGER ONCE never runs. Off with setting no_data_batches = false.
    /// Called on the query's thread while planning, with the watermark the batch would run with.
    bool ShouldRunNoDataBatch(int64_t watermark_us) const;

private:
    /// A streaming source of the spec and where the next batch starts reading it.
    struct SourceSlot {
        size_t spec_index = 0;
        std::unique_ptr<Source> source;
        /// End offset of the last committed batch (InitialOffset before the first).
        Offset committed;
    };

    /// A batch about to run: its offsets entry, start offsets and what planning saw.
    struct PlannedBatch {
        OffsetsEntry entry;
        /// Per SourceSlot: the start offset (exclusive) and what LatestOffset returned (null for a
        /// batch re-run after a restart, which is not planned again).
        std::vector<Offset> starts;
        std::vector<Offset> latest;
    };

    /// Per-trigger measurements for the progress record.
    struct TriggerStats {
        int64_t start_us = 0;
        std::map<std::string, int64_t> duration_us;
        std::vector<int64_t> input_rows;
        std::vector<SourceMetrics> metrics;
        int64_t output_rows = 0;
        /// Event times of the watermarked sources' rows (progress eventTime).
        int64_t event_min_us = INT64_MAX;
        int64_t event_max_us = INT64_MIN;
        double event_sum_us = 0;
        int64_t event_count = 0;
        /// The watermark the batch ran with (eviction).
        int64_t watermark_us = 0;
    };

    void Run();
    void Initialize();
    void TriggerLoop();
    /// Runs one trigger: the pending batch, or a newly planned one. Returns whether a batch ran.
    bool RunTrigger();
    std::optional<PlannedBatch> PlanBatch(TriggerStats& stats);
    void RunBatch(const PlannedBatch& plan, TriggerStats& stats);
    void RunPipeline(const PipelineSpec& pipeline, const PlannedBatch& plan, TriggerStats& stats);
    /// Runs the pipelines of stages 1 and up: once per state partition, partitions in parallel.
    void RunPartitioned(const PipelineSpec& pipeline, int64_t batch_id, TriggerStats& stats);
    /// Hands a pipeline's output batch on: to the sink (or the rows to sort), or to an exchange.
    void Deliver(const PipelineSpec& pipeline, BatchPtr out, TriggerStats& stats);
    /// The schema of what `pipeline` writes, and the batch it writes into.
    const Schema& OutputSchema(const PipelineSpec& pipeline) const;
    /// The message of a pipeline that returned `rc` (its operator, the error, the input row).
    std::string PipelineError(const PipelineSpec& pipeline, const sl_ctx& ctx, int32_t rc, int64_t batch_id,
                              const std::function<std::string(int64_t)>& describe_row) const;
    /// Updates the sources' event-time maxima (and the batch's event-time statistics) from a chunk.
    void TrackEventTime(size_t source, const Batch& chunk, TriggerStats& stats);
    /// The watermark after a batch: per source the largest event time minus the delay, combined.
    void AdvanceWatermark();
    void CommitBatch(const PlannedBatch& plan, TriggerStats& stats);
    void ReportProgress(const PlannedBatch& plan, const TriggerStats& stats);
    bool AllSourcesExhausted();
    /// Sleeps on the query's clock until `target_us`, a stop request, or (when `for_polling`) a
    /// ProcessAllAvailable caller that needs a new planning attempt.
    void WaitUntil(int64_t target_us, bool for_polling);
    void CrashIfRequested(CrashPoint point, int64_t batch_id);
    void Finish(Termination reason, std::optional<std::string> error);
    void Log(const std::string& message);
    template <typename F> void ForEachListener(F&& call);
    /// Keeps waking the clock until `done` holds: a Wake() landing just before the query thread
    /// enters SleepUntil is lost, so one call is not enough. `lock` holds mu_.
    template <typename Pred>
    bool WaitWaking(std::unique_lock<std::mutex>& lock, Pred done,
                    std::optional<std::chrono::steady_clock::time_point> deadline);

    QuerySpec spec_;
    QueryOptions options_;
    Clock* clock_;
    const std::string run_id_;

    // Owned by the query thread.
    std::unique_ptr<Checkpoint> checkpoint_;
    std::vector<SourceSlot> slots_;
    /// QuerySpec::sources index -> index into slots_, -1 for static sources.
    std::vector<int> slot_of_source_;
    std::unique_ptr<Sink> sink_;
    bool sink_opened_ = false;
    std::optional<OffsetsEntry> pending_;
    int64_t next_batch_id_ = 0;
    /// The watermark the next batch runs with (it evicts state by it), and the one the last batch ran
    /// with (the next batch drops rows as late by it). Both start at the epoch, as Spark's do; the first
    /// batch of a query drops no row as late.
    int64_t watermark_us_ = 0;
    int64_t last_batch_watermark_us_ = 0;
    bool ran_batch_ = false;
    /// Per QuerySpec::sources entry: the largest event time it yielded in this run.
    std::vector<std::optional<int64_t>> source_max_event_us_;
    /// Some state table evicts or emits by the watermark (no-data batches are about it).
    bool uses_watermark_ = false;
    std::unique_ptr<StateStore> state_;
    std::vector<Exchange> exchanges_;
    /// Routed rows of each exchange for the stage reading it: [exchange][partition].
    std::vector<std::vector<BatchPtr>> routed_;
    /// Rows of a COMPLETE-mode batch with ORDER BY / LIMIT, sorted before the sink sees them.
    std::vector<BatchPtr> rows_to_sort_;
    /// One execution context per state partition (each runs on its own worker).
    std::vector<sl_ctx> partition_ctx_;
    std::vector<std::unique_ptr<Arena>> scratch_arenas_;
    std::unique_ptr<WorkerPool> workers_;
    int64_t batches_run_ = 0;
    int64_t last_trigger_start_us_ = -1;
    std::vector<std::string> startup_notes_;
    /// The output batch of the pipeline calls, reused from chunk to chunk.
    BatchRecycler output_batches_;
    sl_ctx ctx_;

    std::thread thread_;
    std::atomic<bool> stop_requested_{false};
    std::atomic<int64_t> current_batch_id_{-1};
    std::atomic<int64_t> last_committed_batch_id_{-1};

    // Guarded by mu_.
    mutable std::mutex mu_;
    mutable std::condition_variable cv_;
    bool started_ = false;
    bool terminated_ = false;
    Termination termination_ = Termination::None;
    std::optional<std::string> error_;
    std::string id_;
    std::deque<QueryProgress> progress_;
    /// Planning attempts started / the latest one that found nothing new (ProcessAllAvailable).
    int64_t plan_attempts_ = 0;
    int64_t last_idle_attempt_ = 0;
    /// plan_attempts_ at the calls of ProcessAllAvailable still waiting.
    std::multiset<int64_t> process_all_waiters_;
};

} // namespace sluice::rt
