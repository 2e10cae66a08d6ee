#pragma once

#include <set>

#include "compiler/plan/expr/bound_expr.h"

namespace sluice::codegen {

/// Input columns that cannot be NULL when `predicate` is TRUE. Above a filter they are known non-NULL,
/// so the code for its parents drops their NULL handling (no LLVM pass is needed to find that out).
///
///   price > 100 AND channel LIKE 'a%'   -> {price, channel}   (strict operators: NULL in, NULL out)
///   a IS NOT NULL                       -> {a}
///   x > 0 OR y > 0                      -> {}                 (either may be NULL)
///   COALESCE(a, b) = 1                  -> {}                 (COALESCE is not strict)
std::set<int> ColumnsNonNullWhenTrue(const plan::BoundExpr& predicate);

/// Input columns that cannot be NULL when `e` is not NULL (those under strict operators only).
std::set<int> ColumnsNonNullWhenNotNull(const plan::BoundExpr& e);

} // namespace sluice::codegen
