#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/engine/source.h"

namespace sluice::rt {

/// The `rate` connector, Spark's rate source: rows (value BIGINT, ts TIMESTAMP) where value counts up
/// from 0 and row v is due at ts = t0 + floor(v * 1e6 / rows_per_second) microseconds, t0 being the
/// query clock's time when the stream first started.
///
/// Offsets are `{"rows": n, "start_us": t0}`: the rows [0, n) are consumed. t0 travels in every offset,
/// so a restarted query keeps its timeline and Read regenerates any range exactly. InitialOffset stamps
/// t0 from the clock only on a fresh start; after Open(last) it is last's t0, so that a batch 0 re-run
/// after a crash starts on the timeline it was planned on. LatestOffset makes available every row whose
/// ts has come on the query's clock; there is no per-trigger limit. AVAILABLE NOW ends at the rows due
/// when PrepareForAvailableNow was called.
class RateSource : public Source {
public:
    /// Throws QueryError when a declared column is not `value BIGINT` or `ts TIMESTAMP` (by name, any
    /// case), when rows_per_second is below 1, or without a clock.
    RateSource(const SourceSpec& spec, const SourceEnv& env);

    void Open(const Offset& last) override;
    Offset InitialOffset() override;
    Offset LatestOffset(const Offset& start) override;
    void PrepareForAvailableNow() override;
    std::unique_ptr<SourceReader> Read(const Offset& start, const Offset& end,
                                       SourceMetrics& metrics) override;
    std::string Description() const override;
    int64_t CountRows(const Offset& start, const Offset& end) override;

    /// How many rows are due at `now_us` on the timeline that starts at `start_us`.
    int64_t RowsDue(int64_t start_us, int64_t now_us) const;

private:
    /// A decoded offset.
    struct Position {
        int64_t rows;
        int64_t start_us;
    };
    Position Decode(const Offset& offset) const;

    std::string name_;
    int64_t rows_per_second_;
    const Clock* clock_;
    /// Per batch column: true for `value`, false for `ts`.
    std::vector<bool> is_value_;
    Schema schema_;
    int64_t chunk_rows_;
    /// t0 of the timeline, once known: from Open(last) or the first InitialOffset.
    std::optional<int64_t> start_us_;
    /// AVAILABLE NOW: the clock's time when it started; rows due later are not planned.
    std::optional<int64_t> available_now_us_;
};

} // namespace sluice::rt
