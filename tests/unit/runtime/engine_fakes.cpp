#include "engine_fakes.h"

#include <chrono>
#include <random>
#include <thread>

#include "runtime/common/framed_log.h"

namespace sluice::rt::testing {

namespace {

int64_t RowsOf(const Offset& offset) {
    return offset.at("rows").get<int64_t>();
}

void SetValid(sl_column& column, int64_t row) {
    column.valid[row >> 3] |= static_cast<uint8_t>(1u << (row & 7));
}

/// Appends input row `row` to `out` at out->num_rows.
void AppendRow(sl_ctx* ctx, const sl_batch* in, int64_t row, sl_batch* out) {
    const int64_t o = out->num_rows;
    static_cast<int64_t*>(out->columns[0].values)[o] =
        static_cast<const int64_t*>(in->columns[0].values)[row];
    SetValid(out->columns[0], o);
    static_cast<sl_str*>(out->columns[1].values)[o] = static_cast<const sl_str*>(in->columns[1].values)[row];
    SetValid(out->columns[1], o);
    static_cast<int64_t*>(out->columns[2].values)[o] = sl_rt_ctx_batch_id(ctx);
    SetValid(out->columns[2], o);
    static_cast<int64_t*>(out->columns[3].values)[o] = sl_rt_ctx_batch_timestamp(ctx);
    SetValid(out->columns[3], o);
    out->num_rows = o + 1;
}

/// Yields rows [begin, end) of a FakeInput in chunks.
class FakeReader : public SourceReader {
public:
    FakeReader(std::vector<std::pair<int64_t, std::string>> rows, int64_t first_row, int64_t chunk_rows)
        : rows_(std::move(rows)), first_row_(first_row), chunk_rows_(chunk_rows) {}

    BatchPtr Next() override {
        if (pos_ >= static_cast<int64_t>(rows_.size()))
            return nullptr;
        int64_t n = std::min<int64_t>(chunk_rows_, static_cast<int64_t>(rows_.size()) - pos_);
        auto batch = std::make_shared<Batch>(InputSchema(), n);
        for (int64_t i = 0; i < n; ++i) {
            batch->Values<int64_t>(0)[i] = rows_[pos_ + i].first;
            batch->Values<sl_str>(1)[i] = batch->MakeString(rows_[pos_ + i].second);
        }
        batch->set_num_rows(n);
        chunk_start_ = first_row_ + pos_;
        pos_ += n;
        return batch;
    }

