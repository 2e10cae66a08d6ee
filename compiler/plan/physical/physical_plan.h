#pragma once

// Physical plan: how a query runs. Operators between pipeline breakers fuse into one generated loop;
// each pipeline starts at a scan and ends at a breaker (for stateless queries: the sink).

#include <memory>
#include <string>
#include <vector>

#include "compiler/plan/logical/logical_plan.h"

namespace sluice::plan {

enum class PhysicalKind { Scan, Filter, Project, Union, Sink };

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

/// A fused loop: rows of `scan` flow through `operators` (bottom-up order) into `sink`.
struct Pipeline {
    int id = 0;
    const PhysicalScan* scan = nullptr;
    std::vector<const PhysicalNode*> operators;
    const PhysicalSink* sink = nullptr;
};

/// A lowered query: the operator tree, its source slots (the first scan of each; the order of the
/// runtime's QuerySpec::sources) and its pipelines.
struct PhysicalQuery {
    std::string sink_name;
    PhysicalNodePtr root;
    std::vector<const PhysicalScan*> scans;
    std::vector<Pipeline> pipelines;
};

} // namespace sluice::plan
