#include "compiler/plan/lower/lower.h"

#include <algorithm>
#include <functional>
#include <map>
#include <stdexcept>

#include "compiler/sema/catalog.h"

namespace sluice::plan {

namespace {

int MaxId(const LogicalNode& node) {
    int id = node.id;
    for (const auto& in : node.inputs)
        id = std::max(id, MaxId(*in));
    return id;
}

/// One lowering: builds the physical tree, remembering each node's parent to trace pipelines.
class Lowering {
public:
    PhysicalQuery Run(const LogicalNode& root) {
        const auto& sink = static_cast<const LogicalSink&>(root);
        mode_ = sink.sink->output_mode;
        next_id_ = MaxId(root) + 1;
        query_.sink_name = sink.sink->name;
        query_.root = LowerNode(root);
        query_.scans = sources_;
        BuildPipelines();
        return std::move(query_);
    }

private:
    static bool IsBreaker(const PhysicalNode& n) {
        return n.kind == PhysicalKind::Sink || n.kind == PhysicalKind::Exchange ||
               n.kind == PhysicalKind::Aggregate;
    }

    /// Pipelines from every source point (scans, exchanges, aggregations: inputs first) up to the next
    /// breaker, ordered by stage.
    void BuildPipelines() {
        std::vector<Pipeline> found;
        std::function<void(const PhysicalNode&)> visit = [&](const PhysicalNode& n) {
            for (const auto& in : n.inputs)
                visit(*in);
            if (n.kind != PhysicalKind::Scan && n.kind != PhysicalKind::Exchange &&
                n.kind != PhysicalKind::Aggregate)
                return;
            Pipeline p;
            p.source = &n;
            for (const PhysicalNode* up = parent_.at(&n); up;
                 up = parent_.count(up) ? parent_.at(up) : nullptr) {
                if (IsBreaker(*up)) {
                    p.breaker = up;
                    break;
                }
                if (up->kind == PhysicalKind::Union)
                    continue;
                if (up->kind == PhysicalKind::WindowAssign) {
                    auto& w = static_cast<const PhysicalWindowAssign&>(*up);
                    p.rows_per_input_row *= (w.size_us + w.slide_us - 1) / w.slide_us;
                }
                p.operators.push_back(up);
            }
            found.push_back(std::move(p));
        };
        visit(*query_.root);
        // A pipeline reading an exchange or an aggregation's state runs after every pipeline writing it.
        for (Pipeline& p : found) {
            if (p.source->kind == PhysicalKind::Scan)
                continue;
            for (const Pipeline& writer : found)
                if (writer.breaker == p.source)
                    p.stage = std::max(p.stage, writer.stage + 1);
        }
        std::stable_sort(found.begin(), found.end(),
                         [](const Pipeline& a, const Pipeline& b) { return a.stage < b.stage; });
        for (size_t i = 0; i < found.size(); ++i)
            found[i].id = static_cast<int>(i) + 1;
        query_.pipelines = std::move(found);
    }

    EmitMode Emit() const {
        switch (mode_) {
        case sema::OutputMode::Append:
            return EmitMode::Expired;
        case sema::OutputMode::Update:
            return EmitMode::Updated;
        case sema::OutputMode::Complete:
            return EmitMode::All;
        }
        return EmitMode::Updated;
    }

    /// An exchange over `input` keyed by `keys`: its columns, then __key and __hash.
    std::unique_ptr<PhysicalExchange> MakeExchange(PhysicalNodePtr input, const std::vector<int>& keys,
                                                   SourceRange range) {
        auto ex = std::make_unique<PhysicalExchange>();
        ex->id = next_id_++;
        ex->keys = keys;
        ex->schema = input->schema;
        ex->schema.push_back({"__key", Type::String()});
        ex->schema.push_back({"__hash", Type::BigInt()});
        ex->range = range;
        ex->exchange_index = static_cast<int>(query_.exchanges.size());
        query_.exchanges.push_back(ex.get());
        Adopt(*ex, std::move(input));
        return ex;
    }

