#include "runtime/engine/streaming_query.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <limits>
#include <stdexcept>

#include "runtime/common/batch.h"
#include "runtime/engine/uuid.h"

namespace sluice::rt {

namespace {

/// Thrown at a CrashPoint. Not a std::exception, so that no handler on the way up mistakes it for an
/// error and cleans up: it must leave everything as a SIGKILL would.
struct SimulatedCrash {
    CrashPoint point;
    int64_t batch_id;
};

/// A QueryError whose message is already complete (query, batch, operator, input position).
class FormattedQueryError : public QueryError {
public:
    using QueryError::QueryError;
};

constexpr std::chrono::milliseconds kWakeRetry(5);

} // namespace

const char* CrashPointName(CrashPoint point) {
    switch (point) {
    case CrashPoint::None:
        return "none";
    case CrashPoint::AfterOffsetsLog:
        return "after_offsets_log";
    case CrashPoint::BeforeSinkCommit:
        return "before_sink_commit";
    case CrashPoint::AfterSinkCommit:
        return "after_sink_commit";
    case CrashPoint::AfterCommitLog:
        return "after_commit_log";
    }
    return "?";
}

StreamingQuery::StreamingQuery(QuerySpec spec, QueryOptions options)
    : spec_(std::move(spec)), options_(std::move(options)),
      clock_(options_.clock ? options_.clock : &SystemClock()), run_id_(RandomUuid()) {}

StreamingQuery::~StreamingQuery() {
    if (thread_.joinable()) {
        Stop();
        thread_.join();
    }
}

void StreamingQuery::Start() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        if (started_)
            throw std::logic_error("query '" + Name() + "' was already started");
        started_ = true;
    }
    try {
        thread_ = std::thread([this] { Run(); });
    } catch (...) {
        std::lock_guard<std::mutex> lock(mu_);
        started_ = false;
        throw;
    }
}

void StreamingQuery::RequestStop() {
    stop_requested_ = true;
    clock_->Wake();
}

void StreamingQuery::Stop() {
    RequestStop();
    std::unique_lock<std::mutex> lock(mu_);
    if (!started_)
        return;
    WaitWaking(
        lock, [&] { return terminated_; }, std::nullopt);
}

template <typename Pred>
bool StreamingQuery::WaitWaking(std::unique_lock<std::mutex>& lock, Pred done,
                                std::optional<std::chrono::steady_clock::time_point> deadline) {
    while (!done()) {
        auto until = std::chrono::steady_clock::now() + kWakeRetry;
        if (deadline && *deadline < until)
            until = *deadline;
        cv_.wait_until(lock, until);
        if (done())
            return true;
        if (deadline && std::chrono::steady_clock::now() >= *deadline)
            return false;
        // The query thread takes mu_ only briefly; waking without it avoids holding mu_ across the
        // clock's own lock.
        lock.unlock();
        clock_->Wake();
        lock.lock();
    }
    return true;
}

bool StreamingQuery::AwaitTermination(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    if (!started_)
        return false;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    if (stop_requested_)
        return WaitWaking(
            lock, [&] { return terminated_; }, deadline);
    return cv_.wait_until(lock, deadline, [&] { return terminated_; });
}

void StreamingQuery::AwaitTermination() {
    std::unique_lock<std::mutex> lock(mu_);
    if (!started_)
        return;
    // A stop requested while waiting needs the clock woken; re-check now and then.
    while (!terminated_) {
        if (stop_requested_) {
            WaitWaking(
                lock, [&] { return terminated_; }, std::nullopt);
            break;
        }
        cv_.wait_for(lock, std::chrono::milliseconds(50));
    }
}

void StreamingQuery::ProcessAllAvailable() {
    std::unique_lock<std::mutex> lock(mu_);
    if (!started_)
        throw std::logic_error("ProcessAllAvailable on query '" + Name() + "', which was not started");
    const int64_t target = plan_attempts_;
    auto it = process_all_waiters_.insert(target);
    WaitWaking(
        lock, [&] { return terminated_ || last_idle_attempt_ > target; }, std::nullopt);
    process_all_waiters_.erase(it);
    if (error_)
        throw QueryError(*error_);
}

std::optional<QueryError> StreamingQuery::Error() const {
    std::lock_guard<std::mutex> lock(mu_);
    if (!error_)
        return std::nullopt;
    return QueryError(*error_);
}

Termination StreamingQuery::termination() const {
    std::lock_guard<std::mutex> lock(mu_);
    return termination_;
}

