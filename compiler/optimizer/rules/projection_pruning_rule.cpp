#include <algorithm>

#include "compiler/optimizer/optimizer.h"
#include "compiler/optimizer/rules/rewrite.h"
#include "compiler/sema/catalog.h"

namespace sluice::optimizer {

namespace {

using plan::LogicalKind;
using plan::LogicalNodePtr;

/// Removes columns nobody reads, down to the scans, so that sources decode only the columns a query
/// uses. Works top-down with the set of output columns a node's parent needs; each node returns how
/// its output columns moved (old index -> new index, -1 when dropped) and the parent remaps its
/// expressions.
class ProjectionPruningRule : public Rule {
public:
    const char* Name() const override { return "projection_pruning"; }

    void Apply(LogicalNodePtr& root) override {
        std::vector<bool> all(root->schema.size(), true);
        Prune(root, all);
    }

private:
    static std::vector<int> DenseMapping(const std::vector<bool>& keep) {
        std::vector<int> mapping(keep.size(), -1);
        int next = 0;
        for (size_t i = 0; i < keep.size(); ++i)
            if (keep[i])
                mapping[i] = next++;
        return mapping;
    }

    std::vector<int> Prune(LogicalNodePtr& node, std::vector<bool> required) {
        // Something must flow to count rows: a node nobody reads a column of still keeps one.
        if (std::none_of(required.begin(), required.end(), [](bool b) { return b; }) && !required.empty())
            required[0] = true;
        switch (node->kind) {
        case LogicalKind::Sink:
        case LogicalKind::Filter: {
            std::vector<bool> child_required = required;
            child_required.resize(node->inputs[0]->schema.size(), node->kind == LogicalKind::Sink);
            if (node->kind == LogicalKind::Filter) {
                std::vector<int> used;
                static_cast<plan::LogicalFilter&>(*node).predicate->CollectColumns(used);
                for (int c : used)
                    child_required[c] = true;
            }
            std::vector<int> mapping = Prune(node->inputs[0], child_required);
            if (node->kind == LogicalKind::Filter) {
                static_cast<plan::LogicalFilter&>(*node).predicate->RemapColumns(mapping);
                node->schema = node->inputs[0]->schema;
            }
            return mapping;
        }
        case LogicalKind::Project: {
            auto& project = static_cast<plan::LogicalProject&>(*node);
            std::vector<plan::BoundExprPtr> kept;
            plan::Schema schema;
            std::vector<bool> child_required(project.inputs[0]->schema.size(), false);
            for (size_t i = 0; i < project.exprs.size(); ++i) {
                if (!required[i])
                    continue;
                std::vector<int> used;
                project.exprs[i]->CollectColumns(used);
                for (int c : used)
                    child_required[c] = true;
                kept.push_back(std::move(project.exprs[i]));
                schema.push_back(project.schema[i]);
            }
            std::vector<int> child_mapping = Prune(project.inputs[0], child_required);
            for (auto& e : kept)
                e->RemapColumns(child_mapping);
            project.exprs = std::move(kept);
            project.schema = std::move(schema);
            return DenseMapping(required);
        }
        case LogicalKind::Union: {
            std::vector<int> mapping = DenseMapping(required);
            std::vector<int> wanted;
            for (size_t i = 0; i < required.size(); ++i)
                if (required[i])
                    wanted.push_back(static_cast<int>(i));
            for (auto& branch : node->inputs) {
                std::vector<int> m = Prune(branch, required);
                if (m != mapping) {
                    // The branch kept extra columns (e.g. ones its filter reads): select exactly ours.
                    std::vector<int> columns;
                    for (int c : wanted)
                        columns.push_back(m[c]);
                    branch = SelectColumns(std::move(branch), columns);
                }
            }
            node->schema = node->inputs[0]->schema;
            return mapping;
        }
        case LogicalKind::WindowAssign: {
            auto& window = static_cast<plan::LogicalWindowAssign&>(*node);
            const size_t width = window.inputs[0]->schema.size();
            std::vector<bool> child_required(required.begin(), required.begin() + width);
            child_required[window.time_column] = true;
            std::vector<int> mapping = Prune(window.inputs[0], child_required);
            window.time_column = mapping[window.time_column];
            const int kept = static_cast<int>(window.inputs[0]->schema.size());
            plan::Schema schema = window.inputs[0]->schema;
            schema.push_back(window.schema[width]);
            schema.push_back(window.schema[width + 1]);
            window.schema = std::move(schema);
            mapping.push_back(kept);
            mapping.push_back(kept + 1);
            return mapping;
        }
        case LogicalKind::Aggregate:
        case LogicalKind::Sort: {
            // An aggregation reads every column of its input (the binder projected exactly its keys and
            // arguments), and keeps its outputs; a sort is the whole result.
            std::vector<bool> all(node->inputs[0]->schema.size(), true);
            Prune(node->inputs[0], all);
            std::vector<int> identity(node->schema.size());
            for (size_t i = 0; i < identity.size(); ++i)
                identity[i] = static_cast<int>(i);
            return identity;
        }
        case LogicalKind::Dedup: {
            auto& dedup = static_cast<plan::LogicalDedup&>(*node);
            std::vector<bool> child_required = required;
            for (int k : dedup.keys)
                child_required[k] = true;
            // WITHIN WATERMARK expires keys by the input's event time.
            for (size_t i = 0; i < dedup.schema.size() && dedup.within_watermark; ++i)
                if (dedup.schema[i].event_time()) {
                    child_required[i] = true;
                    break;
                }
            std::vector<int> mapping = Prune(dedup.inputs[0], child_required);
            for (int& k : dedup.keys)
                k = mapping[k];
            dedup.schema = dedup.inputs[0]->schema;
            return mapping;
        }
        case LogicalKind::Scan: {
            auto& scan = static_cast<plan::LogicalScan&>(*node);
            // The watermark is the maximum of the source's event time over every row it reads, so
            // its column is decoded even when no operator reads it.
            for (size_t i = 0; i < scan.columns.size(); ++i)
                if (scan.source->watermark && scan.columns[i] == scan.source->watermark->column)
                    required[i] = true;
            std::vector<int> columns;
            plan::Schema schema;
            for (size_t i = 0; i < required.size(); ++i) {
                if (required[i]) {
                    columns.push_back(scan.columns[i]);
                    schema.push_back(scan.schema[i]);
                }
            }
            scan.columns = std::move(columns);
            scan.schema = std::move(schema);
            return DenseMapping(required);
        }
        }
        return {};
    }
};

} // namespace

std::unique_ptr<Rule> MakeProjectionPruningRule() {
    return std::make_unique<ProjectionPruningRule>();
}

} // namespace sluice::optimizer
