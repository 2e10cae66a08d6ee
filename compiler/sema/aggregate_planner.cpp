#include "compiler/sema/aggregate_planner.h"

#include <algorithm>

#include "compiler/common/strings.h"

namespace sluice::sema {

using plan::BoundExpr;
using plan::BoundExprPtr;
using plan::ExprOp;
using plan::LogicalNodePtr;

namespace {

const ast::Call* WindowCall(const ast::Expr& e) {
    if (e.kind != ast::ExprKind::Call)
        return nullptr;
    auto& call = static_cast<const ast::Call&>(e);
    return ExprBinder::IsWindowFunction(call.name.text) ? &call : nullptr;
}

/// Floor modulo: the offset of a window start in [0, slide).
int64_t FloorMod(int64_t a, int64_t b) {
    int64_t m = a % b;
    return m < 0 ? m + b : m;
}

} // namespace

bool AggregatePlanner::Aggregates(const ast::Select& select) {
    if (!select.group_by.empty() || select.having)
        return true;
    return std::any_of(select.items.begin(), select.items.end(), [](const ast::SelectItem& item) {
        return item.expr->kind != ast::ExprKind::Star && ExprBinder::ContainsAggregate(*item.expr);
    });
}

LogicalNodePtr AggregatePlanner::PlanWindow(const ast::Call& call, LogicalNodePtr input, Scope& scope) {
    const std::string name = ToUpper(call.name.text);
    if (name == "SESSION") {
        diags_.Error(DiagCode::E0501, call.range, "SESSION windows are not supported yet");
        return nullptr;
    }
    const bool hop = name == "HOP";
    const size_t arity = hop ? 3 : call.args.size() == 3 ? 3 : 2;
    if (call.args.size() != arity) {
        diags_.Error(DiagCode::E0305, call.range,
                     hop ? "HOP takes (time, slide, size)" : "TUMBLE takes (time, size [, offset])");
        return nullptr;
    }
    BoundExprPtr time = exprs_.Bind(*call.args[0], scope);
    std::optional<int64_t> first =
        exprs_.ConstantInterval(*call.args[1], hop ? "the HOP slide" : "the TUMBLE size");
    std::optional<int64_t> second =
        arity == 3 ? exprs_.ConstantInterval(*call.args[2], hop ? "the HOP size" : "the TUMBLE offset")
                   : std::optional<int64_t>(0);
    if (!time || !first || !second)
        return nullptr;
    if (time->type.id != TypeId::Timestamp) {
        diags_.Error(DiagCode::E0301, call.args[0]->range,
                     "a window needs a TIMESTAMP time; this is " + time->type.ToString());
        return nullptr;
    }
    auto window = std::make_unique<plan::LogicalWindowAssign>();
    window->window = hop ? plan::LogicalWindowAssign::Kind::Hop : plan::LogicalWindowAssign::Kind::Tumble;
    window->slide_us = *first;
    window->size_us = hop ? *second : *first;
    window->offset_us = hop ? 0 : *second;
    if (window->slide_us <= 0 || window->size_us <= 0) {
        diags_.Error(DiagCode::E0311, call.args[1]->range, "a window's size and slide must be positive");
        return nullptr;
    }
    if (window->slide_us > window->size_us) {
        diags_.Error(
            DiagCode::E0311, call.args[1]->range,
            "the HOP slide must not be larger than its size: rows between windows would belong to none");
        return nullptr;
    }
    if (window->offset_us <= -window->slide_us || window->offset_us >= window->slide_us) {
        diags_.Error(DiagCode::E0311, call.args[2]->range, "a TUMBLE offset must be smaller than its size");
        return nullptr;
    }
    window->offset_us = FloorMod(window->offset_us, window->slide_us);
    window->range = call.range;

    // The window's time as a column of the input: a computed time (PROCTIME(), ts + INTERVAL ...) gets
    // a projection of its own, hidden from the query.
    if (time->kind == plan::BoundKind::ColumnRef) {
        window->time_column = time->column;
    } else {
        std::vector<BoundExprPtr> exprs;
        std::vector<std::string> names;
        for (size_t i = 0; i < input->schema.size(); ++i) {
            exprs.push_back(
                BoundExpr::Column(static_cast<int>(i), input->schema[i].name, input->schema[i].type));
            names.push_back(input->schema[i].name);
        }
        exprs.push_back(std::move(time));
        names.push_back("__window_time");
        input = plan::MakeProject(std::move(input), std::move(exprs), names, call.range);
        scope.columns.push_back({"", "", Type::Timestamp()}); // never matches a name
        window->time_column = static_cast<int>(input->schema.size()) - 1;
    }
    window->schema = input->schema;
    const plan::Column& time_column = input->schema[window->time_column];
    for (const char* bound : {"window_start", "window_end"}) {
        window->schema.push_back({bound, Type::Timestamp(), time_column.watermark_delay_us});
        // The window's bounds hide input columns of the same name (an aggregation over the windows of
        // another one).
        for (ScopeColumn& c : scope.columns)
            if (EqualsIgnoreCase(c.name, bound))
                c.name.clear();
        scope.columns.push_back({"", bound, Type::Timestamp()});
    }
    window->inputs.push_back(std::move(input));
    return window;
}

BoundExprPtr AggregatePlanner::Rewrite(const BoundExpr& e, bool& ok) {
    const std::string text = e.ToString();
    for (size_t k = 0; k < keys_.size(); ++k)
        if (keys_[k]->ToString() == text)
            return BoundExpr::Column(static_cast<int>(k), key_names_[k], e.type, e.range);
    if (e.kind == plan::BoundKind::Op && e.op == ExprOp::Aggregate) {
        size_t a = 0;
        while (a < aggregates_.size() && aggregates_[a]->ToString() != text)
            ++a;
        if (a == aggregates_.size())
            aggregates_.push_back(e.Clone());
        return BoundExpr::Column(static_cast<int>(keys_.size() + a), text, e.type, e.range);
    }
    if (e.kind == plan::BoundKind::ColumnRef) {
        diags_
            .Error(DiagCode::E0310, e.range,
                   "column '" + e.column_name + "' is neither in GROUP BY nor inside an aggregate function")
            .notes.push_back({"group by it, or aggregate it, e.g. MAX(" + e.column_name + ")", {}});
        ok = false;
        return e.Clone();
    }
    BoundExprPtr out = e.Clone();
    for (size_t i = 0; i < e.args.size(); ++i)
        out->args[i] = Rewrite(*e.args[i], ok);
    return out;
}

LogicalNodePtr AggregatePlanner::Plan(const ast::Select& select, LogicalNodePtr input,
                                      const Scope& input_scope) {
    Scope scope = input_scope;
    const SourceManager& sources = diags_.sources();

    // GROUP BY: at most one window, then the keys in their order (a window stands for window_start and
    // window_end).
    const ast::Call* window_call = nullptr;
    for (const auto& item : select.group_by) {
        const ast::Call* call = WindowCall(*item);
        if (!call)
            continue;
        if (window_call) {
            diags_.Error(DiagCode::E0311, call->range, "a GROUP BY can have only one window")
                .notes.push_back({"the first window is here", window_call->range});
            return nullptr;
        }
        window_call = call;
    }
    if (window_call) {
        input = PlanWindow(*window_call, std::move(input), scope);
        if (!input)
            return nullptr;
    }
    const int window_start = window_call ? static_cast<int>(input->schema.size()) - 2 : -1;
    int window_end_key = -1;
    bool ok = true;
    for (const auto& item : select.group_by) {
        if (WindowCall(*item)) {
            for (int c : {window_start, window_start + 1}) {
                keys_.push_back(BoundExpr::Column(c, input->schema[c].name, Type::Timestamp(), item->range));
                key_names_.push_back(input->schema[c].name);
            }
            window_end_key = static_cast<int>(keys_.size()) - 1;
            continue;
        }
        BoundExprPtr key = exprs_.Bind(*item, scope);
        if (!key) {
            ok = false;
            continue;
        }
        if (key->type.IsNull())
            key = ExprBinder::Coerce(std::move(key), Type::String());
        key_names_.push_back(key->kind == plan::BoundKind::ColumnRef ? key->column_name
                                                                     : DeriveColumnName(*item, sources));
        keys_.push_back(std::move(key));
    }

    // The select list and HAVING, bound against the input, then rewritten over the aggregation.
    exprs_.set_aggregates_allowed(true);
    std::vector<BoundExprPtr> items;
    std::vector<std::string> names;
    for (const ast::SelectItem& item : select.items) {
        if (item.expr->kind == ast::ExprKind::Star) {
            diags_.Error(DiagCode::E0310, item.range,
                         "'*' in an aggregating query: name the grouped columns and the aggregates instead");
            ok = false;
            continue;
        }
        BoundExprPtr e = exprs_.Bind(*item.expr, scope);
        if (!e) {
            ok = false;
            continue;
        }
        names.push_back(item.alias ? item.alias->text : DeriveColumnName(*item.expr, sources));
        items.push_back(std::move(e));
    }
    BoundExprPtr having = select.having ? exprs_.BindCondition(*select.having, scope, "HAVING") : nullptr;
    exprs_.set_aggregates_allowed(false);
    if (!ok || (select.having && !having))
        return nullptr;
    for (auto& e : items)
        e = Rewrite(*e, ok);
    if (having)
        having = Rewrite(*having, ok);
    if (!ok)
        return nullptr;

    // The aggregation's input: the keys, then every aggregate's arguments and FILTER condition.
    std::vector<BoundExprPtr> pre;
    std::vector<std::string> pre_names;
    for (size_t k = 0; k < keys_.size(); ++k) {
        pre.push_back(keys_[k]->Clone());
        pre_names.push_back(key_names_[k]);
    }
    auto aggregate = std::make_unique<plan::LogicalAggregate>();
    for (size_t k = 0; k < keys_.size(); ++k)
        aggregate->keys.push_back(static_cast<int>(k));
    aggregate->window_end_key = window_end_key;
    for (const BoundExprPtr& call : aggregates_) {
        plan::AggregateExpr agg;
        agg.kind = call->aggregate;
        agg.result_type = call->type;
        agg.text = call->ToString();
        for (size_t i = 0; i < call->args.size(); ++i) {
            const bool is_filter = call->has_filter && i + 1 == call->args.size();
            const int column = static_cast<int>(pre.size());
            if (is_filter)
                agg.filter = column;
            else
                agg.args.push_back(column);
            pre.push_back(call->args[i]->Clone());
            pre_names.push_back("__agg" + std::to_string(aggregate->aggregates.size()) +
                                (is_filter ? "_filter" : "_arg") + std::to_string(i));
        }
        aggregate->aggregates.push_back(std::move(agg));
    }
    LogicalNodePtr projected = plan::MakeProject(std::move(input), std::move(pre), pre_names, select.range);
    for (size_t k = 0; k < keys_.size(); ++k)
        aggregate->schema.push_back(projected->schema[k]);
    for (const plan::AggregateExpr& agg : aggregate->aggregates)
        aggregate->schema.push_back({agg.text, agg.result_type});
    aggregate->range = select.group_by.empty() ? select.range : select.group_by_range;
    aggregate->inputs.push_back(std::move(projected));
    LogicalNodePtr plan = std::move(aggregate);

    if (having) {
        auto filter = std::make_unique<plan::LogicalFilter>();
        filter->schema = plan->schema;
        filter->predicate = std::move(having);
        filter->range = select.having->range;
        filter->inputs.push_back(std::move(plan));
        plan = std::move(filter);
    }
    return plan::MakeProject(std::move(plan), std::move(items), names, select.range);
}

} // namespace sluice::sema