bool StreamingQuery::IsActive() const {
    std::lock_guard<std::mutex> lock(mu_);
    return started_ && !terminated_;
}

std::vector<QueryProgress> StreamingQuery::RecentProgress() const {
    std::lock_guard<std::mutex> lock(mu_);
    return {progress_.begin(), progress_.end()};
}

std::optional<QueryProgress> StreamingQuery::LastProgress() const {
    std::lock_guard<std::mutex> lock(mu_);
    if (progress_.empty())
        return std::nullopt;
    return progress_.back();
}

std::string StreamingQuery::Id() const {
    std::lock_guard<std::mutex> lock(mu_);
    return id_;
}

bool StreamingQuery::ShouldRunNoDataBatch(int64_t watermark_us) const {
    return false;
}

void StreamingQuery::Log(const std::string& message) {
    std::string line = "query '" + Name() + "': " + message;
    if (options_.log)
        options_.log(line);
    else
        std::cerr << "sluice: " << line << std::endl;
}

template <typename F> void StreamingQuery::ForEachListener(F&& call) {
    for (const auto& listener : options_.listeners) {
        try {
            call(*listener);
        } catch (const std::exception& e) {
            Log(std::string("progress listener failed: ") + e.what());
        }
    }
}

void StreamingQuery::Run() {
    Termination reason = Termination::Stopped;
    std::optional<std::string> error;
    bool crashed = false;
    try {
        Initialize();
        TriggerLoop();
        std::lock_guard<std::mutex> lock(mu_);
        reason = termination_ == Termination::None ? Termination::Stopped : termination_;
    } catch (const SimulatedCrash& crash) {
        crashed = true;
        Log(std::string("simulated crash ") + CrashPointName(crash.point) + " in batch " +
            std::to_string(crash.batch_id));
    } catch (const FormattedQueryError& e) {
        reason = Termination::Failed;
        error = e.what();
    } catch (const std::exception& e) {
        // Start-up and between-batch failures (a bad checkpoint, a connector the runtime rejects).
        reason = Termination::Failed;
        error = "query '" + Name() + "': " + e.what();
    }
    if (crashed) {
        // Like a SIGKILL: no Close, no listener callback. Sources and the sink stay alive until the
        // StreamingQuery object goes away, so nothing they do on destruction runs on this path early.
        Finish(Termination::Crashed, std::nullopt);
        return;
    }
    if (sink_ && sink_opened_) {
        try {
            sink_->Close();
        } catch (const std::exception& e) {
            if (!error) {
                reason = Termination::Failed;
                error = "query '" + Name() + "': closing the sink failed: " + e.what();
            }
        }
    }
    sink_.reset();
    slots_.clear();
    checkpoint_.reset();
    QueryTerminatedEvent event{Id(), run_id_, Name(), error};
    ForEachListener([&](ProgressListener& l) { l.OnQueryTerminated(event); });
    Finish(reason, error);
}

void StreamingQuery::Finish(Termination reason, std::optional<std::string> error) {
    std::lock_guard<std::mutex> lock(mu_);
    termination_ = reason;
    error_ = std::move(error);
    terminated_ = true;
    cv_.notify_all();
}

