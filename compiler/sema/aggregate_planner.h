#pragma once

#include <optional>

#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/plan/logical/logical_plan.h"
#include "compiler/sema/expr_binder.h"
#include "compiler/sema/scope.h"

namespace sluice::sema {

/// Plans a SELECT that aggregates (GROUP BY, or aggregate calls in its select list or HAVING) over its
/// already bound input (FROM, WHERE, DEDUPLICATE BY):
///
///   input -> [WindowAssign] -> Project(keys, aggregate inputs) -> Aggregate -> [Filter HAVING]
///         -> Project(select list)
///
/// The select list and HAVING are bound against the input (plus window_start / window_end), then every
/// aggregate call becomes a column of the aggregation and every subexpression equal to a grouping key
/// becomes that key's column; a column left over is neither grouped nor aggregated (E0310).
class AggregatePlanner {
public:
    AggregatePlanner(ExprBinder& exprs, DiagnosticEngine& diags) : exprs_(exprs), diags_(diags) {}

    /// Whether `select` aggregates.
    static bool Aggregates(const ast::Select& select);

    /// The plan of `select` over `input` (whose columns `scope` names), or nullptr after reporting errors.
    plan::LogicalNodePtr Plan(const ast::Select& select, plan::LogicalNodePtr input, const Scope& scope);

private:
    /// Binds a TUMBLE / HOP group item: a WindowAssign over `input` (after a projection of the time when
    /// it is not a column). Extends `scope` with window_start and window_end.
    plan::LogicalNodePtr PlanWindow(const ast::Call& call, plan::LogicalNodePtr input, Scope& scope);
    /// Replaces aggregate calls and grouped subexpressions of `e` by columns of the aggregation.
    plan::BoundExprPtr Rewrite(const plan::BoundExpr& e, bool& ok);

    ExprBinder& exprs_;
    DiagnosticEngine& diags_;
    std::vector<plan::BoundExprPtr> keys_; // grouping keys over the (windowed) input
    std::vector<std::string> key_names_;
    std::vector<plan::BoundExprPtr> aggregates_; // ExprOp::Aggregate calls over the (windowed) input
};

} // namespace sluice::sema
