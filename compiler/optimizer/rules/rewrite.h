#pragma once

#include <vector>

#include "compiler/plan/expr/bound_expr.h"
#include "compiler/plan/logical/logical_plan.h"

namespace sluice::optimizer {

/// `e` with every column reference i replaced by a copy of exprs[i]: the expression as seen below the
/// projection that computed exprs.
plan::BoundExprPtr SubstituteColumns(const plan::BoundExpr& e, const std::vector<plan::BoundExprPtr>& exprs);

/// A projection over `input` selecting its columns `columns` (in that order).
plan::LogicalNodePtr SelectColumns(plan::LogicalNodePtr input, const std::vector<int>& columns);

} // namespace sluice::optimizer