void StreamingQuery::Initialize() {
    const TriggerSpec& trigger = spec_.sink.trigger;
    if (trigger.kind == TriggerKind::Continuous)
        throw QueryError("TRIGGER CONTINUOUS is not supported yet; use PROCESSING TIME");
    for (const PipelineSpec& p : spec_.pipelines) {
        if (p.source < 0 || static_cast<size_t>(p.source) >= spec_.sources.size())
            throw QueryError("pipeline #" + std::to_string(p.id) + " reads input " +
                             std::to_string(p.source) + ", but the query has " +
                             std::to_string(spec_.sources.size()) + " inputs");
        if (spec_.sources[p.source].is_static)
            throw QueryError("pipeline #" + std::to_string(p.id) + " reads the static table '" +
                             spec_.sources[p.source].name +
                             "'; stream-static pipelines are not supported yet");
        if (!p.fn)
            throw QueryError("pipeline #" + std::to_string(p.id) + " ('" + p.symbol +
                             "') has no compiled function");
    }

    std::unique_ptr<LogStore> store;
    if (options_.log_store_factory) {
        if (!spec_.sink.checkpoint.empty()) {
            std::error_code ec;
            std::filesystem::create_directories(spec_.sink.checkpoint, ec);
            if (ec)
                throw QueryError("cannot create checkpoint directory '" + spec_.sink.checkpoint +
                                 "': " + ec.message());
        }
        store = options_.log_store_factory(spec_.sink.checkpoint);
    }
    checkpoint_ = std::make_unique<Checkpoint>(spec_.sink.checkpoint, spec_.sink.settings,
                                               clock_->NowMicros(), std::move(store));
    {
        std::lock_guard<std::mutex> lock(mu_);
        id_ = checkpoint_->metadata().query_id;
    }
    ResumePoint resume = checkpoint_->Resume(spec_.sources.size());
    startup_notes_ = checkpoint_->notes();
    for (const std::string& note : startup_notes_)
        Log("checkpoint: " + note);

    SourceFactory make_source =
        options_.source_factory ? options_.source_factory : SourceFactory(CreateSource);
    SinkFactory make_sink = options_.sink_factory ? options_.sink_factory : SinkFactory(CreateSink);
    slot_of_source_.assign(spec_.sources.size(), -1);
    for (size_t i = 0; i < spec_.sources.size(); ++i) {
        const SourceSpec& source_spec = spec_.sources[i];
        if (source_spec.is_static)
            continue;
        SourceEnv env;
        env.query_name = Name();
        env.metadata_dir = checkpoint_->SourceDir(i);
        env.chunk_rows = options_.chunk_rows;
        env.clock = clock_;
        env.log = [this](const std::string& message) { Log(message); };
        SourceSlot slot;
        slot.spec_index = i;
        slot.source = make_source(source_spec, env);
        if (!slot.source)
            throw QueryError("no source was created for input '" + source_spec.name + "' (" +
                             source_spec.connector + ")");
        const OffsetsEntry* last = resume.pending    ? &*resume.pending
                                   : resume.previous ? &*resume.previous
                                                     : nullptr;
        if (last && last->sources[i].is_null())
            throw QueryError("the checkpoint has no offset for input '" + source_spec.name +
                             "' (a changed query needs a new checkpoint directory)");
        slot.source->Open(last ? last->sources[i] : Offset());
        slot.committed = resume.previous ? resume.previous->sources[i] : slot.source->InitialOffset();
        slot_of_source_[i] = static_cast<int>(slots_.size());
        slots_.push_back(std::move(slot));
    }

    SinkEnv sink_env;
    sink_env.query_name = Name();
    sink_env.query_id = checkpoint_->metadata().query_id;
    sink_env.resuming = resume.previous.has_value() || resume.pending.has_value();
    sink_env.metadata_dir = checkpoint_->SinkDir();
    sink_ = make_sink(spec_.sink, sink_env);
    if (!sink_)
        throw QueryError("no sink was created for '" + spec_.sink.name + "' (" + spec_.sink.connector + ")");
    sink_->Open();
    sink_opened_ = true;

    if (trigger.kind == TriggerKind::Once)
        for (SourceSlot& slot : slots_)
            slot.source->IgnoreRateLimits();
    if (trigger.kind == TriggerKind::AvailableNow)
        for (SourceSlot& slot : slots_)
            slot.source->PrepareForAvailableNow();

    pending_ = resume.pending;
    next_batch_id_ = resume.next_batch_id;
    watermark_us_ = resume.pending    ? resume.pending->watermark_us
                    : resume.previous ? resume.previous->watermark_us
                                      : 0;
    current_batch_id_ = next_batch_id_;
    last_committed_batch_id_ = next_batch_id_ - 1;

    QueryStartedEvent event{Id(), run_id_, Name(), clock_->NowMicros()};
    ForEachListener([&](ProgressListener& l) { l.OnQueryStarted(event); });
}

