#pragma once

// Logical plan: what a query computes, as a tree of plain-data nodes. Produced by the binder from the
// AST, rewritten by the optimizer rules, lowered to the physical plan.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/common/source.h"
#include "compiler/plan/expr/bound_expr.h"
#include "compiler/types/type.h"

namespace sluice::sema {
struct SourceEntry;
struct SinkEntry;
} // namespace sluice::sema

namespace sluice::plan {

/// One output column of a plan node. An event-time column carries the delay of the watermark that
/// bounds it (the source's WATERMARK, propagated through projections, windows and aggregations as in
/// Spark): stateful operators keyed by it can drop late rows and evict state.
struct Column {
    std::string name;
    Type type;
    std::optional<int64_t> watermark_delay_us = std::nullopt;

    bool event_time() const { return watermark_delay_us.has_value(); }
};
using Schema = std::vector<Column>;

enum class LogicalKind { Scan, Filter, Project, Union, Sink, WindowAssign, Aggregate, Dedup, Sort };

const char* LogicalKindName(LogicalKind k);

struct LogicalNode;
using LogicalNodePtr = std::unique_ptr<LogicalNode>;

/// Base of logical nodes. `schema` is the node's output; expressions of a node refer to the columns of
/// its (single) input by index.
struct LogicalNode {
    LogicalKind kind;
    int id = 0; // numbered by NumberOperators, stable for a given plan (shown by explain)
    Schema schema;
    std::vector<LogicalNodePtr> inputs;
    SourceRange range;

    explicit LogicalNode(LogicalKind k) : kind(k) {}
    virtual ~LogicalNode() = default;
};

/// Reads a source or table. `columns` are the declared column indexes produced, in output order
/// (projection pruning shrinks it to the columns used).
struct LogicalScan : LogicalNode {
    const sema::SourceEntry* source = nullptr;
    std::vector<int> columns;
    LogicalScan() : LogicalNode(LogicalKind::Scan) {}
};

/// Keeps the rows for which `predicate` is TRUE.
struct LogicalFilter : LogicalNode {
    BoundExprPtr predicate;
    LogicalFilter() : LogicalNode(LogicalKind::Filter) {}
};

/// Computes one output column per expression (schema[i] is exprs[i]).
struct LogicalProject : LogicalNode {
    std::vector<BoundExprPtr> exprs;
    LogicalProject() : LogicalNode(LogicalKind::Project) {}
};

/// UNION ALL: the inputs have the same column types (the binder casts them).
struct LogicalUnion : LogicalNode {
    LogicalUnion() : LogicalNode(LogicalKind::Union) {}
};

/// Adds `window_start` and `window_end` (TIMESTAMP) to every row, one row per window covering the
/// row's time (see PhysicalWindowAssign); rows with a NULL time are dropped.
struct LogicalWindowAssign : LogicalNode {
    enum class Kind { Tumble, Hop };
    Kind window = Kind::Tumble;
    int time_column = 0;
    int64_t size_us = 0;
    int64_t slide_us = 0;
    int64_t offset_us = 0;
    LogicalWindowAssign() : LogicalNode(LogicalKind::WindowAssign) {}
};

/// One aggregate of a LogicalAggregate, over columns of its input.
struct AggregateExpr {
    AggregateKind kind = AggregateKind::CountStar;
    std::vector<int> args;
    int filter = -1; // BOOLEAN input column of FILTER (WHERE ...), -1 for none
    Type result_type;
    std::string text; // "count(DISTINCT user)", for explain and messages
};

/// GROUP BY: one output row per group, the key columns then the aggregates. `window_end_key` is the
/// index into `keys` of a grouping window's end (what bounds the group in event time), -1 without one.
struct LogicalAggregate : LogicalNode {
    std::vector<int> keys;
    std::vector<AggregateExpr> aggregates;
    int window_end_key = -1;
    LogicalAggregate() : LogicalNode(LogicalKind::Aggregate) {}
};

/// DEDUPLICATE BY / SELECT DISTINCT: passes on the first row of each key.
struct LogicalDedup : LogicalNode {
    std::vector<int> keys;
    bool within_watermark = false;
    LogicalDedup() : LogicalNode(LogicalKind::Dedup) {}
};

/// One ORDER BY key: a column of the sorted node's schema.
struct SortKey {
    int column = 0;
    bool descending = false;
    bool nulls_first = true;
};
/// ORDER BY / LIMIT of a COMPLETE-mode result: sorts (and cuts) each batch's whole result table.
struct LogicalSort : LogicalNode {
    std::vector<SortKey> keys;
    int64_t limit = -1;
    LogicalSort() : LogicalNode(LogicalKind::Sort) {}
};

/// The root of a streaming query: its sink.
struct LogicalSink : LogicalNode {
    const sema::SinkEntry* sink = nullptr;
    LogicalSink() : LogicalNode(LogicalKind::Sink) {}
};

/// A projection over `input` computing `exprs` named `names`. A column that only passes an event-time
/// column on stays an event-time column.
LogicalNodePtr MakeProject(LogicalNodePtr input, std::vector<BoundExprPtr> exprs,
                           const std::vector<std::string>& names, SourceRange range);

/// Assigns ids 1..n bottom-up, left to right (the numbering `explain` shows).
void NumberOperators(LogicalNode& root);
LogicalNodePtr ClonePlan(const LogicalNode& node);

} // namespace sluice::plan
