#include "compiler/optimizer/optimizer.h"
#include "compiler/optimizer/rules/rewrite.h"

namespace sluice::optimizer {

namespace {

using plan::LogicalKind;
using plan::LogicalNodePtr;
using plan::LogicalProject;

void CountUses(const plan::BoundExpr& e, std::vector<int>& uses) {
    if (e.kind == plan::BoundKind::ColumnRef)
        ++uses.at(e.column);
    for (const auto& a : e.args)
        CountUses(*a, uses);
}

bool IsTrivial(const plan::BoundExpr& e) {
    return e.kind != plan::BoundKind::Op;
}

// A projection that passes its input through unchanged.
bool IsIdentity(const LogicalProject& p) {
    const plan::Schema& in = p.inputs[0]->schema;
    if (p.exprs.size() != in.size())
        return false;
    for (size_t i = 0; i < p.exprs.size(); ++i) {
        const plan::BoundExpr& e = *p.exprs[i];
        if (e.kind != plan::BoundKind::ColumnRef || e.column != static_cast<int>(i) ||
            !(e.type == in[i].type))
            return false;
    }
    return true;
}

/// Collapses a projection over a projection into one (the inner expressions substituted into the outer
/// ones) unless that would compute a non-trivial inner expression more than once, and removes
/// projections that change nothing. Column names are kept by the sink, so dropping a projection that
/// only renames is safe.
class ProjectMergeRule : public Rule {
public:
    const char* Name() const override { return "project_merge"; }

    void Apply(LogicalNodePtr& node) override {
        for (auto& in : node->inputs)
            Apply(in);
        if (node->kind != LogicalKind::Project)
            return;
        auto& outer = static_cast<LogicalProject&>(*node);
        if (outer.inputs[0]->kind == LogicalKind::Project) {
            auto& inner = static_cast<LogicalProject&>(*outer.inputs[0]);
            std::vector<int> uses(inner.exprs.size(), 0);
            for (const auto& e : outer.exprs)
                CountUses(*e, uses);
            bool duplicates_work = false;
            for (size_t i = 0; i < uses.size(); ++i)
                duplicates_work = duplicates_work || (uses[i] > 1 && !IsTrivial(*inner.exprs[i]));
            if (!duplicates_work) {
                for (auto& e : outer.exprs)
                    e = SubstituteColumns(*e, inner.exprs);
                LogicalNodePtr below = std::move(inner.inputs[0]);
                outer.inputs[0] = std::move(below);
            }
        }
        if (IsIdentity(outer))
            node = std::move(node->inputs[0]);
    }
};

} // namespace

std::unique_ptr<Rule> MakeProjectMergeRule() {
    return std::make_unique<ProjectMergeRule>();
}

} // namespace sluice::optimizer
