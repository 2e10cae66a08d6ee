#include "runtime/engine/query_spec.h"

#include <stdexcept>

namespace sluice::rt {

namespace {

// Defaults of connectors.def by option name (an option name means the same thing in every connector
// that has it), so that the runtime never keeps its own copy of a default.
std::string DefaultText(const std::string& key) {
    static const std::map<std::string, std::string> kDefaults = [] {
        std::map<std::string, std::string> m;
#define SL_OPTION(kind, connector, option, type, required, def, choices, doc) m.emplace(#option, def);
#define SL_FORMAT_OPTION(format, option, type, def, choices, doc) m.emplace(#option, def);
#define SL_SETTING(name, type, def, choices, doc) m.emplace(#name, def);
#include "sluice/connectors.def"
        return m;
    }();
    auto it = kDefaults.find(key);
    return it == kDefaults.end() ? std::string() : it->second;
}

} // namespace

std::string Options::GetString(const std::string& key, const std::string& fallback) const {
    auto it = values_.find(key);
    if (it != values_.end())
        return it->second.is_string() ? it->second.get<std::string>() : it->second.dump();
    std::string d = DefaultText(key);
    return d.empty() ? fallback : d;
}

int64_t Options::GetInt(const std::string& key, int64_t fallback) const {
    auto it = values_.find(key);
    if (it != values_.end() && it->second.is_number())
        return it->second.get<int64_t>();
    std::string d = DefaultText(key);
    return d.empty() ? fallback : std::stoll(d);
}

double Options::GetDouble(const std::string& key, double fallback) const {
    auto it = values_.find(key);
    if (it != values_.end() && it->second.is_number())
        return it->second.get<double>();
    std::string d = DefaultText(key);
    return d.empty() ? fallback : std::stod(d);
}

bool Options::GetBool(const std::string& key, bool fallback) const {
    auto it = values_.find(key);
    if (it != values_.end() && it->second.is_boolean())
        return it->second.get<bool>();
    std::string d = DefaultText(key);
    return d.empty() ? fallback : d == "true";
}

const char* TriggerKindName(TriggerKind k) {
    switch (k) {
    case TriggerKind::Default:
        return "default";
    case TriggerKind::ProcessingTime:
        return "processing_time";
    case TriggerKind::Once:
        return "once";
    case TriggerKind::AvailableNow:
        return "available_now";
    case TriggerKind::Continuous:
        return "continuous";
    }
    return "?";
}

const char* OutputModeName(OutputMode m) {
    switch (m) {
    case OutputMode::Append:
        return "append";
    case OutputMode::Update:
        return "update";
    case OutputMode::Complete:
        return "complete";
    }
    return "?";
}

namespace {

nlohmann::json SchemaToJson(const Schema& schema) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& c : schema)
        arr.push_back({{"name", c.name}, {"type", c.type.ToString()}});
    return arr;
}

Schema SchemaFromJson(const nlohmann::json& j) {
    Schema s;
    for (const auto& c : j) {
        ColumnSchema col;
        col.name = c.at("name").get<std::string>();
        if (!ParseColumnType(c.at("type").get<std::string>(), &col.type))
            throw std::runtime_error("query spec: bad column type " + c.at("type").dump());
        s.push_back(col);
    }
    return s;
}

nlohmann::json OptionsToJson(const Options& o) {
    return nlohmann::json(o.values());
}

Options OptionsFromJson(const nlohmann::json& j) {
    return Options(j.get<std::map<std::string, nlohmann::json>>());
}

template <typename E> E EnumFromName(const std::string& name, E last, const char* (*namer)(E)) {
    for (int i = 0; i <= static_cast<int>(last); ++i)
        if (name == namer(static_cast<E>(i)))
            return static_cast<E>(i);
    throw std::runtime_error("query spec: unknown value " + name);
}

} // namespace