    void Adopt(PhysicalNode& parent, PhysicalNodePtr child) {
        parent.inputs.push_back(std::move(child));
        parent_[parent.inputs.back().get()] = &parent;
    }

    /// The expiry of an aggregation's groups: by its window's end, or by its first event-time key.
    StateExpiry AggregateExpiry(const LogicalAggregate& n) const {
        const Schema& in = n.inputs[0]->schema;
        int column = -1;
        if (n.window_end_key >= 0 && in[n.keys[n.window_end_key]].event_time())
            column = n.keys[n.window_end_key];
        for (size_t k = 0; k < n.keys.size() && column < 0; ++k)
            if (in[n.keys[k]].event_time())
                column = n.keys[k];
        StateExpiry expiry;
        // COMPLETE mode keeps every group and every row, as Spark does: its result is the whole table.
        if (column >= 0 && mode_ != sema::OutputMode::Complete)
            expiry.expiry_column = expiry.late_column = column;
        return expiry;
    }

    PhysicalNodePtr LowerAggregate(const LogicalAggregate& n) {
        PhysicalNodePtr input = LowerNode(*n.inputs[0]);
        const int width = static_cast<int>(input->schema.size());
        auto agg = std::make_unique<PhysicalAggregate>();
        agg->id = n.id;
        agg->schema = n.schema;
        agg->range = n.range;
        agg->keys = n.keys;
        agg->key_column = width;
        agg->hash_column = width + 1;
        agg->expiry = AggregateExpiry(n);
        agg->state_table = static_cast<int>(query_.state_tables.size());
        query_.state_tables.emplace_back();
        StateTable groups;
        groups.operator_id = n.id;
        groups.description = "aggregate #" + std::to_string(n.id) + " groups";
        groups.emit = Emit();
        groups.emits = true;
        groups.evict_expired = agg->expiry.expiry_column >= 0;
        for (const AggregateExpr& a : n.aggregates) {
            AggregateCall call;
            call.kind = a.kind;
            call.args = a.args;
            call.filter = a.filter;
            call.result_type = a.result_type;
            call.text = a.text;
            if (a.kind == AggregateKind::CountDistinct) {
                StateTable values;
                values.operator_id = n.id;
                values.description = "aggregate #" + std::to_string(n.id) + " " + a.text + " values";
                values.evict_expired = groups.evict_expired;
                call.distinct_table = static_cast<int>(query_.state_tables.size());
                query_.state_tables.push_back(values);
            }
            agg->aggregates.push_back(std::move(call));
        }
        Adopt(*agg, MakeExchange(std::move(input), n.keys, n.range));
        LayoutAggregateState(*agg, groups);
        query_.state_tables[agg->state_table] = std::move(groups);
        return agg;
    }

    PhysicalNodePtr LowerDedup(const LogicalDedup& n) {
        PhysicalNodePtr input = LowerNode(*n.inputs[0]);
        const Schema& in = n.inputs[0]->schema;
        const int width = static_cast<int>(input->schema.size());
        auto dedup = std::make_unique<PhysicalDedup>();
        dedup->id = n.id;
        dedup->range = n.range;
        dedup->key_column = width;
        dedup->hash_column = width + 1;
        // WITHIN WATERMARK: a key lives until the watermark passes its first row's time plus the delay.
        // Otherwise only an event-time key bounds the state.
        for (size_t c = 0; c < in.size() && n.within_watermark; ++c)
            if (in[c].event_time()) {
                dedup->expiry = {static_cast<int>(c), *in[c].watermark_delay_us, static_cast<int>(c)};
                break;
            }
        for (size_t k = 0; k < n.keys.size() && !n.within_watermark && dedup->expiry.expiry_column < 0; ++k)
            if (in[n.keys[k]].event_time())
                dedup->expiry = {n.keys[k], 0, n.keys[k]};
        dedup->state_table = static_cast<int>(query_.state_tables.size());
        StateTable keys;
        keys.operator_id = n.id;
        keys.description = "deduplicate #" + std::to_string(n.id) + " keys";
        keys.evict_expired = dedup->expiry.expiry_column >= 0;
        query_.state_tables.push_back(keys);
        auto ex = MakeExchange(std::move(input), n.keys, n.range);
        dedup->schema = ex->schema;
        Adopt(*dedup, std::move(ex));
        // The rows go on without the exchange's key columns.
        auto project = std::make_unique<PhysicalProject>();
        project->id = next_id_++;
        project->range = n.range;
        project->schema = n.schema;
        for (int c = 0; c < width; ++c)
            project->exprs.push_back(BoundExpr::Column(c, n.schema[c].name, n.schema[c].type));
        Adopt(*project, std::move(dedup));
        return project;
    }

