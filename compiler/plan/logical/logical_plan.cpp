#include "compiler/plan/logical/logical_plan.h"

namespace sluice::plan {

const char* LogicalKindName(LogicalKind k) {
    switch (k) {
    case LogicalKind::Scan:
        return "Scan";
    case LogicalKind::Filter:
        return "Filter";
    case LogicalKind::Project:
        return "Project";
    case LogicalKind::Union:
        return "Union";
    case LogicalKind::Sink:
        return "Sink";
    }
    return "?";
}

namespace {
void Number(LogicalNode& node, int& next) {
    for (auto& in : node.inputs)
        Number(*in, next);
    node.id = next++;
}
} // namespace

void NumberOperators(LogicalNode& root) {
    int next = 1;
    Number(root, next);
}

LogicalNodePtr ClonePlan(const LogicalNode& node) {
    LogicalNodePtr out;
    switch (node.kind) {
    case LogicalKind::Scan: {
        auto& n = static_cast<const LogicalScan&>(node);
        auto c = std::make_unique<LogicalScan>();
        c->source = n.source;
        c->columns = n.columns;
        out = std::move(c);
        break;
    }
    case LogicalKind::Filter: {
        auto c = std::make_unique<LogicalFilter>();
        c->predicate = static_cast<const LogicalFilter&>(node).predicate->Clone();
        out = std::move(c);
        break;
    }
    case LogicalKind::Project: {
        auto c = std::make_unique<LogicalProject>();
        for (const auto& e : static_cast<const LogicalProject&>(node).exprs)
            c->exprs.push_back(e->Clone());
        out = std::move(c);
        break;
    }
    case LogicalKind::Union:
        out = std::make_unique<LogicalUnion>();
        break;
    case LogicalKind::Sink: {
        auto c = std::make_unique<LogicalSink>();
        c->sink = static_cast<const LogicalSink&>(node).sink;
        out = std::move(c);
        break;
    }
    }
    out->id = node.id;
    out->schema = node.schema;
    out->range = node.range;
    for (const auto& in : node.inputs)
        out->inputs.push_back(ClonePlan(*in));
    return out;
}

} // namespace sluice::plan
