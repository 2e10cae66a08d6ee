#include "compiler/driver/compilation.h"
#include <algorithm>

#include "compiler/common/sha256.h"
#include "compiler/common/strings.h"
#include "compiler/explain/explain.h"
#include "compiler/parse/parser.h"
#include "compiler/plan/lower/lower.h"

namespace sluice::driver {

namespace {

rt::Options ToOptions(const sema::OptionMap& map) {
    rt::Options out;
    for (const auto& [key, value] : map)
        out.Set(key, value.value);
    return out;
}

rt::Schema ToSchema(const plan::Schema& schema) {
    rt::Schema out;
    for (const auto& c : schema)
        out.push_back({c.name, ToColumnType(c.type)});
    return out;
}

rt::OutputMode ToRuntime(ast::OutputMode mode) {
    switch (mode) {
    case ast::OutputMode::Append:
        return rt::OutputMode::Append;
    case ast::OutputMode::Update:
        return rt::OutputMode::Update;
    case ast::OutputMode::Complete:
        return rt::OutputMode::Complete;
    }
    return rt::OutputMode::Append;
}

rt::TriggerKind ToRuntime(ast::TriggerKind kind) {
    switch (kind) {
    case ast::TriggerKind::Default:
        return rt::TriggerKind::Default;
    case ast::TriggerKind::ProcessingTime:
        return rt::TriggerKind::ProcessingTime;
    case ast::TriggerKind::Once:
        return rt::TriggerKind::Once;
    case ast::TriggerKind::AvailableNow:
        return rt::TriggerKind::AvailableNow;
    case ast::TriggerKind::Continuous:
        return rt::TriggerKind::Continuous;
    }
    return rt::TriggerKind::Default;
}

} // namespace

rt::ColumnType ToColumnType(const Type& t) {
    switch (t.id) {
    case TypeId::Boolean:
        return {SL_TYPE_BOOLEAN};
    case TypeId::Int:
        return {SL_TYPE_INT};
    case TypeId::BigInt:
        return {SL_TYPE_BIGINT};
    case TypeId::Double:
        return {SL_TYPE_DOUBLE};
    case TypeId::Decimal:
        return {SL_TYPE_DECIMAL, t.precision, t.scale};
    case TypeId::String:
    case TypeId::Null:
        return {SL_TYPE_STRING};
    case TypeId::Timestamp:
        return {SL_TYPE_TIMESTAMP};
    case TypeId::Date:
        return {SL_TYPE_DATE};
    case TypeId::Interval:
        return {SL_TYPE_INTERVAL};
    }
    return {SL_TYPE_STRING};
}

Compilation::Compilation(std::string file_name, std::string text, optimizer::OptimizerOptions options)
    : file_id_(sources_.Add(std::move(file_name), std::move(text))), diags_(sources_),
      options_(std::move(options)) {}

bool Compilation::Run() {
    script_ = ParseScript(sources_, file_id_, diags_);
    if (!script_)
        return false;
    analyzed_ = sema::Analyze(*script_, diags_);
    for (sema::BoundSink& bound : analyzed_.sinks) {
        if (!bound.plan)
            continue;
        CompiledSink sink;
        sink.sink = bound.sink;
        sink.logical = plan::ClonePlan(*bound.plan);
        sink.optimized = std::move(bound.plan);
        optimizer::Optimize(sink.optimized, options_);
        sink.physical = plan::Lower(*sink.optimized);
        sink.plan_hash = Sha256Hex(explain::PhysicalToJson(sink.physical).dump());
        sinks_.push_back(std::move(sink));
    }
    return !diags_.HasErrors();
}

CompiledSink* Compilation::FindSink(const std::string& name) {
    for (auto& s : sinks_)
        if (EqualsIgnoreCase(s.sink->name, name))
            return &s;
    return nullptr;
}

std::vector<std::string> Compilation::SinkNames() const {
    std::vector<std::string> out;
    for (const auto& s : sinks_)
        out.push_back(s.sink->name);
    return out;
}

rt::QuerySpec
Compilation::BuildSpec(const CompiledSink& compiled,
                       const std::function<std::string(const std::string&, int)>& symbol_of) const {
    const sema::SinkEntry& sink = *compiled.sink;
    rt::QuerySpec spec;
    spec.sink.name = sink.name;
    spec.sink.connector = sink.connector.connector;
    spec.sink.format = sink.connector.format;
    spec.sink.options = ToOptions(sink.connector.options);
    spec.sink.format_options = ToOptions(sink.connector.format_options);
    spec.sink.schema = ToSchema(compiled.physical.root->schema);
    spec.sink.output_mode = ToRuntime(sink.output_mode);
    spec.sink.trigger.kind = ToRuntime(sink.trigger);
    spec.sink.trigger.interval_ms = sink.trigger_interval_us / 1000;
    spec.sink.checkpoint = sink.checkpoint;
    spec.sink.settings = ToOptions(sink.settings);
    for (const plan::PhysicalScan* scan : compiled.physical.scans) {
        const sema::SourceEntry& src = *scan->source;
        rt::SourceSpec s;
        s.name = src.name;
        s.connector = src.connector.connector;
        s.format = src.connector.format;
        s.options = ToOptions(src.connector.options);
        s.format_options = ToOptions(src.connector.format_options);
        s.schema = ToSchema(src.columns);
        s.projection = scan->columns;
        s.is_static = src.is_static;
        if (src.watermark) {
            auto at = std::find(scan->columns.begin(), scan->columns.end(), src.watermark->column);
            if (at != scan->columns.end()) {
                s.watermark_column = static_cast<int>(at - scan->columns.begin());
                s.watermark_delay_us = src.watermark->delay_us;
            }
        }
        spec.sources.push_back(std::move(s));
    }
    const plan::PhysicalQuery& physical = compiled.physical;
    for (size_t t = 0; t < physical.state_tables.size(); ++t) {
        const plan::StateTable& table = physical.state_tables[t];
        rt::StateTableSpec s;
        s.id = static_cast<int>(t);
        s.operator_id = table.operator_id;
        s.description = table.description;
        s.value_size = table.value_size;
        s.value_string_offsets = table.string_offsets;
        s.emit = !table.emits                            ? rt::StateTableSpec::Emit::None
                 : table.emit == plan::EmitMode::Updated ? rt::StateTableSpec::Emit::Updated
                 : table.emit == plan::EmitMode::Expired ? rt::StateTableSpec::Emit::Expired
                                                         : rt::StateTableSpec::Emit::All;
        s.evict_expired = table.evict_expired;
        spec.state_tables.push_back(std::move(s));
    }
    for (const plan::PhysicalExchange* ex : physical.exchanges)
        spec.exchanges.push_back({ex->exchange_index, ex->id, ToSchema(ex->schema)});
    for (const plan::Pipeline& p : physical.pipelines) {
        rt::PipelineSpec s;
        s.id = p.id;
        s.stage = p.stage;
        s.symbol = symbol_of(compiled.plan_hash, p.id);
        s.rows_per_input_row = p.rows_per_input_row;
        switch (p.source->kind) {
        case plan::PhysicalKind::Exchange:
            s.input = rt::PipelineSpec::Input::Exchange;
            s.source = static_cast<const plan::PhysicalExchange&>(*p.source).exchange_index;
            break;
        case plan::PhysicalKind::Aggregate:
            s.input = rt::PipelineSpec::Input::State;
            s.source = static_cast<const plan::PhysicalAggregate&>(*p.source).state_table;
            break;
        default:
            s.input = rt::PipelineSpec::Input::Source;
            s.source = static_cast<const plan::PhysicalScan&>(*p.source).source_index;
            break;
        }
        switch (p.breaker->kind) {
        case plan::PhysicalKind::Exchange:
            s.output = rt::PipelineSpec::Output::Exchange;
            s.output_exchange = static_cast<const plan::PhysicalExchange&>(*p.breaker).exchange_index;
            break;
        case plan::PhysicalKind::Aggregate:
            s.output = rt::PipelineSpec::Output::None;
            break;
        default:
            s.output = rt::PipelineSpec::Output::Sink;
            break;
        }
        spec.pipelines.push_back(std::move(s));
    }
    for (const plan::SortKey& k : physical.order_by)
        spec.sink.order_by.push_back({k.column, k.descending, k.nulls_first});
    spec.sink.limit = physical.limit;
    spec.plan_hash = compiled.plan_hash;
    std::function<void(const plan::PhysicalNode&)> label = [&](const plan::PhysicalNode& n) {
        spec.operators[n.id] = explain::OperatorLabel(n);
        for (const auto& in : n.inputs)
            label(*in);
    };
    label(*compiled.physical.root);
    return spec;
}

} // namespace sluice::driver
