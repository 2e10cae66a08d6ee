#include "compiler/sema/binder.h"

#include <algorithm>
#include <set>

#include "compiler/common/strings.h"
#include "compiler/sema/aggregate_planner.h"

namespace sluice::sema {

using plan::BoundExprPtr;
using plan::LogicalNodePtr;
using plan::MakeProject;

namespace {

Scope ScopeOf(const plan::Schema& schema, const std::string& qualifier, const std::string& description) {
    Scope scope;
    scope.description = description;
    for (const auto& c : schema)
        scope.columns.push_back({qualifier, c.name, c.type});
    return scope;
}

} // namespace

LogicalNodePtr Binder::BindSink(const SinkEntry& sink) {
    const ast::QueryBody& body = sink.ast->body;
    if (body.process) {
        diags_.Error(DiagCode::E0501, body.process->range,
                     "PROCESS (arbitrary stateful processing) is not supported yet");
        return nullptr;
    }
    CteStack ctes;
    std::optional<BoundRelation> rel = BindQuery(*body.query, ctes);
    if (!rel)
        return nullptr;
    if (!rel->streaming) {
        diags_.Error(DiagCode::E0405, body.range,
                     "sink '" + sink.name +
                         "' reads no streaming source: its query reads only static TABLEs, which are "
                         "read once and never produce a stream");
        return nullptr;
    }
    // An untyped NULL column has no layout of its own: sinks see it as a STRING column.
    plan::LogicalNode& top = *rel->plan;
    bool has_null_column = std::any_of(top.schema.begin(), top.schema.end(),
                                       [](const plan::Column& c) { return c.type.IsNull(); });
    if (has_null_column) {
        std::vector<BoundExprPtr> exprs;
        std::vector<std::string> names;
        for (size_t i = 0; i < top.schema.size(); ++i) {
            const plan::Column& c = top.schema[i];
            exprs.push_back(ExprBinder::Coerce(plan::BoundExpr::Column(static_cast<int>(i), c.name, c.type),
                                               c.type.IsNull() ? Type::String() : c.type));
            names.push_back(c.name);
        }
        rel->plan = MakeProject(std::move(rel->plan), std::move(exprs), names, body.range);
    }
    std::set<std::string> seen;
    for (const plan::Column& c : rel->plan->schema) {
        // Sinks write column names into headers and JSON fields, which are case-sensitive; two names
        // that differ only in case are still confusing, so they count as the same.
        if (!seen.insert(ToLower(c.name)).second) {
            diags_.Error(DiagCode::E0206, body.range,
                         "sink '" + sink.name + "' would get two columns named '" + c.name +
                             "'; give one of them another name with AS");
            return nullptr;
        }
    }
    auto root = std::make_unique<plan::LogicalSink>();
    root->sink = &sink;
    root->schema = rel->plan->schema;
    root->range = sink.ast->range;
    root->inputs.push_back(std::move(rel->plan));
    plan::NumberOperators(*root);
    return root;
}

std::optional<BoundRelation> Binder::BindSort(const ast::Query& query, BoundRelation input) {
    // ORDER BY names result columns (or their positions): it sorts the whole result table of a
    // COMPLETE-mode aggregation in every batch.
    auto sort = std::make_unique<plan::LogicalSort>();
    const plan::Schema& schema = input.plan->schema;
    bool ok = true;
    for (const ast::OrderItem& item : query.order_by) {
        plan::SortKey key;
        key.descending = item.descending;
        key.nulls_first = item.nulls_first.value_or(!item.descending); // Spark: NULLs are smallest
        int column = -1;
        if (item.expr->kind == ast::ExprKind::ColumnRef) {
            const std::string& name = static_cast<const ast::ColumnRef&>(*item.expr).name.Last().text;
            for (size_t i = 0; i < schema.size() && column < 0; ++i)
                if (EqualsIgnoreCase(schema[i].name, name))
                    column = static_cast<int>(i);
        } else if (item.expr->kind == ast::ExprKind::Literal) {
            Scope empty;
            BoundExprPtr position = exprs_.Bind(*item.expr, empty);
            if (position && position->type.IsInteger() && !position->value.is_null &&
                position->value.i >= 1 && position->value.i <= static_cast<int64_t>(schema.size()))
                column = static_cast<int>(position->value.i - 1);
        }
        if (column < 0) {
            diags_.Error(
                DiagCode::E0501, item.expr->range,
                "ORDER BY on a stream takes the name or position of a result column; other expressions "
                "are not supported yet");
            ok = false;
        }
        key.column = column;
        sort->keys.push_back(key);
    }
    if (query.limit) {
        Scope empty;
        BoundExprPtr limit = exprs_.Bind(*query.limit, empty);
        if (limit &&
            (!limit->IsLiteral() || !limit->type.IsInteger() || limit->value.is_null || limit->value.i < 0)) {
            diags_.Error(DiagCode::E0309, query.limit->range, "LIMIT takes a non-negative integer literal");
            limit.reset();
        }
        ok = ok && limit;
        if (limit)
            sort->limit = limit->value.i;
    }
    if (!ok)
        return std::nullopt;
    sort->schema = schema;
    sort->range = query.order_by.empty() ? query.limit_range : query.order_by_range;
    sort->inputs.push_back(std::move(input.plan));
    return BoundRelation{std::move(sort), input.streaming};
}

bool Binder::CheckView(const ViewEntry& view) {
    if (view.check != ViewEntry::Check::Unchecked)
        return view.check == ViewEntry::Check::Ok;
    bool ok = false;
    if (view.ast->body.process) {
        diags_.Error(DiagCode::E0501, view.ast->body.process->range,
                     "PROCESS (arbitrary stateful processing) is not supported yet");
    } else {
        view_stack_.push_back(view.ast->name.Key());
        CteStack ctes;
        ok = BindQuery(*view.ast->body.query, ctes).has_value();
        view_stack_.pop_back();
    }
    view.check = ok ? ViewEntry::Check::Ok : ViewEntry::Check::Failed;
    return ok;
}

std::optional<BoundRelation> Binder::BindQuery(const ast::Query& query, CteStack& ctes) {
    ctes.emplace_back();
    struct Pop {
        CteStack& s;
        ~Pop() { s.pop_back(); }
    } pop{ctes};
    for (const ast::CommonTableExpr& cte : query.ctes) {
        if (!ctes.back().emplace(cte.name.Key(), cte.query.get()).second) {
            diags_.Error(DiagCode::E0203, cte.name.range,
                         "WITH query '" + cte.name.text + "' is defined twice");
            return std::nullopt;
        }
    }
    std::vector<BoundRelation> branches;
    bool ok = true;
    for (const ast::Select& select : query.selects) {
        std::optional<BoundRelation> b = BindSelect(select, ctes);
        if (b)
            branches.push_back(std::move(*b));
        ok = ok && b;
    }
    if (!ok)
        return std::nullopt;
    bool streaming =
        std::any_of(branches.begin(), branches.end(), [](const BoundRelation& b) { return b.streaming; });
    const bool aggregates = query.selects.size() == 1 && AggregatePlanner::Aggregates(query.selects[0]);
    if ((!query.order_by.empty() || query.limit) && streaming && aggregates)
        return BindSort(query, std::move(branches[0]));
    if (!query.order_by.empty() || query.limit) {
        SourceRange at = query.order_by.empty() ? query.limit_range : query.order_by_range;
        if (streaming)
            diags_
                .Error(DiagCode::E0401, at,
                       std::string(query.order_by.empty() ? "LIMIT" : "ORDER BY") +
                           " is not allowed on a stream: a stream has no end to sort or count up to")
                .notes.push_back(
                    {"ORDER BY and LIMIT work on the result of an aggregation in COMPLETE output mode", {}});
        else
            diags_.Error(DiagCode::E0501, at, "ORDER BY and LIMIT on static tables are not supported yet");
        return std::nullopt;
    }
    if (branches.size() == 1)
        return std::move(branches[0]);

    // UNION ALL: same number of columns; each column takes the common type of the branches.
    size_t width = branches[0].plan->schema.size();
    for (size_t b = 1; b < branches.size(); ++b) {
        if (branches[b].plan->schema.size() != width) {
            diags_.Error(DiagCode::E0307, query.selects[b].range,
                         "UNION ALL branches must have the same number of columns: the first has " +
                             std::to_string(width) + ", this one " +
                             std::to_string(branches[b].plan->schema.size()));
            return std::nullopt;
        }
    }
    plan::Schema schema = branches[0].plan->schema;
    for (size_t c = 0; c < width; ++c) {
        for (size_t b = 1; b < branches.size(); ++b) {
            std::optional<Type> t = CommonType(schema[c].type, branches[b].plan->schema[c].type);
            if (!t) {
                diags_.Error(DiagCode::E0307, query.selects[b].range,
                             "UNION ALL column " + std::to_string(c + 1) + " ('" + schema[c].name + "') is " +
                                 schema[c].type.ToString() + " in the first branch and " +
                                 branches[b].plan->schema[c].type.ToString() + " here");
                return std::nullopt;
            }
            schema[c].type = *t;
        }
    }
    auto u = std::make_unique<plan::LogicalUnion>();
    u->schema = schema;
    u->range = query.range;
    for (size_t b = 0; b < branches.size(); ++b) {
        LogicalNodePtr p = std::move(branches[b].plan);
        bool needs_cast = false;
        for (size_t c = 0; c < width; ++c)
            needs_cast = needs_cast || !(p->schema[c].type == schema[c].type);
        if (needs_cast) {
            std::vector<BoundExprPtr> exprs;
            std::vector<std::string> names;
            for (size_t c = 0; c < width; ++c) {
                exprs.push_back(ExprBinder::Coerce(
                    plan::BoundExpr::Column(static_cast<int>(c), p->schema[c].name, p->schema[c].type),
                    schema[c].type));
                names.push_back(schema[c].name);
            }
            p = MakeProject(std::move(p), std::move(exprs), names, query.selects[b].range);
        }
        u->inputs.push_back(std::move(p));
    }
    return BoundRelation{std::move(u), streaming};
}

LogicalNodePtr Binder::BindDedup(const ast::Deduplicate& dedup, LogicalNodePtr input, const Scope& scope) {
    auto node = std::make_unique<plan::LogicalDedup>();
    bool ok = true;
    for (const auto& key : dedup.keys) {
        BoundExprPtr e = exprs_.Bind(*key, scope);
        if (e && e->kind != plan::BoundKind::ColumnRef) {
            diags_.Error(DiagCode::E0301, key->range,
                         "DEDUPLICATE BY takes columns of its input; compute this one in a subquery or view");
            e.reset();
        }
        ok = ok && e;
        if (e)
            node->keys.push_back(e->column);
    }
    if (!ok)
        return nullptr;
    node->within_watermark = dedup.within_watermark;
    if (dedup.within_watermark && std::none_of(input->schema.begin(), input->schema.end(),
                                               [](const plan::Column& c) { return c.event_time(); })) {
        diags_
            .Error(DiagCode::E0404, dedup.range,
                   "DEDUPLICATE BY ... WITHIN WATERMARK needs an event-time column with a watermark in its "
                   "input: the watermark decides when a key's state is dropped")
            .notes.push_back({"add WATERMARK FOR <column> AS <column> - INTERVAL ... to the source", {}});
        return nullptr;
    }
    node->schema = input->schema;
    node->range = dedup.range;
    node->inputs.push_back(std::move(input));
    return node;
}

std::optional<BoundRelation> Binder::BindSelect(const ast::Select& select, CteStack& ctes) {
    Scope scope;
    std::optional<BoundRelation> input = BindFrom(*select.from, ctes, &scope);
    if (!input)
        return std::nullopt;
    LogicalNodePtr plan = std::move(input->plan);

    if (select.where) {
        BoundExprPtr pred = exprs_.BindCondition(*select.where, scope, "WHERE");
        if (!pred)
            return std::nullopt;
        auto filter = std::make_unique<plan::LogicalFilter>();
        filter->schema = plan->schema;
        filter->predicate = std::move(pred);
        filter->range = select.where->range;
        filter->inputs.push_back(std::move(plan));
        plan = std::move(filter);
    }
    if (select.dedup) {
        plan = BindDedup(*select.dedup, std::move(plan), scope);
        if (!plan)
            return std::nullopt;
    }
    if (AggregatePlanner::Aggregates(select)) {
        plan = AggregatePlanner(exprs_, diags_).Plan(select, std::move(plan), scope);
        if (!plan)
            return std::nullopt;
        return BoundRelation{Distinct(select, std::move(plan)), input->streaming};
    }

    std::vector<BoundExprPtr> exprs;
    std::vector<std::string> names;
    bool ok = true;
    const SourceManager& sources = diags_.sources();
    for (const ast::SelectItem& item : select.items) {
        if (item.expr->kind == ast::ExprKind::Star) {
            auto& star = static_cast<const ast::Star&>(*item.expr);
            std::string qualifier = star.qualifier ? star.qualifier->Key() : "";
            bool any = false;
            for (size_t i = 0; i < scope.columns.size(); ++i) {
                const ScopeColumn& c = scope.columns[i];
                if (!qualifier.empty() && c.qualifier != qualifier)
                    continue;
                exprs.push_back(plan::BoundExpr::Column(static_cast<int>(i), c.name, c.type, item.range));
                names.push_back(c.name);
                any = true;
            }
            if (!any && star.qualifier) {
                diags_.Error(DiagCode::E0202, star.qualifier->range,
                             "'" + star.qualifier->text + "' is not a relation of the FROM clause");
                ok = false;
            }
            continue;
        }
        BoundExprPtr e = exprs_.Bind(*item.expr, scope);
        if (!e) {
            ok = false;
            continue;
        }
        names.push_back(item.alias ? item.alias->text : DeriveColumnName(*item.expr, sources));
        exprs.push_back(std::move(e));
    }
    if (!ok)
        return std::nullopt;
    plan = MakeProject(std::move(plan), std::move(exprs), names, select.range);
    return BoundRelation{Distinct(select, std::move(plan)), input->streaming};
}

LogicalNodePtr Binder::Distinct(const ast::Select& select, LogicalNodePtr plan) {
    if (!select.distinct)
        return plan;
    // SELECT DISTINCT is a deduplication by every selected column.
    auto node = std::make_unique<plan::LogicalDedup>();
    for (size_t i = 0; i < plan->schema.size(); ++i)
        node->keys.push_back(static_cast<int>(i));
    node->schema = plan->schema;
    node->range = select.distinct_range;
    node->inputs.push_back(std::move(plan));
    return node;
}

std::optional<BoundRelation> Binder::BindFrom(const ast::TableRef& ref, CteStack& ctes, Scope* scope) {
    switch (ref.kind) {
    case ast::TableRefKind::Named:
        return BindNamed(static_cast<const ast::NamedTableRef&>(ref), ctes, scope);
    case ast::TableRefKind::Subquery: {
        auto& sub = static_cast<const ast::SubqueryRef&>(ref);
        std::optional<BoundRelation> rel = BindQuery(*sub.query, ctes);
        if (rel)
            *scope = ScopeOf(rel->plan->schema, sub.alias.Key(), "subquery '" + sub.alias.text + "'");
        return rel;
    }
    case ast::TableRefKind::Join:
        diags_.Error(DiagCode::E0501, ref.range, "joins are not supported yet");
        return std::nullopt;
    case ast::TableRefKind::TableFunction: {
        auto& fn = static_cast<const ast::TableFunctionRef&>(ref);
        std::string name = ToUpper(fn.name.text);
        if (name != "TUMBLE" && name != "HOP")
            diags_.Error(DiagCode::E0205, fn.name.range, "unknown table function '" + fn.name.text + "'")
                .notes.push_back({"the table functions are TUMBLE and HOP", {}});
        else
            diags_.Error(DiagCode::E0501, ref.range,
                         "window table functions (" + name + ") are not supported yet");
        return std::nullopt;
    }
    }
    return std::nullopt;
}

std::optional<BoundRelation> Binder::BindNamed(const ast::NamedTableRef& ref, CteStack& ctes, Scope* scope) {
    std::string key = ref.name.Key();
    std::string qualifier = ref.alias ? ref.alias->Key() : key;
    for (auto level = ctes.rbegin(); level != ctes.rend(); ++level) {
        auto it = level->find(key);
        if (it == level->end())
            continue;
        // A WITH query sees only the WITH queries defined outside its own level.
        CteStack outer(ctes.begin(), ctes.begin() + (ctes.rend() - level - 1));
        std::optional<BoundRelation> rel = BindQuery(*it->second, outer);
        if (rel)
            *scope = ScopeOf(rel->plan->schema, qualifier, "'" + ref.name.text + "'");
        return rel;
    }
    std::optional<RelationRef> found = catalog_.FindRelation(key);
    if (!found) {
        Diagnostic& d = diags_.Error(DiagCode::E0202, ref.name.range,
                                     "unknown source, table or view '" + ref.name.text + "'");
        std::vector<std::string> names = catalog_.RelationNames();
        for (const auto& level : ctes)
            for (const auto& [name, q] : level)
                names.push_back(name);
        std::string suggestion = SuggestName(ref.name.text, names);
        if (!suggestion.empty())
            d.notes.push_back({"did you mean '" + suggestion + "'?", {}});
        return std::nullopt;
    }
    if (found->source) {
        const SourceEntry& src = *found->source;
        auto scan = std::make_unique<plan::LogicalScan>();
        scan->source = &src;
        scan->schema = src.columns;
        if (src.watermark && src.watermark->column >= 0)
            scan->schema.at(src.watermark->column).watermark_delay_us = src.watermark->delay_us;
        for (size_t i = 0; i < src.columns.size(); ++i)
            scan->columns.push_back(static_cast<int>(i));
        scan->range = ref.range;
        *scope = ScopeOf(src.columns, qualifier,
                         std::string(src.is_static ? "table '" : "source '") + src.name + "'");
        return BoundRelation{std::move(scan), !src.is_static};
    }
    const ViewEntry& view = *found->view;
    if (std::find(view_stack_.begin(), view_stack_.end(), key) != view_stack_.end()) {
        diags_.Error(DiagCode::E0210, ref.name.range, "view '" + view.name + "' refers to itself");
        return std::nullopt;
    }
    if (view.check == ViewEntry::Check::Unchecked)
        CheckView(view);
    if (view.check == ViewEntry::Check::Failed)
        return std::nullopt; // reported once, by CheckView
    view_stack_.push_back(key);
    CteStack view_ctes; // a view sees no WITH queries of the query using it
    std::optional<BoundRelation> rel = BindQuery(*view.ast->body.query, view_ctes);
    view_stack_.pop_back();
    if (rel)
        *scope = ScopeOf(rel->plan->schema, qualifier, "view '" + view.name + "'");
    return rel;
}

} // namespace sluice::sema
