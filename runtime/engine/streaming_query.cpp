#include "runtime/engine/streaming_query.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <limits>
#include <stdexcept>

#include "runtime/common/batch.h"
#include "runtime/engine/result_sort.h"
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
/// Rows per output batch of a pipeline that emits state (it returns SL_OUTPUT_FULL when one is full).
constexpr int64_t kEmitBatchRows = 4096;

EmitSet ToEmitSet(StateTableSpec::Emit e) {
    switch (e) {
    case StateTableSpec::Emit::Updated:
        return EmitSet::Updated;
    case StateTableSpec::Emit::Expired:
        return EmitSet::Expired;
    case StateTableSpec::Emit::All:
        return EmitSet::All;
    default:
        return EmitSet::None;
    }
}

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
    return uses_watermark_ && spec_.sink.trigger.kind != TriggerKind::Once &&
           spec_.sink.settings.GetBool("no_data_batches", true) && watermark_us > last_batch_watermark_us_;
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
        const size_t inputs = p.input == PipelineSpec::Input::Source     ? spec_.sources.size()
                              : p.input == PipelineSpec::Input::Exchange ? spec_.exchanges.size()
                                                                         : spec_.state_tables.size();
        if (p.source < 0 || static_cast<size_t>(p.source) >= inputs)
            throw QueryError("pipeline #" + std::to_string(p.id) + " reads input " +
                             std::to_string(p.source) + ", but the query has " + std::to_string(inputs) +
                             " of that kind");
        if ((p.input == PipelineSpec::Input::Source) != (p.stage == 0))
            throw QueryError("pipeline #" + std::to_string(p.id) + " is in stage " + std::to_string(p.stage) +
                             ": sources are read in stage 0, exchanges and state in later stages");
        if (p.output == PipelineSpec::Output::Exchange &&
            (p.output_exchange < 0 || static_cast<size_t>(p.output_exchange) >= spec_.exchanges.size()))
            throw QueryError("pipeline #" + std::to_string(p.id) + " writes exchange " +
                             std::to_string(p.output_exchange) + ", which the query does not have");
        if (p.input == PipelineSpec::Input::Source && spec_.sources[p.source].is_static)
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
    // The last batch ran with previous->watermark_us; a pending batch runs again with its own.
    ran_batch_ = resume.previous.has_value();
    last_batch_watermark_us_ = resume.previous ? resume.previous->watermark_us : 0;
    watermark_us_ = resume.pending ? resume.pending->watermark_us
                                   : resume.next_watermark_us.value_or(last_batch_watermark_us_);
    source_max_event_us_.assign(spec_.sources.size(), std::nullopt);

    const auto partitions = static_cast<int32_t>(spec_.sink.settings.GetInt("state_partitions", 8));
    for (const StateTableSpec& t : spec_.state_tables)
        uses_watermark_ = uses_watermark_ || t.evict_expired || t.emit == StateTableSpec::Emit::Expired;
    if (!spec_.state_tables.empty()) {
        StateStoreOptions store;
        store.kind = spec_.sink.settings.GetString("state_store", "memory");
        store.snapshot_interval = spec_.sink.settings.GetInt("state_snapshot_interval", 10);
        store.min_versions_to_retain = spec_.sink.settings.GetInt("min_batches_to_retain", 100);
        state_ = std::make_unique<StateStore>(spec_.state_tables, partitions,
                                              checkpoint_->dir().empty() ? "" : checkpoint_->dir() + "/state",
                                              store);
        state_->Load(next_batch_id_);
    }
    for (const ExchangeSpec& e : spec_.exchanges)
        exchanges_.emplace_back(e.schema, partitions);
    routed_.assign(spec_.exchanges.size(), {});
    if (!spec_.state_tables.empty() || !spec_.exchanges.empty()) {
        partition_ctx_.resize(static_cast<size_t>(partitions));
        for (int32_t p = 0; p < partitions; ++p)
            scratch_arenas_.push_back(std::make_unique<Arena>());
        for (int32_t p = 0; p < partitions; ++p)
            for (size_t t = 0; state_ && t < spec_.state_tables.size(); ++t)
                partition_ctx_[p].state_tables.push_back(state_->Table(static_cast<int>(t), p));
        const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
        workers_ = std::make_unique<WorkerPool>(std::min(cores, static_cast<int>(partitions)) - 1);
    }
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
    // Rows are late against the watermark the previous batch ran with; state is evicted by this one's.
    const int64_t evict_wm = plan.entry.watermark_us;
    const int64_t late_wm = ran_batch_ ? last_batch_watermark_us_ : INT64_MIN;
    stats.watermark_us = evict_wm;
    auto prepare = [&](sl_ctx& ctx) {
        ctx.ClearError();
        ctx.batch_id = batch_id;
        ctx.batch_timestamp_us = plan.entry.batch_timestamp_us;
        ctx.arena = nullptr;
        ctx.watermark_us[SL_WATERMARK_LATE] = late_wm;
        ctx.watermark_us[SL_WATERMARK_EVICT] = evict_wm;
    };
    prepare(ctx_);
    for (sl_ctx& ctx : partition_ctx_)
        prepare(ctx);
    stats.duration_us["queryPlanning"] = clock_->NowMicros() - planning_start;

    const int64_t add_start = clock_->NowMicros();
    stats.duration_us["getBatch"] = 0;
    if (sink_->BeginBatch(batch_id)) {
        if (state_)
            for (size_t t = 0; t < spec_.state_tables.size(); ++t)
                for (int32_t p = 0; p < state_->partitions(); ++p)
                    state_->Table(static_cast<int>(t), p)->BeginBatch();
        int last_stage = 0;
        for (const PipelineSpec& pipeline : spec_.pipelines)
            last_stage = std::max(last_stage, pipeline.stage);
        for (int stage = 0; stage <= last_stage; ++stage)
            for (const PipelineSpec& pipeline : spec_.pipelines)
                if (pipeline.stage == stage) {
                    if (stage == 0)
                        RunPipeline(pipeline, plan, stats);
                    else
                        RunPartitioned(pipeline, batch_id, stats);
                }
        if (!spec_.sink.order_by.empty() || spec_.sink.limit >= 0) {
            BatchPtr sorted =
                SortResult(rows_to_sort_, spec_.sink.schema, spec_.sink.order_by, spec_.sink.limit);
            rows_to_sort_.clear();
            if (sorted->num_rows() > 0) {
                sink_->Write(*sorted);
                stats.output_rows += sorted->num_rows();
            }
        }
        if (state_) {
            for (size_t t = 0; t < spec_.state_tables.size(); ++t)
                if (spec_.state_tables[t].evict_expired)
                    for (int32_t p = 0; p < state_->partitions(); ++p)
                        state_->Table(static_cast<int>(t), p)->EvictExpired(evict_wm);
            state_->Commit(batch_id);
        }
        AdvanceWatermark();
        CrashIfRequested(CrashPoint::BeforeSinkCommit, batch_id);
        sink_->CommitBatch(batch_id);
        CrashIfRequested(CrashPoint::AfterSinkCommit, batch_id);
    } else {
        // The sink committed this batch before a crash; only the commit log is missing. Report the
        // input the batch covered when sources can tell without reading it.
        Log("the sink already holds batch " + std::to_string(batch_id) + "; not writing it again");
        // The state reached the batch's version before the sink committed it. The watermark after the
        // batch needs the event times it read: read them again (only the watermark columns matter).
        if (state_)
            state_->Load(batch_id + 1);
        for (size_t s = 0; s < slots_.size(); ++s) {
            const Offset& end = plan.entry.sources[slots_[s].spec_index];
            if (spec_.sources[slots_[s].spec_index].watermark_column < 0 || end == plan.starts[s])
                continue;
            std::unique_ptr<SourceReader> reader =
                slots_[s].source->Read(plan.starts[s], end, stats.metrics[s]);
            while (reader)
                if (BatchPtr chunk = reader->Next())
                    TrackEventTime(slots_[s].spec_index, *chunk, stats);
                else
                    break;
        }
        AdvanceWatermark();
        for (size_t s = 0; s < slots_.size(); ++s) {
            const Offset& end = plan.entry.sources[slots_[s].spec_index];
            if (end != plan.starts[s])
                stats.input_rows[s] = std::max<int64_t>(0, slots_[s].source->CountRows(plan.starts[s], end));
        }
    }
    stats.duration_us["addBatch"] = clock_->NowMicros() - add_start - stats.duration_us["getBatch"];
    last_batch_watermark_us_ = evict_wm;
    ran_batch_ = true;
}

