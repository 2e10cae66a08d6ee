#include "compiler/optimizer/optimizer.h"
#include "compiler/plan/expr/evaluator.h"

namespace sluice::optimizer {

namespace {

using plan::BoundExpr;
using plan::BoundExprPtr;
using plan::ExprOp;

bool IsBool(const BoundExpr& e, bool value) {
    return e.IsLiteral() && !e.value.is_null && e.type.id == TypeId::Boolean && e.value.b == value;
}

// Folds bottom-up: an operator over literals becomes a literal; AND/OR with a constant side simplify
// (`x AND TRUE` is x, `x AND FALSE` is FALSE whatever x is, even NULL).
void Fold(BoundExprPtr& e) {
    for (auto& a : e->args)
        Fold(a);
    if (e->kind != plan::BoundKind::Op)
        return;
    if (std::optional<plan::Value> v = plan::EvaluateConstant(*e)) {
        SourceRange range = e->range;
        Type type = e->type;
        e = BoundExpr::Literal(*v, range);
        e->type = type;
        e->value.type = type;
        return;
    }
    if (e->op == ExprOp::And || e->op == ExprOp::Or) {
        bool is_and = e->op == ExprOp::And;
        for (int side = 0; side < 2; ++side) {
            if (IsBool(*e->args[side], !is_and)) { // x AND FALSE, x OR TRUE
                e = std::move(e->args[side]);
                return;
            }
            if (IsBool(*e->args[side], is_and)) { // x AND TRUE, x OR FALSE
                e = std::move(e->args[1 - side]);
                return;
            }
        }
    }
}

/// Evaluates constant sub-expressions at compile time and drops filters that keep every row.
class ConstantFoldingRule : public Rule {
public:
    const char* Name() const override { return "constant_folding"; }

    void Apply(plan::LogicalNodePtr& node) override {
        for (auto& in : node->inputs)
            Apply(in);
        if (node->kind == plan::LogicalKind::Project) {
            for (auto& e : static_cast<plan::LogicalProject&>(*node).exprs)
                Fold(e);
        } else if (node->kind == plan::LogicalKind::Filter) {
            auto& filter = static_cast<plan::LogicalFilter&>(*node);
            Fold(filter.predicate);
            if (IsBool(*filter.predicate, true))
                node = std::move(node->inputs[0]);
        }
    }
};

} // namespace

std::unique_ptr<Rule> MakeConstantFoldingRule() {
    return std::make_unique<ConstantFoldingRule>();
}

} // namespace sluice::optimizer