void StreamingQuery::TriggerLoop() {
    const TriggerSpec& trigger = spec_.sink.trigger;
    const bool processing_time = trigger.kind == TriggerKind::ProcessingTime && trigger.interval_ms > 0;
    const int64_t interval_us = trigger.interval_ms * 1000;
    auto finish_with = [&](Termination reason) {
        std::lock_guard<std::mutex> lock(mu_);
        termination_ = reason;
    };
    while (true) {
        if (stop_requested_)
            return finish_with(Termination::Stopped);
        if (options_.max_batches >= 0 && batches_run_ >= options_.max_batches)
            return finish_with(Termination::MaxBatches);

        const int64_t trigger_start_us = clock_->NowMicros();
        const bool ran = RunTrigger();

        if (trigger.kind == TriggerKind::Once)
            return finish_with(Termination::TriggerFinished);
        if (trigger.kind == TriggerKind::AvailableNow) {
            // Batches run back to back until planning finds nothing below the end fixed at start.
            if (!ran)
                return finish_with(Termination::TriggerFinished);
            continue;
        }
        if (AllSourcesExhausted())
            return finish_with(Termination::SourcesExhausted);
        if (processing_time) {
            // Spark's ProcessingTimeExecutor: the next trigger is the first interval boundary after this
            // one's start, so a batch that overran starts the next at once.
            const int64_t next_us = trigger_start_us / interval_us * interval_us + interval_us;
            const int64_t elapsed_us = clock_->NowMicros() - trigger_start_us;
            if (ran && elapsed_us > interval_us)
                Log("batch took " + std::to_string(elapsed_us / 1000) +
                    " ms, longer than the trigger interval of " + std::to_string(trigger.interval_ms) +
                    " ms; the next trigger starts at once");
            WaitUntil(next_us, false);
        } else if (!ran) {
            WaitUntil(clock_->NowMicros() + options_.polling_delay_ms * 1000, true);
        }
    }
}

void StreamingQuery::WaitUntil(int64_t target_us, bool for_polling) {
    while (!stop_requested_ && clock_->NowMicros() < target_us) {
        if (for_polling) {
            std::lock_guard<std::mutex> lock(mu_);
            // A caller of ProcessAllAvailable registered after the last planning attempt started
            // needs a new one now.
            if (!process_all_waiters_.empty() && *process_all_waiters_.rbegin() >= plan_attempts_)
                return;
        }
        clock_->SleepUntil(target_us);
    }
}

bool StreamingQuery::AllSourcesExhausted() {
    for (SourceSlot& slot : slots_)
        if (!slot.source->Exhausted(slot.committed))
            return false;
    return true;
}

void StreamingQuery::CrashIfRequested(CrashPoint point, int64_t batch_id) {
    if (options_.crash_point == point && (options_.crash_batch_id < 0 || options_.crash_batch_id == batch_id))
        throw SimulatedCrash{point, batch_id};
}

bool StreamingQuery::RunTrigger() {
    TriggerStats stats;
    stats.start_us = clock_->NowMicros();
    stats.input_rows.assign(slots_.size(), 0);
    stats.metrics.assign(slots_.size(), SourceMetrics{});
    std::optional<PlannedBatch> plan;
    try {
        plan = PlanBatch(stats);
    } catch (const FormattedQueryError&) {
        throw;
    } catch (const std::exception& e) {
        throw FormattedQueryError("query '" + Name() + "' failed planning batch " +
                                  std::to_string(next_batch_id_) + ": " + e.what());
    }
    if (!plan) {
        last_trigger_start_us_ = stats.start_us;
        return false;
    }
    const int64_t batch_id = plan->entry.batch_id;
    try {
        RunBatch(*plan, stats);
        CommitBatch(*plan, stats);
    } catch (const FormattedQueryError&) {
        throw;
    } catch (const std::exception& e) {
        throw FormattedQueryError("query '" + Name() + "' failed in batch " + std::to_string(batch_id) +
                                  ": " + e.what());
    }
    ++batches_run_;
    ReportProgress(*plan, stats);
    last_trigger_start_us_ = stats.start_us;
    return true;
}

std::optional<StreamingQuery::PlannedBatch> StreamingQuery::PlanBatch(TriggerStats& stats) {
    PlannedBatch plan;
    plan.entry.batch_id = next_batch_id_;
    plan.entry.sources.assign(spec_.sources.size(), Offset());
    for (const SourceSlot& slot : slots_)
        plan.starts.push_back(slot.committed);
    plan.latest.assign(slots_.size(), Offset());

    if (pending_) {
        // A batch logged before a crash: re-run it exactly, without asking the sources again.
        plan.entry = *pending_;
        pending_.reset();
        {
            std::lock_guard<std::mutex> lock(mu_);
            ++plan_attempts_;
        }
        CrashIfRequested(CrashPoint::AfterOffsetsLog, plan.entry.batch_id);
        return plan;
    }

    int64_t attempt;
    {
        std::lock_guard<std::mutex> lock(mu_);
        attempt = ++plan_attempts_;
    }
    const int64_t latest_start = clock_->NowMicros();
    bool has_new_data = false;
    for (size_t s = 0; s < slots_.size(); ++s) {
        Offset end = slots_[s].source->LatestOffset(slots_[s].committed);
        if (end.is_null())
            throw QueryError("source " + slots_[s].source->Description() + " returned a null offset");
        has_new_data |= end != slots_[s].committed;
        plan.latest[s] = end;
        plan.entry.sources[slots_[s].spec_index] = std::move(end);
    }
    stats.duration_us["latestOffset"] = clock_->NowMicros() - latest_start;
    if (!has_new_data && !ShouldRunNoDataBatch(watermark_us_)) {
        std::lock_guard<std::mutex> lock(mu_);
        last_idle_attempt_ = attempt;
        cv_.notify_all();
        return std::nullopt;
    }
    plan.entry.batch_timestamp_us = clock_->NowMicros();
    plan.entry.watermark_us = watermark_us_;
    const int64_t wal_start = clock_->NowMicros();
    checkpoint_->WriteOffsets(plan.entry);
    stats.duration_us["walCommit"] = clock_->NowMicros() - wal_start;
    CrashIfRequested(CrashPoint::AfterOffsetsLog, plan.entry.batch_id);
    return plan;
}

