#pragma once

// Physical plan: how a query runs. Operators between pipeline breakers fuse into one generated loop;
// each pipeline starts at a source (a scan, the read side of an exchange, the emit side of an
// aggregation) and ends at a breaker (the sink, the write side of an exchange, the update side of an
// aggregation).

#include <memory>
#include <string>
#include <vector>

#include "compiler/plan/logical/logical_plan.h"

namespace sluice::plan {

enum class PhysicalKind { Scan, Filter, Project, Union, Sink, WindowAssign, Exchange, Aggregate, Dedup };

const char* PhysicalKindName(PhysicalKind k);

struct PhysicalNode;
using PhysicalNodePtr = std::unique_ptr<PhysicalNode>;

/// Base of physical operators; same conventions as LogicalNode (ids are kept from the logical plan).
struct PhysicalNode {
    PhysicalKind kind;
    int id = 0;
    Schema schema;
    std::vector<PhysicalNodePtr> inputs;
    SourceRange range;

    explicit PhysicalNode(PhysicalKind k) : kind(k) {}
    virtual ~PhysicalNode() = default;
};

/// Reads a source into batches whose columns are `columns` (declared indexes) in order.
struct PhysicalScan : PhysicalNode {
    const sema::SourceEntry* source = nullptr;
    std::vector<int> columns;
    int source_index = 0; // index into PhysicalQuery::scans
    PhysicalScan() : PhysicalNode(PhysicalKind::Scan) {}
};

/// Keeps the rows whose predicate is TRUE (fused into the pipeline loop).
struct PhysicalFilter : PhysicalNode {
    BoundExprPtr predicate;
    PhysicalFilter() : PhysicalNode(PhysicalKind::Filter) {}
};

/// Computes the output columns (fused into the pipeline loop).
struct PhysicalProject : PhysicalNode {
    std::vector<BoundExprPtr> exprs;
    PhysicalProject() : PhysicalNode(PhysicalKind::Project) {}
};

/// UNION ALL: not an operator at run time; each input is its own pipeline into the same output.
struct PhysicalUnion : PhysicalNode {
    PhysicalUnion() : PhysicalNode(PhysicalKind::Union) {}
};

/// Writes the rows into the sink's output batch.
struct PhysicalSink : PhysicalNode {
    const sema::SinkEntry* sink = nullptr;
    PhysicalSink() : PhysicalNode(PhysicalKind::Sink) {}
};

/// Assigns each row to the event-time windows that cover it and appends `window_start` and
/// `window_end` (TIMESTAMP) to its columns: one row out per window. TUMBLE gives one window (slide ==
/// size), HOP gives size / slide of them (a pipeline with a HOP makes that many rows per input row).
/// Windows are [start, end), aligned so that start = offset + k * slide for an integer k (epoch-aligned
/// when offset is 0). A row whose time is NULL belongs to no window and is dropped, as in Spark.
struct PhysicalWindowAssign : PhysicalNode {
    enum class Kind { Tumble, Hop };
    Kind window = Kind::Tumble;
    int time_column = 0; // input TIMESTAMP column
    int64_t size_us = 0;
    int64_t slide_us = 0;  // == size_us for TUMBLE
    int64_t offset_us = 0; // TUMBLE's optional offset, 0 <= offset < slide
    PhysicalWindowAssign() : PhysicalNode(PhysicalKind::WindowAssign) {}
};

/// Routes rows to state partitions: a pipeline breaker. The writing pipeline appends its input
/// columns, then `__key` (STRING: the encoded bytes of the `keys` columns, see below) and `__hash`
/// (BIGINT: sl_hash_bytes of those bytes); the runtime partitions the rows by the hash, and one
/// pipeline per partition reads them back with the same schema (= the node's schema: input + the two).
///
/// Key encoding (what state tables are keyed by; decoded again by an aggregation's emit side): the key
/// columns in order, each as one byte, 0 for NULL or 1, then the value's bytes as in memory (zeros for
/// NULL) — BOOLEAN 1 byte, INT and DATE 4, BIGINT, TIMESTAMP, INTERVAL and DOUBLE 8, DECIMAL 16; STRING
/// its 8-byte length-and-prefix word of sl_str, then its bytes. DOUBLE -0.0 is encoded as 0.0 and every
/// NaN as one NaN, so that equal values are equal keys. (The `__key` column's own sl_str carries only
/// the length in its prefix word: nothing compares it as a string.)
struct PhysicalExchange : PhysicalNode {
    std::vector<int> keys;  // input columns forming the key
    int exchange_index = 0; // into PhysicalQuery::exchanges
    PhysicalExchange() : PhysicalNode(PhysicalKind::Exchange) {}
};

/// One aggregate of an aggregation: its inputs (columns of the aggregation's input) and where its
/// state lives in the group's value buffer. Its parts, in the order of `fields` (LayoutAggregateState
/// computes the offsets; every part has its natural alignment, the whole buffer is 16-byte aligned):
///   CountStar, Count, CountDistinct  int64 count (CountDistinct: the distinct values are keys of
///                                    `distinct_table`, the group key bytes followed by the value's)
///   Sum     the sum in the result type (int64, double or decimal 16 bytes) + uint8 "has a value"
///   Min/Max the value in the argument's layout (sl_str for STRING, its bytes from sl_rt_state_alloc)
///           + uint8 "has a value"
///   Avg     the sum (double, or decimal 16 bytes for a DECIMAL argument) + int64 count
///   MinBy/MaxBy  the ordering value (args[1]) + the result value (args[0]) + uint8 "has a value" +
///           uint8 "result is NULL"
///   ApproxCountDistinct  512 one-byte HyperLogLog registers (p = 9: Spark's default relative
///           standard deviation 0.05)
/// A NULL argument is skipped (CountStar counts every row); rows whose `filter` column is not TRUE are
/// skipped by that aggregate only.
struct AggregateCall {
    AggregateKind kind = AggregateKind::CountStar;
    std::vector<int> args;
    int filter = -1; // input BOOLEAN column of FILTER (WHERE ...), -1 for none
    Type result_type;
    std::vector<int32_t> fields; // byte offsets of its parts in the value buffer, in the order above
    int distinct_table = -1;     // CountDistinct: index into PhysicalQuery::state_tables
    std::string text;            // for explain: "count(DISTINCT user)"
};

/// When an emit side produces rows and which state is removed, from the sink's output mode: UPDATE
/// emits the groups updated in the batch; APPEND the groups the watermark finalized; COMPLETE every
/// group. APPEND and UPDATE remove the groups the watermark passed (after emitting them).
enum class EmitMode { Updated, Expired, All };

/// A state table of the query (QuerySpec::state_tables): one per aggregation or deduplication, and one
/// per COUNT(DISTINCT ...).
struct StateTable {
    int operator_id = 0;
    std::string description; // "aggregate #5 groups", "aggregate #5 count(DISTINCT user) values"
    int32_t value_size = 0;
    std::vector<int32_t> string_offsets; // sl_str fields of the value whose bytes the state keeps
    EmitMode emit = EmitMode::Updated;
    bool emits = false;         // the table has an emit pipeline (an aggregation's groups)
    bool evict_expired = false; // entries are removed once the eviction watermark passes their expiry
};

/// The state an event-time watermark bounds: an entry expires at `expiry_column`'s value + delay and is
/// evicted once the eviction watermark reaches it; an input row is late (dropped and counted) when its
/// `late_column` value is <= the late watermark (the previous batch's). Columns are the operator's input
/// columns; -1 when the state never expires (no watermark reaches the key).
struct StateExpiry {
    int expiry_column = -1;
    int64_t expiry_delay_us = 0;
    int late_column = -1;
};

/// GROUP BY over a stream, kept in state. Its input is an exchange's read side (keyed by the group
/// keys); the update side ends that pipeline (one state upsert per row, the aggregates updated in
/// place), the emit side starts the next one: it walks the table's emit set and yields one row per group,
/// the key columns decoded from the key bytes, then one column per aggregate (schema = keys +
/// aggregates).
struct PhysicalAggregate : PhysicalNode {
    std::vector<int> keys; // input columns of the group keys, in output order
    int key_column = 0;    // input STRING column with the encoded key (the exchange's __key)
    int hash_column = 0;   // input BIGINT column with its hash (__hash)
    std::vector<AggregateCall> aggregates;
    StateExpiry expiry;  // late_column/expiry_column: the window_end or watermarked key column
    int state_table = 0; // index into PhysicalQuery::state_tables
    PhysicalAggregate() : PhysicalNode(PhysicalKind::Aggregate) {}
};

/// DEDUPLICATE BY / SELECT DISTINCT over a stream: passes on the first row of each key (its input is an
/// exchange's read side keyed by the deduplication key) and drops the rest; schema = input.
struct PhysicalDedup : PhysicalNode {
    int key_column = 0;
    int hash_column = 0;
    StateExpiry expiry;
    int state_table = 0;
    PhysicalDedup() : PhysicalNode(PhysicalKind::Dedup) {}
};

/// A fused loop: rows of `source` flow through `operators` (bottom-up order) into `breaker`. Pipelines
/// run stage by stage within a batch; one whose source is an Exchange or an Aggregate's emit side runs
/// once per state partition.
struct Pipeline {
    int id = 0;
    int stage = 0;
    const PhysicalNode* source = nullptr; // Scan, Exchange (read side) or Aggregate (emit side)
    std::vector<const PhysicalNode*> operators;
    const PhysicalNode* breaker = nullptr; // Sink, Exchange (write side) or Aggregate (update side)
    int64_t rows_per_input_row = 1;        // a HOP window assignment repeats rows
};

/// A lowered query: the operator tree, its source slots (the first scan of each; the order of the
/// runtime's QuerySpec::sources), its exchanges, state tables and pipelines.
struct PhysicalQuery {
    std::string sink_name;
    PhysicalNodePtr root;
    std::vector<const PhysicalScan*> scans;
    std::vector<const PhysicalExchange*> exchanges;
    std::vector<StateTable> state_tables;
    std::vector<Pipeline> pipelines;
    /// ORDER BY / LIMIT of a COMPLETE-mode result (columns of the root's schema): the runtime sorts each
    /// batch's rows before the sink sees them.
    std::vector<SortKey> order_by;
    int64_t limit = -1;
};

/// Bytes of a value of `t` in a batch column or a value buffer (abi.h's layouts).
int32_t ValueBytes(const Type& t);

/// Lays out the value buffers of the aggregation's groups: sets every AggregateCall::offset and the
/// state table's value_size and string_offsets.
void LayoutAggregateState(PhysicalAggregate& aggregate, StateTable& table);

} // namespace sluice::plan
