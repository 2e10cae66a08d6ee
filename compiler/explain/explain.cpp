#include "compiler/explain/explain.h"

#include <functional>

#include "compiler/common/strings.h"
#include "compiler/sema/catalog.h"
#include "compiler/sema/function_registry.h"

namespace sluice::explain {

namespace {

using plan::BoundExpr;

std::string ColumnList(const plan::Schema& schema) {
    std::vector<std::string> names;
    for (const auto& c : schema)
        names.push_back(c.name);
    return "[" + Join(names, ", ") + "]";
}

std::string ConnectorText(const sema::ConnectorRef& c) {
    std::string out = c.connector;
    std::vector<std::string> details;
    if (c.options.count("kind"))
        details.push_back(c.options.at("kind").value.get<std::string>());
    if (!c.format.empty())
        details.push_back(c.format);
    if (!details.empty())
        out += "(" + Join(details, ", ") + ")";
    return out;
}

std::string ScanBody(const sema::SourceEntry& src, const plan::Schema& schema) {
    std::string out = src.name + ": " + ConnectorText(src.connector);
    if (src.watermark) {
        out += ", watermark: " + src.columns[src.watermark->column].name;
        if (src.watermark->delay_us)
            out += " - " + FormatDuration(src.watermark->delay_us);
    }
    return out + ", columns: " + ColumnList(schema);
}

std::string SinkBody(const sema::SinkEntry& sink) {
    std::string trigger = sema::TriggerKindName(sink.trigger);
    if (sink.trigger == sema::TriggerKind::ProcessingTime)
        trigger += "(" + FormatDuration(sink.trigger_interval_us) + ")";
    std::string out = sink.name + ": " + ConnectorText(sink.connector) + ", trigger: " + trigger;
    if (!sink.checkpoint.empty())
        out += ", checkpoint: " + QuoteSql(sink.checkpoint);
    return out;
}

std::string ProjectBody(const std::vector<plan::BoundExprPtr>& exprs, const plan::Schema& schema) {
    std::vector<std::string> items;
    for (size_t i = 0; i < exprs.size(); ++i) {
        std::string e = exprs[i]->ToString();
        items.push_back(e == schema[i].name ? e : schema[i].name + ": " + e);
    }
    return Join(items, ", ");
}

std::string WindowBody(bool hop, const plan::Schema& input, int time_column, int64_t size_us,
                       int64_t slide_us, int64_t offset_us) {
    const std::string time = input.at(time_column).name;
    if (hop)
        return "HOP(" + time + ", slide " + FormatDuration(slide_us) + ", size " + FormatDuration(size_us) +
               ")";
    return "TUMBLE(" + time + ", " + FormatDuration(size_us) +
           (offset_us ? ", offset " + FormatDuration(offset_us) : "") + ")";
}

std::string NamesOf(const std::vector<int>& columns, const plan::Schema& schema) {
    std::vector<std::string> names;
    for (int c : columns)
        names.push_back(schema.at(c).name);
    return "[" + Join(names, ", ") + "]";
}

std::string SortBody(const std::vector<plan::SortKey>& keys, int64_t limit, const plan::Schema& schema) {
    std::vector<std::string> items;
    for (const plan::SortKey& k : keys)
        items.push_back(schema.at(k.column).name + (k.descending ? " DESC" : " ASC") +
                        (k.nulls_first ? " NULLS FIRST" : " NULLS LAST"));
    std::string out = items.empty() ? "" : "order by: " + Join(items, ", ");
    if (limit >= 0)
        out += std::string(out.empty() ? "" : ", ") + "limit: " + std::to_string(limit);
    return out;
}

/// When a stateful operator's entries expire and which rows are late.
std::string ExpiryBody(const plan::StateExpiry& e, const plan::Schema& input) {
    if (e.expiry_column < 0)
        return "state kept forever (no watermark bounds the key)";
    std::string at = input.at(e.expiry_column).name;
    if (e.expiry_delay_us)
        at += " + " + FormatDuration(e.expiry_delay_us);
    return "evict when watermark >= " + at + ", late when " + input.at(e.late_column).name + " <= watermark";
}

const char* EmitName(plan::EmitMode m) {
    switch (m) {
    case plan::EmitMode::Updated:
        return "updated groups";
    case plan::EmitMode::Expired:
        return "final groups";
    case plan::EmitMode::All:
        return "all groups";
    }
    return "?";
}

/// The state layout of a table: its value size and each aggregate's byte offsets.
std::string LayoutBody(const plan::StateTable& table) {
    return std::to_string(table.value_size) + " bytes per entry";
}

/// One operator as the renderings show it: label, details and inputs, shared by the logical and
/// physical plans.
struct NodeView {
    int id;
    std::string op;
    std::string body;
    const plan::Schema* schema;
    std::vector<NodeView> inputs;
    nlohmann::json details;
};

// One node's label and details, without its inputs.
NodeView NodeOf(const plan::LogicalNode& node) {
    NodeView v{node.id, plan::LogicalKindName(node.kind), "", &node.schema, {}, nlohmann::json::object()};
    switch (node.kind) {
    case plan::LogicalKind::Scan: {
        auto& n = static_cast<const plan::LogicalScan&>(node);
        v.op = n.source->is_static ? "Table" : "Source";
        v.body = ScanBody(*n.source, n.schema);
        v.details["source"] = n.source->name;
        v.details["columns"] = n.columns;
        break;
    }
    case plan::LogicalKind::Filter:
        v.body = static_cast<const plan::LogicalFilter&>(node).predicate->ToString();
        break;
    case plan::LogicalKind::Project:
        v.body = ProjectBody(static_cast<const plan::LogicalProject&>(node).exprs, node.schema);
        break;
    case plan::LogicalKind::Union:
        break;
    case plan::LogicalKind::WindowAssign: {
        auto& n = static_cast<const plan::LogicalWindowAssign&>(node);
        v.body = WindowBody(n.window == plan::LogicalWindowAssign::Kind::Hop, n.inputs[0]->schema,
                            n.time_column, n.size_us, n.slide_us, n.offset_us);
        break;
    }
    case plan::LogicalKind::Aggregate: {
        auto& n = static_cast<const plan::LogicalAggregate&>(node);
        std::vector<std::string> aggs;
        for (const auto& a : n.aggregates)
            aggs.push_back(a.text);
        v.body = "keys: " + NamesOf(n.keys, n.inputs[0]->schema) + ", aggregates: [" + Join(aggs, ", ") + "]";
        break;
    }
    case plan::LogicalKind::Dedup: {
        auto& n = static_cast<const plan::LogicalDedup&>(node);
        v.body =
            "keys: " + NamesOf(n.keys, n.inputs[0]->schema) + (n.within_watermark ? " within watermark" : "");
        break;
    }
    case plan::LogicalKind::Sort: {
        auto& n = static_cast<const plan::LogicalSort&>(node);
        v.body = SortBody(n.keys, n.limit, n.schema);
        break;
    }
    case plan::LogicalKind::Sink: {
        auto& sink = *static_cast<const plan::LogicalSink&>(node).sink;
        v.op = std::string("Sink [") + sema::OutputModeName(sink.output_mode) + "]";
        v.body = SinkBody(sink);
        break;
    }
    }
    return v;
}

nlohmann::json ExprJson(const BoundExpr& e);

nlohmann::json ExpiryJson(const plan::StateExpiry& e) {
    return {{"expiry_column", e.expiry_column},
            {"expiry_delay_us", e.expiry_delay_us},
            {"late_column", e.late_column}};
}

nlohmann::json TableJson(const plan::StateTable& t) {
    return {
        {"description", t.description}, {"value_size", t.value_size}, {"string_offsets", t.string_offsets},
        {"emit", EmitName(t.emit)},     {"emits", t.emits},           {"evict_expired", t.evict_expired}};
}

// `query` (optional) gives the state tables of stateful operators.
NodeView NodeOf(const plan::PhysicalNode& node, const plan::PhysicalQuery* query) {
    NodeView v{node.id, plan::PhysicalKindName(node.kind), "", &node.schema, {}, nlohmann::json::object()};
    switch (node.kind) {
    case plan::PhysicalKind::Scan: {
        auto& n = static_cast<const plan::PhysicalScan&>(node);
        v.op = n.source->is_static ? "Table" : "Source";
        v.body = ScanBody(*n.source, n.schema);
        v.details["source"] = n.source->name;
        v.details["columns"] = n.columns;
        break;
    }
    case plan::PhysicalKind::Filter: {
        auto& f = static_cast<const plan::PhysicalFilter&>(node);
        v.body = f.predicate->ToString();
        v.details["predicate"] = ExprJson(*f.predicate);
        break;
    }
    case plan::PhysicalKind::Project: {
        auto& p = static_cast<const plan::PhysicalProject&>(node);
        v.body = ProjectBody(p.exprs, node.schema);
        nlohmann::json exprs = nlohmann::json::array();
        for (const auto& e : p.exprs)
            exprs.push_back(ExprJson(*e));
        v.details["exprs"] = exprs;
        break;
    }
    case plan::PhysicalKind::Union:
        break;
    case plan::PhysicalKind::WindowAssign: {
        auto& n = static_cast<const plan::PhysicalWindowAssign&>(node);
        v.body = WindowBody(n.window == plan::PhysicalWindowAssign::Kind::Hop, n.inputs[0]->schema,
                            n.time_column, n.size_us, n.slide_us, n.offset_us);
        v.details["window"] = {{"time_column", n.time_column},
                               {"size_us", n.size_us},
                               {"slide_us", n.slide_us},
                               {"offset_us", n.offset_us}};
        break;
    }
    case plan::PhysicalKind::Exchange: {
        auto& n = static_cast<const plan::PhysicalExchange&>(node);
        v.body = "by " + NamesOf(n.keys, n.inputs[0]->schema) + " to state partitions";
        v.details["keys"] = n.keys;
        break;
    }
    case plan::PhysicalKind::Aggregate: {
        auto& n = static_cast<const plan::PhysicalAggregate&>(node);
        const plan::Schema& in = n.inputs[0]->schema;
        std::vector<std::string> aggs;
        nlohmann::json calls = nlohmann::json::array();
        for (const auto& a : n.aggregates) {
            std::vector<std::string> offsets;
            for (int32_t o : a.fields)
                offsets.push_back(std::to_string(o));
            aggs.push_back(a.text + " @" + Join(offsets, "/"));
            calls.push_back({{"kind", plan::AggregateKindName(a.kind)},
                             {"args", a.args},
                             {"filter", a.filter},
                             {"result_type", a.result_type.ToString()},
                             {"fields", a.fields},
                             {"distinct_table", a.distinct_table},
                             {"text", a.text}});
        }
        v.body = "keys: " + NamesOf(n.keys, in) + ", aggregates: [" + Join(aggs, ", ") + "], " +
                 ExpiryBody(n.expiry, in);
        if (query) {
            const plan::StateTable& t = query->state_tables.at(n.state_table);
            v.body += ", emit: " + std::string(EmitName(t.emit)) + ", state: " + LayoutBody(t);
            v.details["state_table"] = TableJson(t);
        }
        v.details["keys"] = n.keys;
        v.details["aggregates"] = calls;
        v.details["expiry"] = ExpiryJson(n.expiry);
        break;
    }
    case plan::PhysicalKind::Dedup: {
        auto& n = static_cast<const plan::PhysicalDedup&>(node);
        const plan::Schema& in = n.inputs[0]->schema;
        v.body = "keys: " + NamesOf(static_cast<const plan::PhysicalExchange&>(*n.inputs[0]).keys, in) +
                 ", " + ExpiryBody(n.expiry, in);
        if (query)
            v.details["state_table"] = TableJson(query->state_tables.at(n.state_table));
        v.details["expiry"] = ExpiryJson(n.expiry);
        break;
    }
    case plan::PhysicalKind::Sink: {
        auto& sink = *static_cast<const plan::PhysicalSink&>(node).sink;
        v.op = std::string("Sink [") + sema::OutputModeName(sink.output_mode) + "]";
        v.body = SinkBody(sink);
        break;
    }
    }
    return v;
}

// The node and, recursively, its inputs.
NodeView ViewOf(const plan::LogicalNode& node) {
    NodeView v = NodeOf(node);
    for (const auto& in : node.inputs)
        v.inputs.push_back(ViewOf(*in));
    return v;
}

NodeView ViewOf(const plan::PhysicalNode& node, const plan::PhysicalQuery& query) {
    NodeView v = NodeOf(node, &query);
    for (const auto& in : node.inputs)
        v.inputs.push_back(ViewOf(*in, query));
    return v;
}

nlohmann::json ExprJson(const BoundExpr& e) {
    nlohmann::json j;
    j["type"] = e.type.ToString();
    switch (e.kind) {
    case plan::BoundKind::ColumnRef:
        j["column"] = e.column;
        break;
    case plan::BoundKind::Literal:
        j["literal"] = e.value.ToSql();
        break;
    case plan::BoundKind::Op: {
        j["op"] = plan::ExprOpName(e.op);
        if (e.function)
            j["function"] = std::string(e.function->symbol.empty() ? e.function->name : e.function->symbol);
        if (e.has_else)
            j["else"] = true;
        nlohmann::json args = nlohmann::json::array();
        for (const auto& a : e.args)
            args.push_back(ExprJson(*a));
        j["args"] = args;
        break;
    }
    }
    return j;
}

void RenderText(const NodeView& v, const std::string& prefix, const std::string& child_prefix,
                std::string& out) {
    out += prefix + "#" + std::to_string(v.id) + " " + v.op + (v.body.empty() ? "" : " { " + v.body + " }") +
           "\n";
    for (size_t i = 0; i < v.inputs.size(); ++i) {
        bool last = i + 1 == v.inputs.size();
        RenderText(v.inputs[i], child_prefix + (last ? "└─" : "├─"), child_prefix + (last ? "  " : "│ "),
                   out);
    }
}

nlohmann::json RenderJson(const NodeView& v) {
    nlohmann::json j;
    j["id"] = v.id;
    j["op"] = v.op;
    j["description"] = v.body;
    nlohmann::json schema = nlohmann::json::array();
    for (const auto& c : *v.schema)
        schema.push_back({{"name", c.name}, {"type", c.type.ToString()}});
    j["schema"] = schema;
    for (auto& [k, val] : v.details.items())
        j[k] = val;
    nlohmann::json inputs = nlohmann::json::array();
    for (const auto& in : v.inputs)
        inputs.push_back(RenderJson(in));
    j["inputs"] = inputs;
    return j;
}

std::string DotEscape(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    return out;
}

void RenderDot(const NodeView& v, std::string& out) {
    out += "  n" + std::to_string(v.id) + " [label=\"#" + std::to_string(v.id) + " " + DotEscape(v.op) +
           (v.body.empty() ? "" : "\\n" + DotEscape(v.body)) + "\"];\n";
    for (const auto& in : v.inputs) {
        RenderDot(in, out);
        out += "  n" + std::to_string(in.id) + " -> n" + std::to_string(v.id) + ";\n";
    }
}

std::string Render(const NodeView& v, Format format) {
    switch (format) {
    case Format::Text: {
        std::string out;
        RenderText(v, "", "", out);
        return out;
    }
    case Format::Json:
        return RenderJson(v).dump(2) + "\n";
    case Format::Dot: {
        std::string out = "digraph plan {\n  rankdir=BT;\n  node [shape=box, fontname=\"monospace\"];\n";
        RenderDot(v, out);
        return out + "}\n";
    }
    }
    return "";
}

} // namespace

std::string FormatDuration(int64_t micros) {
    if (micros == 0)
        return "0s";
    std::string out;
    if (micros < 0) {
        out = "-";
        micros = -micros;
    }
    struct Unit {
        int64_t us;
        const char* name;
    };
    static const Unit kUnits[] = {{86400000000LL, "d"}, {3600000000LL, "h"}, {60000000LL, "m"},
                                  {1000000, "s"},       {1000, "ms"},        {1, "us"}};
    for (const Unit& u : kUnits) {
        if (micros >= u.us) {
            out += std::to_string(micros / u.us) + u.name;
            micros %= u.us;
        }
    }
    return out;
}

std::string ExplainLogical(const plan::LogicalNode& root, Format format) {
    return Render(ViewOf(root), format);
}

std::string ExplainPhysical(const plan::PhysicalQuery& query, Format format) {
    std::string out = Render(ViewOf(*query.root, query), format);
    if (format == Format::Text && (!query.order_by.empty() || query.limit >= 0))
        out +=
            "then each batch's result: " + SortBody(query.order_by, query.limit, query.root->schema) + "\n";
    return out;
}

std::string OperatorLabel(const plan::PhysicalNode& node) {
    NodeView v = NodeOf(node, nullptr);
    return v.op + (v.body.empty() ? "" : " " + v.body);
}

std::string ExplainPipelines(const plan::PhysicalQuery& query, Format format) {
    auto chain = [](const plan::Pipeline& p) {
        std::vector<const plan::PhysicalNode*> nodes;
        nodes.push_back(p.source);
        nodes.insert(nodes.end(), p.operators.begin(), p.operators.end());
        nodes.push_back(p.breaker);
        return nodes;
    };
    if (format == Format::Json) {
        nlohmann::json arr = nlohmann::json::array();
        for (const auto& p : query.pipelines) {
            nlohmann::json ops = nlohmann::json::array();
            for (const auto* n : chain(p))
                ops.push_back({{"id", n->id}, {"op", OperatorLabel(*n)}});
            nlohmann::json entry = {{"pipeline", p.id}, {"stage", p.stage}, {"operators", ops}};
            if (p.source->kind == plan::PhysicalKind::Scan)
                entry["source"] = static_cast<const plan::PhysicalScan&>(*p.source).source->name;
            arr.push_back(std::move(entry));
        }
        return arr.dump(2) + "\n";
    }
    if (format == Format::Dot) {
        std::string out = "digraph pipelines {\n  rankdir=LR;\n  node [shape=box, fontname=\"monospace\"];\n";
        for (const auto& p : query.pipelines) {
            out += "  subgraph cluster_" + std::to_string(p.id) + " {\n    label=\"pipeline " +
                   std::to_string(p.id) + "\";\n";
            std::vector<const plan::PhysicalNode*> nodes = chain(p);
            for (size_t i = 0; i < nodes.size(); ++i)
                out += "    p" + std::to_string(p.id) + "_" + std::to_string(nodes[i]->id) + " [label=\"#" +
                       std::to_string(nodes[i]->id) + " " + DotEscape(OperatorLabel(*nodes[i])) + "\"];\n";
            for (size_t i = 0; i + 1 < nodes.size(); ++i)
                out += "    p" + std::to_string(p.id) + "_" + std::to_string(nodes[i]->id) + " -> p" +
                       std::to_string(p.id) + "_" + std::to_string(nodes[i + 1]->id) + ";\n";
            out += "  }\n";
        }
        return out + "}\n";
    }
    std::string out;
    const bool staged = std::any_of(query.pipelines.begin(), query.pipelines.end(),
                                    [](const plan::Pipeline& p) { return p.stage > 0; });
    for (const auto& p : query.pipelines) {
        out += "Pipeline " + std::to_string(p.id) +
               (staged ? " (stage " + std::to_string(p.stage) + ", fused into one loop" +
                             (p.stage > 0 ? ", once per state partition" : "") + "):\n"
                       : " (fused into one loop):\n");
        for (const auto* n : chain(p))
            out += "  #" + std::to_string(n->id) + " " + OperatorLabel(*n) + "\n";
    }
    return out;
}

nlohmann::json PhysicalToJson(const plan::PhysicalQuery& query) {
    nlohmann::json j;
    j["plan"] = RenderJson(ViewOf(*query.root, query));
    if (!query.order_by.empty() || query.limit >= 0) {
        nlohmann::json keys = nlohmann::json::array();
        for (const plan::SortKey& k : query.order_by)
            keys.push_back(
                {{"column", k.column}, {"descending", k.descending}, {"nulls_first", k.nulls_first}});
        j["order_by"] = keys;
        j["limit"] = query.limit;
    }
    nlohmann::json pipelines = nlohmann::json::array();
    for (const auto& p : query.pipelines) {
        std::vector<int> ops;
        for (const auto* n : p.operators)
            ops.push_back(n->id);
        pipelines.push_back({{"id", p.id},
                             {"stage", p.stage},
                             {"source", p.source->id},
                             {"operators", ops},
                             {"breaker", p.breaker->id}});
    }
    j["pipelines"] = pipelines;
    return j;
}

} // namespace sluice::explain