void StreamingQuery::TrackEventTime(size_t source, const Batch& chunk, TriggerStats& stats) {
    const int column = spec_.sources[source].watermark_column;
    if (column < 0 || column >= chunk.num_columns())
        return;
    const int64_t* values = chunk.Values<int64_t>(column);
    int64_t max = INT64_MIN;
    for (int64_t r = 0; r < chunk.num_rows(); ++r) {
        if (chunk.IsNull(column, r))
            continue;
        const int64_t v = values[r];
        max = std::max(max, v);
        stats.event_min_us = std::min(stats.event_min_us, v);
        stats.event_sum_us += static_cast<double>(v);
        ++stats.event_count;
    }
    stats.event_max_us = std::max(stats.event_max_us, max);
    if (max != INT64_MIN)
        source_max_event_us_[source] = std::max(source_max_event_us_[source].value_or(INT64_MIN), max);
}

void StreamingQuery::AdvanceWatermark() {
    // Spark's WatermarkTracker: sources that have yielded rows in this run each give max - delay; the
    // policy combines them; the query's watermark never moves back.
    const bool use_max = spec_.sink.settings.GetString("watermark_policy", "min") == "max";
    std::optional<int64_t> combined;
    for (size_t s = 0; s < spec_.sources.size(); ++s) {
        if (!source_max_event_us_[s])
            continue;
        const int64_t w = *source_max_event_us_[s] - spec_.sources[s].watermark_delay_us;
        combined = !combined ? w : use_max ? std::max(*combined, w) : std::min(*combined, w);
    }
    if (combined && *combined > watermark_us_)
        watermark_us_ = *combined;
}

