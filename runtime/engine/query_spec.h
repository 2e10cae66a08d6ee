#pragma once

// What the runtime needs to run one streaming query, as plain data. The compiler's driver builds it
// from the physical plan (with pipeline function pointers from the JIT); `sluice build` serializes it
// into the executable and the AOT entry point reads it back, so both paths run the same spec.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/common/schema.h"
#include "sluice/abi.h"

namespace sluice::rt {

/// Connector, format and setting options: name -> string, integer, double or boolean JSON value.
/// Values were validated by the compiler; getters fall back to the defaults of connectors.def.
class Options {
public:
    Options() = default;
    explicit Options(std::map<std::string, nlohmann::json> values) : values_(std::move(values)) {}

    bool Has(const std::string& key) const { return values_.count(key) > 0; }
    std::string GetString(const std::string& key, const std::string& fallback = "") const;
    int64_t GetInt(const std::string& key, int64_t fallback = 0) const;
    double GetDouble(const std::string& key, double fallback = 0) const;
    bool GetBool(const std::string& key, bool fallback = false) const;
    void Set(const std::string& key, nlohmann::json value) { values_[key] = std::move(value); }
    const std::map<std::string, nlohmann::json>& values() const { return values_; }

private:
    std::map<std::string, nlohmann::json> values_;
};

/// One input of a query: a CREATE SOURCE (stream) or CREATE TABLE (static, read once).
struct SourceSpec {
    std::string name;
    std::string connector; // "file", "rate", "memory", "nexmark", ...
    std::string format;    // "csv", "json", "text", or "" for connectors without formats
    Options options;
    Options format_options;
    Schema schema; // the declared columns
    /// Declared column indexes to decode, in the order they appear as batch columns (projection
    /// pruning: unused columns are never decoded).
    std::vector<int> projection;
    bool is_static = false;
};

/// A compiled pipeline: reads batches of one source and appends to the sink's output batch.
struct PipelineSpec {
    int id = 0;
    int source = 0;              // index into QuerySpec::sources
    std::string symbol;          // the generated function's name
    sl_pipeline_fn fn = nullptr; // resolved by the JIT, or from the AOT object's table
};

/// When a query's batches run (LANGUAGE.md, TRIGGER): as soon as the previous one ends (Default), at
/// interval boundaries (ProcessingTime), one batch and stop (Once), everything there is now and stop
/// (AvailableNow). Continuous is parsed but not run yet.
enum class TriggerKind { Default, ProcessingTime, Once, AvailableNow, Continuous };
/// What a batch hands the sink: new rows (Append), changed result rows (Update), the whole result
/// (Complete).
enum class OutputMode { Append, Update, Complete };

/// A sink's TRIGGER clause.
struct TriggerSpec {
    TriggerKind kind = TriggerKind::Default;
    /// PROCESSING TIME and CONTINUOUS: the interval; 0 otherwise.
    int64_t interval_ms = 0;
};

/// A CREATE SINK: where the query's output goes and how the query runs (trigger, checkpoint, settings).
struct SinkSpec {
    std::string name;
    std::string connector;
    std::string format;
    Options options;
    Options format_options;
    Schema schema; // the query's output columns
    OutputMode output_mode = OutputMode::Append;
    TriggerSpec trigger;
    std::string checkpoint; // "" = no checkpoint: the query cannot resume
    Options settings;       // WITH (...) after --set overrides
};

/// Everything to run one sink's query.
struct QuerySpec {
    SinkSpec sink;
    std::vector<SourceSpec> sources;
    std::vector<PipelineSpec> pipelines;
    std::string plan_hash;
    /// Operator id -> short description (from `explain`), for runtime error messages.
    std::map<int, std::string> operators;
};

nlohmann::json ToJson(const QuerySpec& spec);
QuerySpec QuerySpecFromJson(const nlohmann::json& j);

const char* TriggerKindName(TriggerKind k);
const char* OutputModeName(OutputMode m);

} // namespace sluice::rt
