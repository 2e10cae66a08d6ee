#pragma once

#include <optional>

#include "compiler/plan/expr/bound_expr.h"

namespace sluice::plan {

/// Evaluates an operator whose arguments are all literals, at compile time, with exactly the run-time
/// semantics of generated code (three-valued logic, division by zero gives NULL, text forms of
/// runtime/common/value_format). Returns nullopt when the expression must be left to run time: an
/// operator this evaluator does not cover, or one that would raise an error (overflow, a failed CAST),
/// which must surface as a run-time error naming the row, not as a compile-time surprise.
std::optional<Value> EvaluateConstant(const BoundExpr& op);

} // namespace sluice::plan