const Schema& StreamingQuery::OutputSchema(const PipelineSpec& pipeline) const {
    if (pipeline.output == PipelineSpec::Output::Exchange)
        return spec_.exchanges[pipeline.output_exchange].schema;
    return spec_.sink.schema;
}

void StreamingQuery::Deliver(const PipelineSpec& pipeline, BatchPtr out, TriggerStats& stats) {
    if (!out || out->num_rows() == 0)
        return;
    if (pipeline.output == PipelineSpec::Output::Exchange) {
        exchanges_[pipeline.output_exchange].Add(std::move(out));
        return;
    }
    if (!spec_.sink.order_by.empty() || spec_.sink.limit >= 0) {
        rows_to_sort_.push_back(std::move(out));
        return;
    }
    sink_->Write(*out);
    stats.output_rows += out->num_rows();
}

std::string StreamingQuery::PipelineError(const PipelineSpec& pipeline, const sl_ctx& ctx, int32_t rc,
                                          int64_t batch_id,
                                          const std::function<std::string(int64_t)>& describe_row) const {
    const int32_t code = ctx.error_code != SL_OK ? ctx.error_code : rc;
    std::string message = "query '" + Name() + "' failed in batch " + std::to_string(batch_id);
    if (ctx.error_operator >= 0) {
        message += " at operator #" + std::to_string(ctx.error_operator);
        auto op = spec_.operators.find(ctx.error_operator);
        if (op != spec_.operators.end())
            message += " (" + op->second + ")";
    } else {
        message += " in pipeline #" + std::to_string(pipeline.id);
    }
    message += std::string(": ") + ErrorCodeName(code);
    if (!ctx.error_detail.empty())
        message += " (" + ctx.error_detail + ")";
    else if (ctx.error_code == SL_OK)
        message += " (the pipeline returned " + std::to_string(rc) + " without recording an error)";
    if (ctx.error_row >= 0 && describe_row)
        message += " \u2014 input: " + describe_row(ctx.error_row);
    return message;
}

