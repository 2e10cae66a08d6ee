#pragma once

// Test doubles for engine tests: an in-memory source and an idempotent in-memory sink whose state is
// shared with the test (and survives query restarts, as real connector state would), plus a few
// hand-written functions with the generated-pipeline signature.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "runtime/common/batch.h"
#include "runtime/common/exec_context.h"
#include "runtime/engine/manual_clock.h"
#include "runtime/engine/sink.h"
#include "runtime/engine/source.h"
#include "runtime/engine/streaming_query.h"

namespace sluice::rt::testing {

/// A fresh directory under the system temp directory, removed at the end of the test.
class TempDir {
public:
    TempDir();
    ~TempDir();
    std::string Path(const std::string& child = "") const;

private:
    std::filesystem::path path_;
};

/// The rows behind a FakeSource (columns: id BIGINT, name STRING), its knobs and what the engine did
/// with it. Offsets are {"rows": N}: the input up to row N (exclusive) is consumed.
struct FakeInput {
    mutable std::mutex mu;
    std::vector<std::pair<int64_t, std::string>> rows;

    // Knobs.
    /// Rate limit of LatestOffset (0 = none); IgnoreRateLimits lifts it.
    int64_t max_rows_per_batch = 0;
    /// Exhausted() once every row is consumed.
    bool finite = false;
    /// Rows per chunk a reader yields.
    int64_t chunk_rows = 1000;
    /// Source::Read advances this clock by `read_advance_ms` (a slow batch under a manual clock).
    ManualClock* clock = nullptr;
    int64_t read_advance_ms = 0;
    /// Called at every Read (outside the lock), e.g. to add rows or to block the batch.
    std::function<void()> on_read;
    /// Read throws QueryError with this message when non-empty.
    std::string read_error;

    // Observations.
    std::vector<nlohmann::json> opened_with;
    std::vector<std::string> metadata_dirs;
    std::vector<std::pair<int64_t, int64_t>> reads;
    std::vector<int64_t> commits;
    int latest_offset_calls = 0;
    int ignore_rate_limits_calls = 0;
    int available_now_calls = 0;

    void AddRows(int64_t from, int64_t to); // ids [from, to), names "n<id>"
    int64_t Size() const;
};

/// A Source over a FakeInput.
class FakeSource : public Source {
public:
    explicit FakeSource(std::shared_ptr<FakeInput> input) : input_(std::move(input)) {}

    void Open(const Offset& last) override;
    Offset InitialOffset() override { return {{"rows", 0}}; }
    Offset LatestOffset(const Offset& start) override;
    std::unique_ptr<SourceReader> Read(const Offset& start, const Offset& end,
                                       SourceMetrics& metrics) override;
    void Commit(const Offset& end) override;
    void PrepareForAvailableNow() override;
    void IgnoreRateLimits() override;
    bool Exhausted(const Offset& offset) override;
    std::string Description() const override { return "FakeSource[test]"; }
    int64_t CountRows(const Offset& start, const Offset& end) override;

private:
    std::shared_ptr<FakeInput> input_;
    bool ignore_rate_limits_ = false;
    int64_t available_now_end_ = -1;
};

/// One output row of the test pipelines: the input row plus the batch it was computed in.
struct OutRow {
    int64_t id = 0;
    std::string name;
    int64_t batch_id = 0;
    int64_t batch_ts = 0;
    bool operator==(const OutRow&) const = default;
};

/// What a FakeSink holds: committed batches (durable across query restarts, like a file sink's
/// manifest) and the batch being written.
struct FakeOutput {
    mutable std::mutex mu;
    std::map<int64_t, std::vector<OutRow>> committed;
    std::vector<OutRow> in_progress;
    std::vector<int64_t> begins;
    std::vector<int64_t> skipped;
    std::vector<std::string> metadata_dirs;
    int opens = 0;
    int closes = 0;
    /// Called at every CommitBatch, e.g. to observe a batch being committed.
    std::function<void(int64_t)> on_commit;

    /// Every committed row, in batch order.
    std::vector<OutRow> AllRows() const;
    std::vector<int64_t> CommittedIds() const;
    size_t NumCommitted() const;
};

/// An idempotent sink: BeginBatch returns false for a batch it already committed.
class FakeSink : public Sink {
public:
    explicit FakeSink(std::shared_ptr<FakeOutput> output) : output_(std::move(output)) {}

    void Open() override;
    bool BeginBatch(int64_t batch_id) override;
    void Write(const Batch& rows) override;
    void CommitBatch(int64_t batch_id) override;
    void Close() override;
    std::string Description() const override { return "FakeSink[test]"; }

private:
    std::shared_ptr<FakeOutput> output_;
};

/// Output schema of the test pipelines: (id BIGINT, name STRING, batch_id BIGINT, batch_ts TIMESTAMP).
Schema OutputSchema();
/// Input schema of FakeSource: (id BIGINT, name STRING).
Schema InputSchema();

/// Copies every row, with the batch id and timestamp from the context. `name` is not copied: the
/// output string points into the input chunk, as generated projections do.
int32_t PassThroughPipeline(sl_ctx* ctx, const sl_batch* in, sl_batch* out);
/// Copies rows with an even id.
int32_t EvenIdsPipeline(sl_ctx* ctx, const sl_batch* in, sl_batch* out);
/// Like PassThrough, but a negative id raises an overflow in operator #3 ("price * 1000").
int32_t OverflowOnNegativePipeline(sl_ctx* ctx, const sl_batch* in, sl_batch* out);

/// A one-source query: source "events" (connector "memory"), one pipeline (#1, PassThrough unless
/// given), sink `name` with the given trigger and checkpoint.
QuerySpec MakeSpec(const std::string& name, const std::string& checkpoint, TriggerSpec trigger = {},
                   sl_pipeline_fn fn = PassThroughPipeline);

/// Options wiring a query to fakes: sources by spec name from `inputs`, the sink to `output`.
/// Notices go to `log` when given (else are dropped).
QueryOptions MakeOptions(std::map<std::string, std::shared_ptr<FakeInput>> inputs,
                         std::shared_ptr<FakeOutput> output, Clock* clock,
                         std::shared_ptr<std::vector<std::string>> log = nullptr);

/// Polls `done` for up to `seconds` of real time.
bool Eventually(const std::function<bool()>& done, double seconds = 10);

/// The parsed entries of a checkpoint log file.
std::vector<nlohmann::json> ReadLogEntries(const std::string& path);

} // namespace sluice::rt::testing