    std::string DescribeRow(int64_t row) const override {
        return "fake row " + std::to_string(chunk_start_ + row);
    }

private:
    std::vector<std::pair<int64_t, std::string>> rows_;
    int64_t first_row_;
    int64_t chunk_rows_;
    int64_t pos_ = 0;
    /// Input row of the first row of the chunk returned last.
    int64_t chunk_start_ = 0;
};

} // namespace

TempDir::TempDir() {
    static std::atomic<int> counter{0};
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("sluice-engine-test-" + std::to_string(rd()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

std::string TempDir::Path(const std::string& child) const {
    return child.empty() ? path_.string() : (path_ / child).string();
}

void FakeInput::AddRows(int64_t from, int64_t to) {
    std::lock_guard<std::mutex> lock(mu);
    for (int64_t i = from; i < to; ++i) {
        std::string name = "n";
        name += std::to_string(i); // not "n" + ...: GCC 12 warns wrongly (-Wrestrict) about that form
        rows.emplace_back(i, std::move(name));
    }
}

int64_t FakeInput::Size() const {
    std::lock_guard<std::mutex> lock(mu);
    return static_cast<int64_t>(rows.size());
}

void FakeSource::Open(const Offset& last) {
    std::lock_guard<std::mutex> lock(input_->mu);
    input_->opened_with.push_back(last);
}

Offset FakeSource::LatestOffset(const Offset& start) {
    std::lock_guard<std::mutex> lock(input_->mu);
    ++input_->latest_offset_calls;
    int64_t available = static_cast<int64_t>(input_->rows.size());
    if (available_now_end_ >= 0)
        available = std::min(available, available_now_end_);
    int64_t from = RowsOf(start);
    int64_t end = available;
    if (input_->max_rows_per_batch > 0 && !ignore_rate_limits_)
        end = std::min(end, from + input_->max_rows_per_batch);
    return {{"rows", std::max(from, end)}};
}

std::unique_ptr<SourceReader> FakeSource::Read(const Offset& start, const Offset& end,
                                               SourceMetrics& metrics) {
    std::function<void()> on_read;
    {
        std::lock_guard<std::mutex> lock(input_->mu);
        on_read = input_->on_read;
        if (input_->clock && input_->read_advance_ms > 0)
            input_->clock->AdvanceMillis(input_->read_advance_ms);
    }
    if (on_read)
        on_read();
    std::lock_guard<std::mutex> lock(input_->mu);
    if (!input_->read_error.empty())
        throw QueryError(input_->read_error);
    int64_t from = RowsOf(start), to = RowsOf(end);
    input_->reads.emplace_back(from, to);
    metrics.rows_skipped += 1; // lets progress tests see source metrics arrive
    std::vector<std::pair<int64_t, std::string>> rows(input_->rows.begin() + from, input_->rows.begin() + to);
    return std::make_unique<FakeReader>(std::move(rows), from, input_->chunk_rows);
}

void FakeSource::Commit(const Offset& end) {
    std::lock_guard<std::mutex> lock(input_->mu);
    input_->commits.push_back(RowsOf(end));
}

void FakeSource::PrepareForAvailableNow() {
    std::lock_guard<std::mutex> lock(input_->mu);
    ++input_->available_now_calls;
    available_now_end_ = static_cast<int64_t>(input_->rows.size());
}

void FakeSource::IgnoreRateLimits() {
    std::lock_guard<std::mutex> lock(input_->mu);
    ++input_->ignore_rate_limits_calls;
    ignore_rate_limits_ = true;
}

bool FakeSource::Exhausted(const Offset& offset) {
    std::lock_guard<std::mutex> lock(input_->mu);
    return input_->finite && RowsOf(offset) >= static_cast<int64_t>(input_->rows.size());
}

int64_t FakeSource::CountRows(const Offset& start, const Offset& end) {
    return RowsOf(end) - RowsOf(start);
}

std::vector<OutRow> FakeOutput::AllRows() const {
    std::lock_guard<std::mutex> lock(mu);
    std::vector<OutRow> all;
    for (const auto& [id, rows] : committed)
        all.insert(all.end(), rows.begin(), rows.end());
    return all;
}

std::vector<int64_t> FakeOutput::CommittedIds() const {
    std::lock_guard<std::mutex> lock(mu);
    std::vector<int64_t> ids;
    for (const auto& [id, rows] : committed)
        ids.push_back(id);
    return ids;
}

size_t FakeOutput::NumCommitted() const {
    std::lock_guard<std::mutex> lock(mu);
    return committed.size();
}

void FakeSink::Open() {
    std::lock_guard<std::mutex> lock(output_->mu);
    ++output_->opens;
}

bool FakeSink::BeginBatch(int64_t batch_id) {
    std::lock_guard<std::mutex> lock(output_->mu);
    output_->begins.push_back(batch_id);
    if (output_->committed.count(batch_id)) {
        output_->skipped.push_back(batch_id);
        return false;
    }
    output_->in_progress.clear();
    return true;
}

void FakeSink::Write(const Batch& rows) {
    std::lock_guard<std::mutex> lock(output_->mu);
    for (int64_t r = 0; r < rows.num_rows(); ++r) {
        OutRow row;
        row.id = rows.Values<int64_t>(0)[r];
        row.name = std::string(Batch::ToStringView(rows.Values<sl_str>(1)[r]));
        row.batch_id = rows.Values<int64_t>(2)[r];
        row.batch_ts = rows.Values<int64_t>(3)[r];
        for (int c = 0; c < 4; ++c)
            if (rows.IsNull(c, r))
                throw std::runtime_error("FakeSink: unexpected NULL in column " + std::to_string(c));
        output_->in_progress.push_back(std::move(row));
    }
}

void FakeSink::CommitBatch(int64_t batch_id) {
    std::function<void(int64_t)> on_commit;
    {
        std::lock_guard<std::mutex> lock(output_->mu);
        output_->committed[batch_id] = std::move(output_->in_progress);
        output_->in_progress.clear();
        on_commit = output_->on_commit;
    }
    if (on_commit)
        on_commit(batch_id);
}

void FakeSink::Close() {
    std::lock_guard<std::mutex> lock(output_->mu);
    ++output_->closes;
}

Schema InputSchema() {
    return {{"id", {SL_TYPE_BIGINT, 0, 0}}, {"name", {SL_TYPE_STRING, 0, 0}}};
}

Schema OutputSchema() {
    return {{"id", {SL_TYPE_BIGINT, 0, 0}},
            {"name", {SL_TYPE_STRING, 0, 0}},
            {"batch_id", {SL_TYPE_BIGINT, 0, 0}},
            {"batch_ts", {SL_TYPE_TIMESTAMP, 0, 0}}};
}

int32_t PassThroughPipeline(sl_ctx* ctx, const sl_batch* in, sl_batch* out) {
    for (int64_t r = 0; r < in->num_rows; ++r)
        AppendRow(ctx, in, r, out);
    return SL_OK;
}

int32_t EvenIdsPipeline(sl_ctx* ctx, const sl_batch* in, sl_batch* out) {
    const auto* ids = static_cast<const int64_t*>(in->columns[0].values);
    for (int64_t r = 0; r < in->num_rows; ++r)
        if (ids[r] % 2 == 0)
            AppendRow(ctx, in, r, out);
    return SL_OK;
}

int32_t OverflowOnNegativePipeline(sl_ctx* ctx, const sl_batch* in, sl_batch* out) {
    const auto* ids = static_cast<const int64_t*>(in->columns[0].values);
    for (int64_t r = 0; r < in->num_rows; ++r) {
        if (ids[r] < 0)
            return sl_rt_error_raise(ctx, SL_ERR_OVERFLOW, 3, r, "price * 1000");
        AppendRow(ctx, in, r, out);
    }
    return SL_OK;
}

QuerySpec MakeSpec(const std::string& name, const std::string& checkpoint, TriggerSpec trigger,
                   sl_pipeline_fn fn) {
    QuerySpec spec;
    spec.sink.name = name;
    spec.sink.connector = "memory";
    spec.sink.schema = OutputSchema();
    spec.sink.trigger = trigger;
    spec.sink.checkpoint = checkpoint;
    SourceSpec source;
    source.name = "events";
    source.connector = "memory";
    source.schema = InputSchema();
    source.projection = {0, 1};
    spec.sources.push_back(source);
    spec.pipelines.push_back(PipelineSpec::SourceToSink(1, 0, "pipeline_1", fn));
    spec.operators = {{1, "Source { events }"}, {3, "Filter (price > 100)"}, {4, "Sink [append] { memory }"}};
    return spec;
}

QueryOptions MakeOptions(std::map<std::string, std::shared_ptr<FakeInput>> inputs,
                         std::shared_ptr<FakeOutput> output, Clock* clock,
                         std::shared_ptr<std::vector<std::string>> log) {
    QueryOptions options;
    options.clock = clock;
    options.source_factory = [inputs](const SourceSpec& spec,
                                      const SourceEnv& env) -> std::unique_ptr<Source> {
        auto it = inputs.find(spec.name);
        if (it == inputs.end())
            throw QueryError("test: no input named '" + spec.name + "'");
        {
            std::lock_guard<std::mutex> lock(it->second->mu);
            it->second->metadata_dirs.push_back(env.metadata_dir);
        }
        return std::make_unique<FakeSource>(it->second);
    };
    options.sink_factory = [output](const SinkSpec&, const SinkEnv& env) -> std::unique_ptr<Sink> {
        {
            std::lock_guard<std::mutex> lock(output->mu);
            output->metadata_dirs.push_back(env.metadata_dir);
        }
        return std::make_unique<FakeSink>(output);
    };
    auto mu = std::make_shared<std::mutex>();
    options.log = [log, mu](const std::string& line) {
        if (!log)
            return;
        std::lock_guard<std::mutex> lock(*mu);
        log->push_back(line);
    };
    return options;
}

bool Eventually(const std::function<bool()>& done, double seconds) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < deadline) {
        if (done())
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return done();
}

std::vector<nlohmann::json> ReadLogEntries(const std::string& path) {
    FramedLog log(path);
    std::vector<nlohmann::json> out;
    for (const std::string& e : log.entries())
        out.push_back(nlohmann::json::parse(e));
    return out;
}

} // namespace sluice::rt::testing