void StreamingQuery::RunPartitioned(const PipelineSpec& pipeline, int64_t batch_id, TriggerStats& stats) {
    const int32_t partitions = static_cast<int32_t>(partition_ctx_.size());
    if (pipeline.input == PipelineSpec::Input::Exchange && routed_[pipeline.source].empty())
        routed_[pipeline.source] = exchanges_[pipeline.source].Route();
    std::vector<std::vector<BatchPtr>> outputs(static_cast<size_t>(partitions));
    std::vector<std::string> errors(static_cast<size_t>(partitions));
    const bool has_output = pipeline.output != PipelineSpec::Output::None;
    workers_->Run(partitions, [&](int p) {
        sl_ctx& ctx = partition_ctx_[p];
        auto run = [&](const sl_batch* in, BatchPtr out) -> int32_t {
            ctx.ClearError();
            // Without an output batch, what the pipeline allocates (key bytes, bitmaps) is scratch.
            scratch_arenas_[p]->Reset();
            ctx.arena = out ? &out->arena() : scratch_arenas_[p].get();
            const int32_t rc = pipeline.fn(&ctx, in, out ? out->raw() : nullptr);
            ctx.arena = nullptr;
            if (rc != SL_OK && rc != SL_OUTPUT_FULL)
                errors[p] = PipelineError(pipeline, ctx, rc, batch_id, nullptr);
            else if (out)
                outputs[p].push_back(std::move(out));
            return rc;
        };
        try {
            if (pipeline.input == PipelineSpec::Input::Exchange) {
                const BatchPtr& in = routed_[pipeline.source][p];
                if (in->num_rows() == 0)
                    return;
                BatchPtr out;
                if (has_output) {
                    out = std::make_shared<Batch>(OutputSchema(pipeline),
                                                  in->num_rows() * pipeline.rows_per_input_row);
                    out->AllocateAllValidity();
                    out->AddDependency(in);
                }
                run(in->raw(), std::move(out));
                return;
            }
            const StateTableSpec& table = spec_.state_tables[pipeline.source];
            sl_state* state = ctx.state_tables.at(static_cast<size_t>(pipeline.source));
            state->PrepareEmit(ToEmitSet(table.emit), ctx.watermark_us[SL_WATERMARK_EVICT]);
            sl_batch none{};
            for (;;) {
                auto out = std::make_shared<Batch>(OutputSchema(pipeline),
                                                   std::max(kEmitBatchRows, pipeline.rows_per_input_row));
                out->AllocateAllValidity();
                if (run(&none, std::move(out)) != SL_OUTPUT_FULL)
                    return;
            }
        } catch (const std::exception& e) {
            errors[p] = "query '" + Name() + "' failed in batch " + std::to_string(batch_id) +
                        " in pipeline #" + std::to_string(pipeline.id) + ", state partition " +
                        std::to_string(p) + ": " + e.what();
        }
    });
    for (const std::string& error : errors)
        if (!error.empty())
            throw FormattedQueryError(error);
    // In partition order, so that the output of a batch does not depend on thread timing.
    for (auto& partition : outputs)
        for (BatchPtr& out : partition)
            Deliver(pipeline, std::move(out), stats);
    // An exchange has one reader (the planner puts one below each stateful operator).
    if (pipeline.input == PipelineSpec::Input::Exchange)
        routed_[pipeline.source].clear();
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
    // Rows going to an exchange or to be sorted are kept until later in the batch: their output
    // batches cannot be reused from chunk to chunk.
    const bool kept = pipeline.output != PipelineSpec::Output::Sink || !spec_.sink.order_by.empty() ||
                      spec_.sink.limit >= 0;
    while (BatchPtr chunk = reader->Next()) {
        stats.input_rows[s] += chunk->num_rows();
        if (chunk->num_rows() == 0)
            continue;
        TrackEventTime(slot.spec_index, *chunk, stats);
        // Generated pipelines append at out->num_rows and expect unwritten rows to read as NULL.
        const int64_t capacity = chunk->num_rows() * pipeline.rows_per_input_row;
        BatchPtr out;
        if (kept) {
            out = std::make_shared<Batch>(OutputSchema(pipeline), capacity);
            out->AllocateAllValidity();
        } else {
            out = output_batches_.Acquire(spec_.sink.schema, capacity, /*output=*/true);
        }
        ctx_.ClearError();
        ctx_.arena = &out->arena();
        const int32_t rc = pipeline.fn(&ctx_, chunk->raw(), out->raw());
        ctx_.arena = nullptr;
        if (rc != SL_OK)
            throw FormattedQueryError(
                PipelineError(pipeline, ctx_, rc, batch_id, [&](int64_t row) -> std::string {
                    if (row >= chunk->num_rows())
                        return "row " + std::to_string(row) + " of a chunk of " + slot.source->Description();
                    try {
                        return reader->DescribeRow(row);
                    } catch (const std::exception&) {
                        return "row " + std::to_string(row) + " of a chunk of " + slot.source->Description();
                    }
                }));
        if (out->num_rows() > out->capacity())
            throw QueryError("pipeline #" + std::to_string(pipeline.id) + " wrote " +
                             std::to_string(out->num_rows()) + " rows into an output batch of " +
                             std::to_string(out->capacity()));
        if (out->num_rows() == 0)
            continue;
        // Output strings may point into the input chunk (a projected column is not copied).
        out->AddDependency(chunk);
        if (kept) {
            Deliver(pipeline, std::move(out), stats);
            continue;
        }
        sink_->Write(*out);
        stats.output_rows += out->num_rows();
        // Sinks copy what they keep, so the chunk can go back to its source for the next one.
        out->ClearDependencies();
    }
}

