#pragma once

// Logical plan: what a query computes, as a tree of plain-data nodes. Produced by the binder from the
// AST, rewritten by the optimizer rules, lowered to the physical plan.

#include <memory>
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

/// One output column of a plan node.
struct Column {
    std::string name;
    Type type;
};
using Schema = std::vector<Column>;

enum class LogicalKind { Scan, Filter, Project, Union, Sink };

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

/// The root of a streaming query: its sink.
struct LogicalSink : LogicalNode {
    const sema::SinkEntry* sink = nullptr;
    LogicalSink() : LogicalNode(LogicalKind::Sink) {}
};

/// Assigns ids 1..n bottom-up, left to right (the numbering `explain` shows).
void NumberOperators(LogicalNode& root);
LogicalNodePtr ClonePlan(const LogicalNode& node);

} // namespace sluice::plan