    PhysicalNodePtr LowerNode(const LogicalNode& node) {
        PhysicalNodePtr out;
        switch (node.kind) {
        case LogicalKind::Aggregate:
            return LowerAggregate(static_cast<const LogicalAggregate&>(node));
        case LogicalKind::Dedup:
            return LowerDedup(static_cast<const LogicalDedup&>(node));
        case LogicalKind::Sort: {
            auto& n = static_cast<const LogicalSort&>(node);
            query_.order_by = n.keys;
            query_.limit = n.limit;
            return LowerNode(*n.inputs[0]);
        }
        case LogicalKind::Scan: {
            auto& n = static_cast<const LogicalScan&>(node);
            auto scan = std::make_unique<PhysicalScan>();
            scan->source = n.source;
            scan->columns = n.columns;
            // Scans of one source with the same columns (shared_scans makes them so) share its slot.
            auto same = std::find_if(sources_.begin(), sources_.end(), [&](const PhysicalScan* s) {
                return s->source == n.source && s->columns == n.columns;
            });
            if (same == sources_.end()) {
                scan->source_index = static_cast<int>(sources_.size());
                sources_.push_back(scan.get());
            } else {
                scan->source_index = (*same)->source_index;
            }
            out = std::move(scan);
            break;
        }
        case LogicalKind::Filter: {
            auto filter = std::make_unique<PhysicalFilter>();
            filter->predicate = static_cast<const LogicalFilter&>(node).predicate->Clone();
            out = std::move(filter);
            break;
        }
        case LogicalKind::Project: {
            auto project = std::make_unique<PhysicalProject>();
            for (const auto& e : static_cast<const LogicalProject&>(node).exprs)
                project->exprs.push_back(e->Clone());
            out = std::move(project);
            break;
        }
        case LogicalKind::WindowAssign: {
            auto& n = static_cast<const LogicalWindowAssign&>(node);
            auto window = std::make_unique<PhysicalWindowAssign>();
            window->window = n.window == LogicalWindowAssign::Kind::Hop ? PhysicalWindowAssign::Kind::Hop
                                                                        : PhysicalWindowAssign::Kind::Tumble;
            window->time_column = n.time_column;
            window->size_us = n.size_us;
            window->slide_us = n.slide_us;
            window->offset_us = n.offset_us;
            out = std::move(window);
            break;
        }
        case LogicalKind::Union:
            out = std::make_unique<PhysicalUnion>();
            break;
        case LogicalKind::Sink: {
            auto sink = std::make_unique<PhysicalSink>();
            sink->sink = static_cast<const LogicalSink&>(node).sink;
            out = std::move(sink);
            break;
        }
        }
        out->id = node.id;
        out->schema = node.schema;
        out->range = node.range;
        for (const auto& in : node.inputs)
            Adopt(*out, LowerNode(*in));
        return out;
    }

    sema::OutputMode mode_ = sema::OutputMode::Append;
    int next_id_ = 1;
    PhysicalQuery query_;
    std::vector<const PhysicalScan*> sources_; // the first scan of each source slot
    std::map<const PhysicalNode*, const PhysicalNode*> parent_;
};

} // namespace

PhysicalQuery Lower(const LogicalNode& root) {
    if (root.kind != LogicalKind::Sink)
        throw std::logic_error("Lower: the plan root must be a sink");
    return Lowering().Run(root);
}

} // namespace sluice::plan
