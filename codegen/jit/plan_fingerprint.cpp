#include "codegen/jit/plan_fingerprint.h"

#include "compiler/sema/function_registry.h"

namespace sluice::codegen {

namespace {

void Append(std::string& out, const std::string& s) {
    out += std::to_string(s.size());
    out += ':';
    out += s;
}

void AppendType(std::string& out, const Type& t) {
    Append(out, t.ToString());
}

void AppendSchema(std::string& out, const plan::Schema& schema) {
    out += "schema" + std::to_string(schema.size());
    for (const plan::Column& c : schema) {
        Append(out, c.name);
        AppendType(out, c.type);
    }
}

void AppendExpr(std::string& out, const plan::BoundExpr& e) {
    out += '(';
    AppendType(out, e.type);
    switch (e.kind) {
    case plan::BoundKind::ColumnRef:
        out += "col" + std::to_string(e.column);
        break;
    case plan::BoundKind::Literal:
        // ToSql does not tell DOUBLE 1.0 from a DECIMAL or keep every bit of a double: add them.
        Append(out, e.value.ToSql());
        AppendType(out, e.value.type);
        if (!e.value.is_null && e.value.type.id == TypeId::Double) {
            uint64_t bits;
            static_assert(sizeof(bits) == sizeof(e.value.d));
            __builtin_memcpy(&bits, &e.value.d, sizeof(bits));
            out += "bits" + std::to_string(bits);
        }
        break;
    case plan::BoundKind::Op:
        Append(out, plan::ExprOpName(e.op));
        out += std::to_string(static_cast<int>(e.op));
        if (e.has_else)
            out += "else";
        if (e.function) {
            Append(out, std::string(e.function->name));
            Append(out, std::string(e.function->symbol));
            out += "args" + std::to_string(e.function->args.size());
            for (auto t : e.function->args)
                out += std::to_string(static_cast<int>(t)) + ",";
        }
        for (const auto& a : e.args)
            AppendExpr(out, *a);
        break;
    }
    out += ')';
}

void AppendNode(std::string& out, const plan::PhysicalNode& node) {
    out += '[';
    Append(out, plan::PhysicalKindName(node.kind));
    out += "id" + std::to_string(node.id);
    AppendSchema(out, node.schema);
    if (auto* f = dynamic_cast<const plan::PhysicalFilter*>(&node); f && f->predicate)
        AppendExpr(out, *f->predicate);
    if (auto* p = dynamic_cast<const plan::PhysicalProject*>(&node))
        for (const auto& e : p->exprs)
            AppendExpr(out, *e);
    if (auto* s = dynamic_cast<const plan::PhysicalScan*>(&node))
        out += "source" + std::to_string(s->source_index);
    auto ints = [&](const char* tag, const auto& values) {
        out += tag;
        for (auto v : values)
            out += std::to_string(v) + ",";
    };
    auto expiry = [&](const plan::StateExpiry& e) {
        ints("expiry", std::vector<int64_t>{e.expiry_column, e.expiry_delay_us, e.late_column});
    };
    if (auto* w = dynamic_cast<const plan::PhysicalWindowAssign*>(&node))
        ints("window", std::vector<int64_t>{static_cast<int>(w->window), w->time_column, w->size_us,
                                            w->slide_us, w->offset_us});
    if (auto* x = dynamic_cast<const plan::PhysicalExchange*>(&node)) {
        ints("keys", x->keys);
        out += "exchange" + std::to_string(x->exchange_index);
    }
    if (auto* a = dynamic_cast<const plan::PhysicalAggregate*>(&node)) {
        ints("keys", a->keys);
        ints("columns", std::vector<int>{a->key_column, a->hash_column, a->state_table});
        expiry(a->expiry);
        for (const plan::AggregateCall& call : a->aggregates) {
            ints("agg", std::vector<int>{static_cast<int>(call.kind), call.filter, call.distinct_table});
            ints("args", call.args);
            ints("fields", call.fields);
            AppendType(out, call.result_type);
        }
    }
    if (auto* d = dynamic_cast<const plan::PhysicalDedup*>(&node)) {
        ints("columns", std::vector<int>{d->key_column, d->hash_column, d->state_table});
        expiry(d->expiry);
    }
    out += ']';
}

} // namespace

std::string PlanFingerprint(const plan::PhysicalQuery& query) {
    std::string out = "pipelines" + std::to_string(query.pipelines.size());
    for (const plan::Pipeline& p : query.pipelines) {
        out += "{pipeline" + std::to_string(p.id);
        out += "stage" + std::to_string(p.stage) + "rows" + std::to_string(p.rows_per_input_row);
        if (p.source)
            AppendNode(out, *p.source);
        for (const plan::PhysicalNode* node : p.operators)
            AppendNode(out, *node);
        if (p.breaker)
            AppendNode(out, *p.breaker);
        out += '}';
    }
    return out;
}

} // namespace sluice::codegen