void StreamingQuery::RunBatch(const PlannedBatch& plan, TriggerStats& stats) {
    const int64_t batch_id = plan.entry.batch_id;
    const int64_t planning_start = clock_->NowMicros();
    ctx_.ClearError();
    ctx_.batch_id = batch_id;
    ctx_.batch_timestamp_us = plan.entry.batch_timestamp_us;
    ctx_.arena = nullptr;
    stats.duration_us["queryPlanning"] = clock_->NowMicros() - planning_start;

    const int64_t add_start = clock_->NowMicros();
    stats.duration_us["getBatch"] = 0;
    if (sink_->BeginBatch(batch_id)) {
        for (const PipelineSpec& pipeline : spec_.pipelines)
            RunPipeline(pipeline, plan, stats);
        CrashIfRequested(CrashPoint::BeforeSinkCommit, batch_id);
        sink_->CommitBatch(batch_id);
        CrashIfRequested(CrashPoint::AfterSinkCommit, batch_id);
    } else {
        // The sink committed this batch before a crash; only the commit log is missing. Report the
        // input the batch covered when sources can tell without reading it.
        Log("the sink already holds batch " + std::to_string(batch_id) + "; not writing it again");
        for (size_t s = 0; s < slots_.size(); ++s) {
            const Offset& end = plan.entry.sources[slots_[s].spec_index];
            if (end != plan.starts[s])
                stats.input_rows[s] = std::max<int64_t>(0, slots_[s].source->CountRows(plan.starts[s], end));
        }
    }
    stats.duration_us["addBatch"] = clock_->NowMicros() - add_start - stats.duration_us["getBatch"];
}

void StreamingQuery::RunPipeline(const PipelineSpec& pipeline, const PlannedBatch& plan,
                                 TriggerStats& stats) {
    const int64_t batch_id = plan.entry.batch_id;
    const size_t s = static_cast<size_t>(slot_of_source_[pipeline.source]);
    SourceSlot& slot = slots_[s];
    const Offset& start = plan.starts[s];
    const Offset& end = plan.entry.sources[slot.spec_index];
    if (start == end)
        return;
    const int64_t read_start = clock_->NowMicros();
    std::unique_ptr<SourceReader> reader = slot.source->Read(start, end, stats.metrics[s]);
    stats.duration_us["getBatch"] += clock_->NowMicros() - read_start;
    if (!reader)
        throw QueryError("source " + slot.source->Description() + " returned no reader");
    while (BatchPtr chunk = reader->Next()) {
        stats.input_rows[s] += chunk->num_rows();
        if (chunk->num_rows() == 0)
            continue;
        // Generated pipelines append at out->num_rows and expect unwritten rows to read as NULL.
        BatchPtr out = output_batches_.Acquire(spec_.sink.schema, chunk->num_rows(), /*output=*/true);
        ctx_.ClearError();
        ctx_.arena = &out->arena();
        const int32_t rc = pipeline.fn(&ctx_, chunk->raw(), out->raw());
        ctx_.arena = nullptr;
        if (rc != SL_OK) {
            const int32_t code = ctx_.error_code != SL_OK ? ctx_.error_code : rc;
            std::string message = "query '" + Name() + "' failed in batch " + std::to_string(batch_id);
            if (ctx_.error_operator >= 0) {
                message += " at operator #" + std::to_string(ctx_.error_operator);
                auto op = spec_.operators.find(ctx_.error_operator);
                if (op != spec_.operators.end())
                    message += " (" + op->second + ")";
            } else {
                message += " in pipeline #" + std::to_string(pipeline.id);
            }
            message += std::string(": ") + ErrorCodeName(code);
            if (!ctx_.error_detail.empty())
                message += " (" + ctx_.error_detail + ")";
            else if (ctx_.error_code == SL_OK)
                message += " (the pipeline returned " + std::to_string(rc) + " without recording an error)";
            if (ctx_.error_row >= 0 && ctx_.error_row < chunk->num_rows()) {
                try {
                    message += " \u2014 input: " + reader->DescribeRow(ctx_.error_row);
                } catch (const std::exception& e) {
                    message += " \u2014 input row " + std::to_string(ctx_.error_row) + " of a chunk of " +
                               slot.source->Description();
                }
            }
            throw FormattedQueryError(message);
        }
        if (out->num_rows() > out->capacity())
            throw QueryError("pipeline #" + std::to_string(pipeline.id) + " wrote " +
                             std::to_string(out->num_rows()) + " rows into an output batch of " +
                             std::to_string(out->capacity()));
        if (out->num_rows() == 0)
            continue;
        // Output strings may point into the input chunk (a projected column is not copied).
        out->AddDependency(chunk);
        sink_->Write(*out);
        stats.output_rows += out->num_rows();
        // Sinks copy what they keep, so the chunk can go back to its source for the next one.
        out->ClearDependencies();
    }
}

