#include "compiler/optimizer/optimizer.h"
#include "compiler/optimizer/rules/rewrite.h"

namespace sluice::optimizer {

namespace {

using plan::LogicalFilter;
using plan::LogicalKind;
using plan::LogicalNodePtr;

LogicalNodePtr MakeFilter(plan::BoundExprPtr predicate, LogicalNodePtr input) {
    auto filter = std::make_unique<LogicalFilter>();
    filter->schema = input->schema;
    filter->range = predicate->range;
    filter->predicate = std::move(predicate);
    filter->inputs.push_back(std::move(input));
    return filter;
}

/// Moves filters as close to the scans as they can go, so that rows are dropped before anything is
/// computed for them: below projections (the predicate rewritten in the projection's input columns),
/// into every branch of a UNION ALL, and merged with the filter below. `WHERE doubled > 10` over
/// `SELECT price * 2 AS doubled` becomes `(price * 2) > 10` right above the scan.
class FilterPushdownRule : public Rule {
public:
    const char* Name() const override { return "filter_pushdown"; }

    void Apply(LogicalNodePtr& node) override {
        if (node->kind == LogicalKind::Filter)
            PushDown(node);
        for (auto& in : node->inputs)
            Apply(in);
    }

private:
    void PushDown(LogicalNodePtr& slot) {
        auto& filter = static_cast<LogicalFilter&>(*slot);
        LogicalNodePtr& child = filter.inputs[0];
        switch (child->kind) {
        case LogicalKind::Filter: {
            // Filter(a, Filter(b, x)) -> Filter(b AND a, x)
            auto& lower = static_cast<LogicalFilter&>(*child);
            std::vector<plan::BoundExprPtr> both;
            both.push_back(std::move(lower.predicate));
            both.push_back(std::move(filter.predicate));
            lower.predicate = plan::BoundExpr::MakeOp(plan::ExprOp::And, Type::Boolean(), std::move(both));
            slot = std::move(child);
            PushDown(slot);
            return;
        }
        case LogicalKind::Project: {
            auto& project = static_cast<plan::LogicalProject&>(*child);
            plan::BoundExprPtr rewritten = SubstituteColumns(*filter.predicate, project.exprs);
            LogicalNodePtr project_node = std::move(child);
            project_node->inputs[0] = MakeFilter(std::move(rewritten), std::move(project_node->inputs[0]));
            slot = std::move(project_node);
            PushDown(slot->inputs[0]);
            return;
        }
        case LogicalKind::Union: {
            LogicalNodePtr union_node = std::move(child);
            for (auto& branch : union_node->inputs) {
                branch = MakeFilter(filter.predicate->Clone(), std::move(branch));
                PushDown(branch);
            }
            slot = std::move(union_node);
            return;
        }
        default:
            return; // a scan: the filter is where it belongs
        }
    }
};

} // namespace

std::unique_ptr<Rule> MakeFilterPushdownRule() {
    return std::make_unique<FilterPushdownRule>();
}

} // namespace sluice::optimizer
