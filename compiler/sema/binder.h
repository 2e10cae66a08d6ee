#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/plan/logical/logical_plan.h"
#include "compiler/sema/catalog.h"
#include "compiler/sema/expr_binder.h"

namespace sluice::sema {

/// A bound query or FROM item: its plan (whose schema names the columns) and whether it reads a
/// stream (as opposed to static tables only).
struct BoundRelation {
    plan::LogicalNodePtr plan;
    bool streaming = false;
};

/// Binds the query of a sink into a logical plan: resolves FROM items (sources, tables, views inlined
/// at each use, WITH queries, subqueries), WHERE, select lists (stars expanded) and UNION ALL. Constructs
/// that are parsed but not implemented yet are located E0501 diagnostics.
class Binder {
public:
    Binder(const Catalog& catalog, DiagnosticEngine& diags)
        : catalog_(catalog), diags_(diags), exprs_(diags) {}

    /// The sink's plan (a LogicalSink over the query), or nullptr after reporting errors.
    plan::LogicalNodePtr BindSink(const SinkEntry& sink);
    /// Binds a view on its own to report its errors once, where it is defined; false on errors.
    bool CheckView(const ViewEntry& view);

private:
    /// WITH queries visible at a point: name key -> query, innermost scope last.
    using CteStack = std::vector<std::map<std::string, const ast::Query*>>;

    std::optional<BoundRelation> BindQuery(const ast::Query& query, CteStack& ctes);
    std::optional<BoundRelation> BindSort(const ast::Query& query, BoundRelation input);
    std::optional<BoundRelation> BindSelect(const ast::Select& select, CteStack& ctes);
    std::optional<BoundRelation> BindFrom(const ast::TableRef& ref, CteStack& ctes, Scope* scope);
    std::optional<BoundRelation> BindNamed(const ast::NamedTableRef& ref, CteStack& ctes, Scope* scope);
    plan::LogicalNodePtr BindDedup(const ast::Deduplicate& dedup, plan::LogicalNodePtr input,
                                   const Scope& scope);
    /// SELECT DISTINCT over the select list's plan.
    static plan::LogicalNodePtr Distinct(const ast::Select& select, plan::LogicalNodePtr plan);

    const Catalog& catalog_;
    DiagnosticEngine& diags_;
    ExprBinder exprs_;
    /// Views being bound, to detect a view that refers to itself.
    std::vector<std::string> view_stack_;
};

} // namespace sluice::sema
