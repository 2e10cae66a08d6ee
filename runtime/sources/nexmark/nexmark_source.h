#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/engine/source.h"
#include "runtime/sources/nexmark/nexmark_generator.h"

namespace sluice::rt {

/// The generator configuration of a nexmark source's options (events_per_second = rate, seed,
/// base_time); `source_name` names the source in errors. Throws QueryError for a bad base_time or a
/// rate below 1.
NexmarkConfig NexmarkConfigFromOptions(const Options& options, const std::string& source_name);

/// The `nexmark` connector: one event kind of the Nexmark generator as a stream.
///
/// Offsets are `{"events": n}`: the events of all kinds consumed so far (a bid source at n has seen
/// the bids among events [0, n)). Because event n is a pure function of (seed, n), Read regenerates
/// any range exactly, so a re-run batch is identical.
///
/// Planning (LatestOffset from n):
///   - at most max_events_per_trigger events per batch (IgnoreRateLimits, for TRIGGER ONCE, lifts it,
///     except for an unbounded source without real_time, where it is the only bound there is);
///   - with `events` > 0 the stream ends there (Exhausted);
///   - with real_time only events whose event time has come on the query's clock are available.
/// AVAILABLE NOW fixes the end when it starts: `events` when bounded, else the events due now when
/// real_time; an unbounded generator that is not real time has no "now", so AVAILABLE NOW runs one
/// batch of max_events_per_trigger events past where the query stands.
class NexmarkSource : public Source {
public:
    /// Throws QueryError when a declared column is not a column of the kind (by name, any case, with
    /// the same type), for an unknown kind, and for bad options.
    NexmarkSource(const SourceSpec& spec, const SourceEnv& env);

    void Open(const Offset& last) override;
    Offset InitialOffset() override;
    Offset LatestOffset(const Offset& start) override;
    std::unique_ptr<SourceReader> Read(const Offset& start, const Offset& end,
                                       SourceMetrics& metrics) override;
    void Commit(const Offset& end) override;
    void PrepareForAvailableNow() override;
    void IgnoreRateLimits() override { ignore_rate_limits_ = true; }
    bool Exhausted(const Offset& offset) override;
    std::string Description() const override;
    int64_t CountRows(const Offset& start, const Offset& end) override;

private:
    int64_t EventsOf(const Offset& offset) const;
    /// The end of the events available now, before the per-trigger limit.
    int64_t AvailableEnd() const;

    std::string name_;
    NexmarkKind kind_;
    std::shared_ptr<const NexmarkGenerator> generator_;
    /// Batch schema: the projected declared columns, as declared.
    Schema schema_;
    /// Per batch column, its index into NexmarkColumns(kind_).
    std::vector<int> columns_;
    /// 0 = unbounded.
    int64_t max_events_;
    int64_t max_events_per_trigger_;
    bool real_time_;
    bool ignore_rate_limits_ = false;
    /// The end of the last batch the engine told us about (Open, InitialOffset, LatestOffset, Commit):
    /// where AVAILABLE NOW starts counting from on an unbounded, non-real-time generator.
    int64_t position_ = 0;
    std::optional<int64_t> available_now_end_;
    const Clock* clock_;
    int64_t chunk_rows_;
};

} // namespace sluice::rt
