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
    case LogicalKind::WindowAssign:
        return "WindowAssign";
    case LogicalKind::Aggregate:
        return "Aggregate";
    case LogicalKind::Dedup:
        return "Dedup";
    case LogicalKind::Sort:
        return "Sort";
    }
    return "?";
}

LogicalNodePtr MakeProject(LogicalNodePtr input, std::vector<BoundExprPtr> exprs,
                           const std::vector<std::string>& names, SourceRange range) {
    auto project = std::make_unique<LogicalProject>();
    for (size_t i = 0; i < exprs.size(); ++i) {
        Column column{names[i], exprs[i]->type};
        if (exprs[i]->kind == BoundKind::ColumnRef)
            column.watermark_delay_us = input->schema.at(exprs[i]->column).watermark_delay_us;
        project->schema.push_back(std::move(column));
    }
    project->exprs = std::move(exprs);
    project->inputs.push_back(std::move(input));
    project->range = range;
    return project;
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
    case LogicalKind::WindowAssign: {
        auto& n = static_cast<const LogicalWindowAssign&>(node);
        auto c = std::make_unique<LogicalWindowAssign>();
        c->window = n.window;
        c->time_column = n.time_column;
        c->size_us = n.size_us;
        c->slide_us = n.slide_us;
        c->offset_us = n.offset_us;
        out = std::move(c);
        break;
    }
    case LogicalKind::Aggregate: {
        auto& n = static_cast<const LogicalAggregate&>(node);
        auto c = std::make_unique<LogicalAggregate>();
        c->keys = n.keys;
        c->aggregates = n.aggregates;
        c->window_end_key = n.window_end_key;
        out = std::move(c);
        break;
    }
    case LogicalKind::Dedup: {
        auto& n = static_cast<const LogicalDedup&>(node);
        auto c = std::make_unique<LogicalDedup>();
        c->keys = n.keys;
        c->within_watermark = n.within_watermark;
        out = std::move(c);
        break;
    }
    case LogicalKind::Sort: {
        auto& n = static_cast<const LogicalSort&>(node);
        auto c = std::make_unique<LogicalSort>();
        c->keys = n.keys;
        c->limit = n.limit;
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
