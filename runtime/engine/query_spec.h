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
    /// The source's WATERMARK column as a batch column (an index into `projection`), or -1 without a
    /// watermark. The engine takes the maximum of this column over every row the source yields; the
    /// watermark is that maximum minus `watermark_delay_us`.
    int watermark_column = -1;
    int64_t watermark_delay_us = 0;
};

/// One state table: keyed state of a stateful operator (an aggregation's groups, a deduplication's
/// keys, the distinct values of a COUNT(DISTINCT)), split into the query's state partitions. Keys are
/// bytes encoded by generated code; values are `value_size` bytes laid out by the planner.
struct StateTableSpec {
    int id = 0;          // index into QuerySpec::state_tables; the `table` of sl_rt_ctx_state
    int operator_id = 0; // the plan operator it belongs to (explain's #id), for progress and errors
    std::string description;
    int32_t value_size = 0;
    /// Offsets of the sl_str fields of a value, whose bytes live in the state (sl_rt_state_alloc): a
    /// checkpoint writes the bytes, not the pointer.
    std::vector<int32_t> value_string_offsets;
    /// What sl_rt_state_next yields when the table's emit pipeline runs: nothing (a table that is only
    /// read and written while consuming), the entries updated in this batch (UPDATE mode), the entries whose
    /// expiry is <= the eviction watermark (APPEND mode: final results), or every entry (COMPLETE mode).
    enum class Emit { None, Updated, Expired, All };
    Emit emit = Emit::None;
    /// After the batch's pipelines ran: remove the entries whose expiry is <= the eviction watermark.
    bool evict_expired = false;
};

/// An exchange: rows a pipeline writes are routed to state partitions by the hash in their last column
/// (a BIGINT from sl_fn_hash_bytes over the key), so that each partition's rows can be consumed apart,
/// in parallel, by the pipelines that read the exchange.
struct ExchangeSpec {
    int id = 0;
    int operator_id = 0;
    Schema schema; // the columns written, the hash last
};

/// A compiled pipeline: one fused loop from an input to an output.
struct PipelineSpec {
    int id = 0;
    /// Pipelines run stage by stage within a batch: all of stage 0 (the sources), then stage 1, ...
    /// A pipeline reading an exchange or a state table runs once per partition, partitions in parallel.
    int stage = 0;
    enum class Input { Source, Exchange, State };
    Input input = Input::Source;
    int source =
        0; // Input::Source: index into QuerySpec::sources; Exchange: into exchanges; State: into state_tables
    enum class Output { Sink, Exchange, None };
    Output output = Output::Sink;
    int output_exchange = -1; // Output::Exchange: index into QuerySpec::exchanges
    /// The most output rows one input row can make (a HOP window assignment repeats rows), so that the
    /// output batch of a batch-input pipeline is large enough.
    int64_t rows_per_input_row = 1;
    std::string symbol;          // the generated function's name
    sl_pipeline_fn fn = nullptr; // resolved by the JIT, or from the AOT object's table

    /// A stage-0 pipeline from a source straight to the sink (what a stateless query has).
    static PipelineSpec SourceToSink(int id, int source, std::string symbol, sl_pipeline_fn fn) {
        PipelineSpec p;
        p.id = id;
        p.source = source;
        p.symbol = std::move(symbol);
        p.fn = fn;
        return p;
    }
};

/// One key of an ORDER BY over a COMPLETE-mode result: the column of the sink's schema.
struct SortKeySpec {
    int column = 0;
    bool descending = false;
    bool nulls_first = true;
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
    /// ORDER BY and LIMIT of a COMPLETE-mode result: the batch's rows are sorted (and cut) before the sink
    /// sees them. Empty / -1: as they come.
    std::vector<SortKeySpec> order_by;
    int64_t limit = -1;
};

/// Everything to run one sink's query.
struct QuerySpec {
    SinkSpec sink;
    std::vector<SourceSpec> sources;
    std::vector<PipelineSpec> pipelines;
    std::vector<StateTableSpec> state_tables;
    std::vector<ExchangeSpec> exchanges;
    std::string plan_hash;
    /// Operator id -> short description (from `explain`), for runtime error messages.
    std::map<int, std::string> operators;
};

nlohmann::json ToJson(const QuerySpec& spec);
QuerySpec QuerySpecFromJson(const nlohmann::json& j);

const char* TriggerKindName(TriggerKind k);
const char* OutputModeName(OutputMode m);

} // namespace sluice::rt
