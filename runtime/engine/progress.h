#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/engine/source.h"

namespace sluice::rt {

/// Progress of one source in one batch (Spark's SourceProgress).
struct SourceProgress {
    /// Source::Description(), e.g. "FileSource[data/in]".
    std::string description;
    /// Offsets the batch read after (exclusive) and up to (inclusive); null when not known.
    Offset start_offset;
    Offset end_offset;
    /// What LatestOffset returned when the batch was planned (null for a batch re-run after a restart,
    /// which is not planned again).
    Offset latest_offset;
    int64_t num_input_rows = 0;
    /// Rows per second of time between the starts of the previous trigger and this one.
    double input_rows_per_second = 0;
    /// Rows per second of this trigger's own duration.
    double processed_rows_per_second = 0;
    SourceMetrics metrics;
};

/// Progress of the sink in one batch (Spark's SinkProgress).
struct SinkProgress {
    std::string description;
    int64_t num_output_rows = 0;
};

/// One record per batch, with the fields of Spark's StreamingQueryProgress; listeners get it after
/// the batch is committed. Times are from the query's clock.
struct QueryProgress {
    /// The query id (kept in the checkpoint) and this run's id (new at every start).
    std::string id;
    std::string run_id;
    std::string name;
    /// When the trigger started (microseconds since the epoch); ToJson prints ISO-8601 like Spark.
    int64_t timestamp_us = 0;
    int64_t batch_id = 0;
    /// Trigger start to end, in milliseconds.
    int64_t batch_duration_ms = 0;
    int64_t num_input_rows = 0;
    double input_rows_per_second = 0;
    double processed_rows_per_second = 0;
    /// Per-phase durations: latestOffset, walCommit, getBatch, queryPlanning, addBatch,
    /// commitOffsets, triggerExecution.
    std::map<std::string, int64_t> duration_ms;
    /// Event-time statistics (watermark, min, max, avg) once watermarks exist.
    std::map<std::string, std::string> event_time;
    /// One object per stateful operator once state exists (Spark's StateOperatorProgress).
    nlohmann::json state_operators = nlohmann::json::array();
    std::vector<SourceProgress> sources;
    SinkProgress sink;
    /// Not in Spark: what recovery repaired before this run's first batch (a torn log tail...).
    /// Only the first record of a run carries notes; ToJson omits the field when it is empty.
    std::vector<std::string> notes;

    /// Spark's JSON form: fields in Spark's order, camelCase names, offsets as JSON values.
    nlohmann::ordered_json ToJson() const;
};

/// Microseconds since the epoch as ISO-8601 UTC with milliseconds: "2026-01-01T00:00:00.000Z".
std::string FormatIsoTimestamp(int64_t micros);

} // namespace sluice::rt
