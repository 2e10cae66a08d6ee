#include "compiler/optimizer/rules/rewrite.h"

namespace sluice::optimizer {

plan::BoundExprPtr SubstituteColumns(const plan::BoundExpr& e, const std::vector<plan::BoundExprPtr>& exprs) {
    if (e.kind == plan::BoundKind::ColumnRef) {
        plan::BoundExprPtr copy = exprs.at(e.column)->Clone();
        return copy;
    }
    plan::BoundExprPtr out = e.Clone();
    for (size_t i = 0; i < e.args.size(); ++i)
        out->args[i] = SubstituteColumns(*e.args[i], exprs);
    return out;
}

plan::LogicalNodePtr SelectColumns(plan::LogicalNodePtr input, const std::vector<int>& columns) {
    auto project = std::make_unique<plan::LogicalProject>();
    for (int c : columns) {
        const plan::Column& col = input->schema.at(c);
        project->exprs.push_back(plan::BoundExpr::Column(c, col.name, col.type));
        project->schema.push_back(col);
    }
    project->range = input->range;
    project->inputs.push_back(std::move(input));
    return project;
}

} // namespace sluice::optimizer
