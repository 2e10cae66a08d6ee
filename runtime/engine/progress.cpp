#include "runtime/engine/progress.h"

#include <cmath>
#include <cstdio>
#include <ctime>

namespace sluice::rt {

namespace {

// Spark leaves NaN and infinite rates out of its JSON; a JSON document cannot hold them anyway.
void PutRate(nlohmann::ordered_json& j, const char* key, double value) {
    if (std::isfinite(value))
        j[key] = value;
}

int64_t FloorDiv(int64_t a, int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

} // namespace

std::string FormatIsoTimestamp(int64_t micros) {
    int64_t millis = FloorDiv(micros, 1000);
    std::time_t seconds = static_cast<std::time_t>(FloorDiv(millis, 1000));
    int ms = static_cast<int>(millis - static_cast<int64_t>(seconds) * 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char text[96];
    std::snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
    return text;
}

nlohmann::ordered_json QueryProgress::ToJson() const {
    nlohmann::ordered_json j;
    j["id"] = id;
    j["runId"] = run_id;
    j["name"] = name;
    j["timestamp"] = FormatIsoTimestamp(timestamp_us);
    j["batchId"] = batch_id;
    j["batchDuration"] = batch_duration_ms;
    j["numInputRows"] = num_input_rows;
    PutRate(j, "inputRowsPerSecond", input_rows_per_second);
    PutRate(j, "processedRowsPerSecond", processed_rows_per_second);
    nlohmann::ordered_json durations = nlohmann::ordered_json::object();
    for (const auto& [phase, ms] : duration_ms)
        durations[phase] = ms;
    j["durationMs"] = durations;
    nlohmann::ordered_json event = nlohmann::ordered_json::object();
    for (const auto& [key, value] : event_time)
        event[key] = value;
    j["eventTime"] = event;
    j["stateOperators"] = nlohmann::ordered_json::parse(state_operators.dump());
    nlohmann::ordered_json sources_json = nlohmann::ordered_json::array();
    for (const SourceProgress& s : sources) {
        nlohmann::ordered_json sj;
        sj["description"] = s.description;
        sj["startOffset"] = nlohmann::ordered_json::parse(s.start_offset.dump());
        sj["endOffset"] = nlohmann::ordered_json::parse(s.end_offset.dump());
        sj["latestOffset"] = nlohmann::ordered_json::parse(s.latest_offset.dump());
        sj["numInputRows"] = s.num_input_rows;
        PutRate(sj, "inputRowsPerSecond", s.input_rows_per_second);
        PutRate(sj, "processedRowsPerSecond", s.processed_rows_per_second);
        sj["metrics"] = {{"numRowsSkipped", s.metrics.rows_skipped},
                         {"numRowsDeadLetter", s.metrics.rows_dead_letter}};
        sources_json.push_back(std::move(sj));
    }
    j["sources"] = std::move(sources_json);
    j["sink"] = {{"description", sink.description}, {"numOutputRows", sink.num_output_rows}};
    if (!notes.empty())
        j["notes"] = notes;
    return j;
}

} // namespace sluice::rt
