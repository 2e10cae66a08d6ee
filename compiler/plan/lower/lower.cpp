#include "compiler/plan/lower/lower.h"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "compiler/sema/catalog.h"

namespace sluice::plan {

namespace {

/// One lowering: builds the physical tree, remembering each node's parent to trace pipelines.
class Lowering {
public:
    PhysicalQuery Run(const LogicalNode& root) {
        PhysicalQuery query;
        query.sink_name = static_cast<const LogicalSink&>(root).sink->name;
        query.root = LowerNode(root);
        // Pipelines in scan order; each walks from its scan up to the sink.
        for (PhysicalScan* scan : scans_) {
            Pipeline p;
            p.id = static_cast<int>(query.pipelines.size()) + 1;
            p.source = scan;
            for (const PhysicalNode* n = parent_.at(scan); n;
                 n = parent_.count(n) ? parent_.at(n) : nullptr) {
                if (n->kind == PhysicalKind::Sink)
                    p.breaker = n;
                else if (n->kind != PhysicalKind::Union)
                    p.operators.push_back(n);
            }
            query.pipelines.push_back(std::move(p));
        }
        query.scans = sources_;
        return query;
    }

private:
    PhysicalNodePtr LowerNode(const LogicalNode& node) {
        PhysicalNodePtr out;
        switch (node.kind) {
        case LogicalKind::Scan: {
            auto& n = static_cast<const LogicalScan&>(node);
            auto scan = std::make_unique<PhysicalScan>();
            scan->source = n.source;
            scan->columns = n.columns;
            // Scans of one source with the same columns (shared_scans makes them so) share its slot.
            auto same = std::find_if(sources_.begin(), sources_.end(), [&](const PhysicalScan* s) {
                return s->source == n.source && s->columns == n.columns;
            });
            if (same == sources_.end()) {
                scan->source_index = static_cast<int>(sources_.size());
                sources_.push_back(scan.get());
            } else {
                scan->source_index = (*same)->source_index;
            }
            scans_.push_back(scan.get());
            out = std::move(scan);
            break;
        }
        case LogicalKind::Filter: {
            auto filter = std::make_unique<PhysicalFilter>();
            filter->predicate = static_cast<const LogicalFilter&>(node).predicate->Clone();
            out = std::move(filter);
            break;
        }
        case LogicalKind::Project: {
            auto project = std::make_unique<PhysicalProject>();
            for (const auto& e : static_cast<const LogicalProject&>(node).exprs)
                project->exprs.push_back(e->Clone());
            out = std::move(project);
            break;
        }
        case LogicalKind::Union:
            out = std::make_unique<PhysicalUnion>();
            break;
        case LogicalKind::Sink: {
            auto sink = std::make_unique<PhysicalSink>();
            sink->sink = static_cast<const LogicalSink&>(node).sink;
            out = std::move(sink);
            break;
        }
        }
        out->id = node.id;
        out->schema = node.schema;
        out->range = node.range;
        for (const auto& in : node.inputs) {
            out->inputs.push_back(LowerNode(*in));
            parent_[out->inputs.back().get()] = out.get();
        }
        return out;
    }

    std::vector<PhysicalScan*> scans_;         // every scan: one pipeline each
    std::vector<const PhysicalScan*> sources_; // the first scan of each source slot
    std::map<const PhysicalNode*, const PhysicalNode*> parent_;
};

} // namespace

PhysicalQuery Lower(const LogicalNode& root) {
    if (root.kind != LogicalKind::Sink)
        throw std::logic_error("Lower: the plan root must be a sink");
    return Lowering().Run(root);
}

} // namespace sluice::plan
