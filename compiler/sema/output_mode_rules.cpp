#include "compiler/sema/output_mode_rules.h"

#include <algorithm>
#include <vector>

namespace sluice::sema {

namespace {

/// The stateful operators and sorts of a plan, in execution order (inputs first), and for each
/// whether an aggregation runs below it.
struct StatefulOperator {
    const plan::LogicalNode* node;
    bool after_aggregation;
};

void Collect(const plan::LogicalNode& node, std::vector<StatefulOperator>& out, bool& aggregated) {
    bool below = false;
    for (const auto& in : node.inputs) {
        bool branch = false;
        Collect(*in, out, branch);
        below = below || branch;
    }
    if (node.kind == plan::LogicalKind::Aggregate || node.kind == plan::LogicalKind::Dedup ||
        node.kind == plan::LogicalKind::Sort)
        out.push_back({&node, below});
    aggregated = below || node.kind == plan::LogicalKind::Aggregate;
}

bool HasEventTimeKey(const plan::LogicalAggregate& aggregate) {
    const plan::Schema& in = aggregate.inputs[0]->schema;
    return std::any_of(aggregate.keys.begin(), aggregate.keys.end(),
                       [&](int k) { return in[k].event_time(); });
}

} // namespace

bool CheckOutputMode(const plan::LogicalNode& query, const SinkEntry& sink, DiagnosticEngine& diags) {
    std::vector<StatefulOperator> ops;
    bool aggregated = false;
    Collect(query, ops, aggregated);
    const SourceRange mode_at =
        sink.ast->output_mode_range.Valid() ? sink.ast->output_mode_range : sink.ast->name.range;
    const std::string mode = OutputModeName(sink.output_mode);
    bool ok = true;

    if (sink.output_mode == OutputMode::Complete && !aggregated) {
        diags
            .Error(
                DiagCode::E0402, mode_at,
                "COMPLETE output mode needs an aggregation: a query without one has no result table to emit "
                "again in every batch")
            .notes.push_back({"use OUTPUT MODE APPEND", {}});
        return false;
    }
    for (const StatefulOperator& op : ops) {
        if (op.node->kind == plan::LogicalKind::Sort) {
            if (sink.output_mode != OutputMode::Complete) {
                diags
                    .Error(
                        DiagCode::E0401, op.node->range,
                        "ORDER BY and LIMIT on a stream need OUTPUT MODE COMPLETE: only then is each batch's "
                        "output the whole result table, which can be sorted")
                    .notes.push_back({"sink '" + sink.name + "' uses " + mode, mode_at});
                ok = false;
            }
            continue;
        }
        if (op.after_aggregation && sink.output_mode != OutputMode::Append) {
            diags
                .Error(DiagCode::E0402, op.node->range,
                       std::string(op.node->kind == plan::LogicalKind::Aggregate ? "an aggregation"
                                                                                 : "a deduplication") +
                           " after an aggregation works only in APPEND mode: in " + mode +
                           " mode the rows the first one emits are not final, and the next would count them "
                           "again")
                .notes.push_back({"use OUTPUT MODE APPEND", mode_at});
            ok = false;
            continue;
        }
        if (op.node->kind == plan::LogicalKind::Aggregate && sink.output_mode == OutputMode::Append &&
            !HasEventTimeKey(static_cast<const plan::LogicalAggregate&>(*op.node))) {
            Diagnostic& d = diags.Error(
                DiagCode::E0402, op.node->range,
                "APPEND output needs a watermark on a grouping window's time column: an aggregation emits a "
                "group "
                "once, when the watermark says it is final, and this one groups by no event-time column");
            d.notes.push_back(
                {"group by TUMBLE/HOP over a column with a WATERMARK (or by such a column)", {}});
            d.notes.push_back({"or use OUTPUT MODE UPDATE or COMPLETE on sink '" + sink.name + "'", mode_at});
            ok = false;
        }
    }
    return ok;
}

} // namespace sluice::sema
