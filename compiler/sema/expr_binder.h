#pragma once

#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/plan/expr/bound_expr.h"
#include "compiler/sema/function_registry.h"
#include "compiler/sema/scope.h"

namespace sluice::sema {

/// Binds AST expressions against a scope: resolves column names (with suggestions for misspellings),
/// types every node, makes implicit widening explicit as casts, resolves functions to one overload of
/// stdlib/functions.def, and desugars BETWEEN, NOT LIKE, simple CASE, NULLIF and IF. Reports errors
/// as diagnostics and returns nullptr for an expression that does not bind (its parents then return
/// nullptr without reporting again, so one mistake gives one diagnostic).
class ExprBinder {
public:
    explicit ExprBinder(DiagnosticEngine& diags) : diags_(diags) {}

    plan::BoundExprPtr Bind(const ast::Expr& expr, const Scope& scope);
    /// Binds a condition (WHERE, HAVING, CASE WHEN): must be BOOLEAN (or NULL).
    plan::BoundExprPtr BindCondition(const ast::Expr& expr, const Scope& scope, const char* clause);
    /// Converts `e` to `target` (a cast, or a typed NULL literal); `target` must be reachable.
    static plan::BoundExprPtr Coerce(plan::BoundExprPtr e, const Type& target);
    /// Evaluates a constant INTERVAL expression (a literal, possibly negated) in microseconds.
    std::optional<int64_t> ConstantInterval(const ast::Expr& expr, const char* what);
    /// While true, aggregate calls bind to ExprOp::Aggregate nodes (the select list and HAVING of an
    /// aggregation); elsewhere they are E0308 errors.
    void set_aggregates_allowed(bool allowed) { aggregates_allowed_ = allowed; }
    /// Whether `expr` contains an aggregate call (outside subqueries).
    static bool ContainsAggregate(const ast::Expr& expr);
    /// Whether `name` is a window function (TUMBLE, HOP, SESSION).
    static bool IsWindowFunction(const std::string& name);

private:
    plan::BoundExprPtr BindLiteral(const ast::Literal& lit);
    plan::BoundExprPtr BindColumn(const ast::ColumnRef& ref, const Scope& scope);
    plan::BoundExprPtr BindUnary(const ast::Unary& e, const Scope& scope);
    plan::BoundExprPtr BindBinary(const ast::Binary& e, const Scope& scope);
    plan::BoundExprPtr BindArithmetic(const ast::Binary& e, plan::BoundExprPtr l, plan::BoundExprPtr r);
    plan::BoundExprPtr BindComparison(plan::ExprOp op, plan::BoundExprPtr l, plan::BoundExprPtr r,
                                      SourceRange range, SourceRange op_range);
    plan::BoundExprPtr BindCall(const ast::Call& call, const Scope& scope);
    plan::BoundExprPtr BindAggregate(const ast::Call& call, const std::string& name, const Scope& scope);
    plan::BoundExprPtr BindCase(const ast::Case& e, const Scope& scope);
    plan::BoundExprPtr BindCast(const ast::Cast& e, const Scope& scope);
    plan::BoundExprPtr BindInList(const ast::InList& e, const Scope& scope);
    plan::BoundExprPtr BindBetween(const ast::Between& e, const Scope& scope);
    plan::BoundExprPtr BindLike(const ast::Like& e, const Scope& scope);
    /// Brings all expressions to one common type (E0307 when there is none); `what` names the construct.
    bool UnifyTypes(std::vector<plan::BoundExprPtr>& exprs, const char* what, SourceRange range);
    plan::BoundExprPtr Negated(plan::BoundExprPtr e, bool negate);
    /// Reports a constant EXTRACT field or DATE_TRUNC unit the function does not know.
    bool CheckConstantUnit(const FunctionInfo& f, const std::vector<plan::BoundExprPtr>& args);

    DiagnosticEngine& diags_;
    bool aggregates_allowed_ = false;
    bool in_aggregate_ = false;
};

/// Name of an unaliased select item, as Spark derives it: the column name for a column reference,
/// else the expression's source text with whitespace runs collapsed.
std::string DeriveColumnName(const ast::Expr& expr, const SourceManager& sources);

} // namespace sluice::sema