nlohmann::json ToJson(const QuerySpec& spec) {
    nlohmann::json j;
    const SinkSpec& s = spec.sink;
    j["sink"] = {
        {"name", s.name},
        {"connector", s.connector},
        {"format", s.format},
        {"options", OptionsToJson(s.options)},
        {"format_options", OptionsToJson(s.format_options)},
        {"schema", SchemaToJson(s.schema)},
        {"output_mode", OutputModeName(s.output_mode)},
        {"trigger", {{"kind", TriggerKindName(s.trigger.kind)}, {"interval_ms", s.trigger.interval_ms}}},
        {"checkpoint", s.checkpoint},
        {"settings", OptionsToJson(s.settings)},
        {"limit", s.limit}};
    j["sink"]["order_by"] = nlohmann::json::array();
    for (const SortKeySpec& k : s.order_by)
        j["sink"]["order_by"].push_back(
            {{"column", k.column}, {"descending", k.descending}, {"nulls_first", k.nulls_first}});
    j["sources"] = nlohmann::json::array();
    for (const SourceSpec& src : spec.sources)
        j["sources"].push_back({{"name", src.name},
                                {"connector", src.connector},
                                {"format", src.format},
                                {"options", OptionsToJson(src.options)},
                                {"format_options", OptionsToJson(src.format_options)},
                                {"schema", SchemaToJson(src.schema)},
                                {"projection", src.projection},
                                {"is_static", src.is_static},
                                {"watermark_column", src.watermark_column},
                                {"watermark_delay_us", src.watermark_delay_us}});
    j["pipelines"] = nlohmann::json::array();
    for (const PipelineSpec& p : spec.pipelines)
        j["pipelines"].push_back({{"id", p.id},
                                  {"stage", p.stage},
                                  {"input", static_cast<int>(p.input)},
                                  {"source", p.source},
                                  {"output", static_cast<int>(p.output)},
                                  {"output_exchange", p.output_exchange},
                                  {"rows_per_input_row", p.rows_per_input_row},
                                  {"symbol", p.symbol}});
    j["state_tables"] = nlohmann::json::array();
    for (const StateTableSpec& t : spec.state_tables)
        j["state_tables"].push_back({{"id", t.id},
                                     {"operator_id", t.operator_id},
                                     {"description", t.description},
                                     {"value_size", t.value_size},
                                     {"value_string_offsets", t.value_string_offsets},
                                     {"emit", static_cast<int>(t.emit)},
                                     {"evict_expired", t.evict_expired}});
    j["exchanges"] = nlohmann::json::array();
    for (const ExchangeSpec& x : spec.exchanges)
        j["exchanges"].push_back(
            {{"id", x.id}, {"operator_id", x.operator_id}, {"schema", SchemaToJson(x.schema)}});
    j["plan_hash"] = spec.plan_hash;
    nlohmann::json ops = nlohmann::json::object();
    for (const auto& [id, text] : spec.operators)
        ops[std::to_string(id)] = text;
    j["operators"] = ops;
    return j;
}

// Fields added after the first version of the format have defaults, so that a spec written without
// them (a stateless query's) still reads.
QuerySpec QuerySpecFromJson(const nlohmann::json& j) {
    QuerySpec spec;
    const auto& s = j.at("sink");
    spec.sink.name = s.at("name");
    spec.sink.connector = s.at("connector");
    spec.sink.format = s.at("format");
    spec.sink.options = OptionsFromJson(s.at("options"));
    spec.sink.format_options = OptionsFromJson(s.at("format_options"));
    spec.sink.schema = SchemaFromJson(s.at("schema"));
    spec.sink.output_mode =
        EnumFromName(s.at("output_mode").get<std::string>(), OutputMode::Complete, OutputModeName);
    spec.sink.trigger.kind =
        EnumFromName(s.at("trigger").at("kind").get<std::string>(), TriggerKind::Continuous, TriggerKindName);
    spec.sink.trigger.interval_ms = s.at("trigger").at("interval_ms");
    spec.sink.checkpoint = s.at("checkpoint");
    spec.sink.settings = OptionsFromJson(s.at("settings"));
    spec.sink.limit = s.value("limit", int64_t{-1});
    for (const auto& k : s.value("order_by", nlohmann::json::array()))
        spec.sink.order_by.push_back({k.at("column"), k.at("descending"), k.at("nulls_first")});
    for (const auto& src : j.at("sources")) {
        SourceSpec ss;
        ss.name = src.at("name");
        ss.connector = src.at("connector");
        ss.format = src.at("format");
        ss.options = OptionsFromJson(src.at("options"));
        ss.format_options = OptionsFromJson(src.at("format_options"));
        ss.schema = SchemaFromJson(src.at("schema"));
        ss.projection = src.at("projection").get<std::vector<int>>();
        ss.is_static = src.at("is_static");
        ss.watermark_column = src.value("watermark_column", -1);
        ss.watermark_delay_us = src.value("watermark_delay_us", int64_t{0});
        spec.sources.push_back(std::move(ss));
    }
    for (const auto& p : j.at("pipelines")) {
        PipelineSpec ps;
        ps.id = p.at("id");
        ps.stage = p.value("stage", 0);
        ps.input = static_cast<PipelineSpec::Input>(p.value("input", 0));
        ps.source = p.at("source");
        ps.output = static_cast<PipelineSpec::Output>(p.value("output", 0));
        ps.output_exchange = p.value("output_exchange", -1);
        ps.rows_per_input_row = p.value("rows_per_input_row", int64_t{1});
        ps.symbol = p.at("symbol");
        spec.pipelines.push_back(std::move(ps));
    }
    for (const auto& t : j.value("state_tables", nlohmann::json::array())) {
        StateTableSpec ts;
        ts.id = t.at("id");
        ts.operator_id = t.at("operator_id");
        ts.description = t.at("description");
        ts.value_size = t.at("value_size");
        ts.value_string_offsets = t.at("value_string_offsets").get<std::vector<int32_t>>();
        ts.emit = static_cast<StateTableSpec::Emit>(t.at("emit").get<int>());
        ts.evict_expired = t.at("evict_expired");
        spec.state_tables.push_back(std::move(ts));
    }
    for (const auto& x : j.value("exchanges", nlohmann::json::array()))
        spec.exchanges.push_back({x.at("id"), x.at("operator_id"), SchemaFromJson(x.at("schema"))});
    spec.plan_hash = j.at("plan_hash");
    for (const auto& [id, text] : j.at("operators").items())
        spec.operators[std::stoi(id)] = text;
    return spec;
}

} // namespace sluice::rt