void StreamingQuery::CommitBatch(const PlannedBatch& plan, TriggerStats& stats) {
    const int64_t batch_id = plan.entry.batch_id;
    const int64_t commit_start = clock_->NowMicros();
    checkpoint_->WriteCommit(batch_id, watermark_us_);
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
    const bool watermarked = std::any_of(spec_.sources.begin(), spec_.sources.end(),
                                         [](const SourceSpec& s) { return s.watermark_column >= 0; });
    if (watermarked) {
        p.event_time["watermark"] = FormatIsoTimestamp(stats.watermark_us);
        if (stats.event_count > 0) {
            p.event_time["min"] = FormatIsoTimestamp(stats.event_min_us);
            p.event_time["max"] = FormatIsoTimestamp(stats.event_max_us);
            p.event_time["avg"] = FormatIsoTimestamp(
                static_cast<int64_t>(stats.event_sum_us / static_cast<double>(stats.event_count)));
        }
    }
    if (state_) {
        // One entry per stateful operator, downstream (higher operator ids) first, as Spark lists them.
        std::map<int, std::vector<size_t>, std::greater<int>> by_operator;
        for (size_t t = 0; t < spec_.state_tables.size(); ++t)
            by_operator[spec_.state_tables[t].operator_id].push_back(t);
        for (const auto& [op, tables] : by_operator) {
            StateTableMetrics sum;
            for (size_t t : tables) {
                const StateTableMetrics m = state_->Metrics(static_cast<int>(t));
                sum.rows_total += m.rows_total;
                sum.rows_updated += m.rows_updated;
                sum.rows_removed += m.rows_removed;
                sum.rows_dropped_by_watermark += m.rows_dropped_by_watermark;
                sum.memory_used_bytes += m.memory_used_bytes;
            }
            const std::string& description = spec_.state_tables[tables[0]].description;
            p.state_operators.push_back(
                {{"operatorName", description.starts_with("deduplicate") ? "dedupe" : "stateStoreSave"},
                 {"operatorId", op},
                 {"numRowsTotal", sum.rows_total},
                 {"numRowsUpdated", sum.rows_updated},
                 {"numRowsRemoved", sum.rows_removed},
                 {"commitTimeMs", state_->last_commit_ms()},
                 {"memoryUsedBytes", sum.memory_used_bytes},
                 {"numRowsDroppedByWatermark", sum.rows_dropped_by_watermark},
                 {"numShufflePartitions", state_->partitions()}});
        }
    }
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