void StreamingQuery::CommitBatch(const PlannedBatch& plan, TriggerStats& stats) {
    const int64_t batch_id = plan.entry.batch_id;
    const int64_t commit_start = clock_->NowMicros();
    checkpoint_->WriteCommit(batch_id);
    last_committed_batch_id_ = batch_id;
    CrashIfRequested(CrashPoint::AfterCommitLog, batch_id);
    for (SourceSlot& slot : slots_) {
        slot.committed = plan.entry.sources[slot.spec_index];
        slot.source->Commit(slot.committed);
    }
    next_batch_id_ = batch_id + 1;
    current_batch_id_ = next_batch_id_;
    stats.duration_us["commitOffsets"] = clock_->NowMicros() - commit_start;
}

void StreamingQuery::ReportProgress(const PlannedBatch& plan, const TriggerStats& stats) {
    const int64_t end_us = clock_->NowMicros();
    QueryProgress p;
    p.id = Id();
    p.run_id = run_id_;
    p.name = Name();
    p.timestamp_us = stats.start_us;
    p.batch_id = plan.entry.batch_id;
    p.batch_duration_ms = (end_us - stats.start_us) / 1000;
    // Spark's ProgressReporter: the processing rate divides by at least 1 ms; the input rate by the
    // time since the previous trigger started, infinite (a rate of 0) for the first trigger.
    const double processing_sec = static_cast<double>(std::max<int64_t>(1, p.batch_duration_ms)) / 1000.0;
    const double input_sec = last_trigger_start_us_ >= 0
                                 ? static_cast<double>(stats.start_us - last_trigger_start_us_) / 1e6
                                 : std::numeric_limits<double>::infinity();
    for (size_t s = 0; s < slots_.size(); ++s) {
        SourceProgress sp;
        sp.description = slots_[s].source->Description();
        sp.start_offset = plan.starts[s];
        sp.end_offset = plan.entry.sources[slots_[s].spec_index];
        sp.latest_offset = plan.latest[s];
        sp.num_input_rows = stats.input_rows[s];
        sp.input_rows_per_second = static_cast<double>(sp.num_input_rows) / input_sec;
        sp.processed_rows_per_second = static_cast<double>(sp.num_input_rows) / processing_sec;
        sp.metrics = stats.metrics[s];
        p.num_input_rows += sp.num_input_rows;
        p.input_rows_per_second += sp.input_rows_per_second;
        p.processed_rows_per_second += sp.processed_rows_per_second;
        p.sources.push_back(std::move(sp));
    }
    for (const auto& [phase, us] : stats.duration_us)
        p.duration_ms[phase] = us / 1000;
    p.duration_ms["triggerExecution"] = (end_us - stats.start_us) / 1000;
    p.sink.description = sink_->Description();
    p.sink.num_output_rows = stats.output_rows;
    if (batches_run_ == 1)
        p.notes = startup_notes_;
    {
        std::lock_guard<std::mutex> lock(mu_);
        progress_.push_back(p);
        while (progress_.size() > std::max<size_t>(1, options_.progress_retention))
            progress_.pop_front();
        cv_.notify_all();
    }
    ForEachListener([&](ProgressListener& l) { l.OnQueryProgress(p); });
}

} // namespace sluice::rt
