#include "compiler/sema/analyzer.h"

#include <filesystem>
#include <map>
#include <set>

#include "compiler/common/strings.h"
#include "compiler/sema/binder.h"
#include "compiler/sema/expr_binder.h"
#include "compiler/sema/option_validator.h"
#include "compiler/sema/output_mode_rules.h"
#include "compiler/sema/source_schema_checks.h"

namespace sluice::sema {

namespace {

/// Checks one statement at a time and fills the catalog.
class StatementChecker {
public:
    StatementChecker(Catalog& catalog, DiagnosticEngine& diags)
        : catalog_(catalog), diags_(diags), options_(diags), exprs_(diags) {}

    void Register(const ast::Statement& stmt) {
        switch (stmt.kind) {
        case ast::StatementKind::CreateSource:
        case ast::StatementKind::CreateTable:
            RegisterSource(static_cast<const ast::CreateSource&>(stmt));
            break;
        case ast::StatementKind::CreateView: {
            auto entry = std::make_unique<ViewEntry>();
            entry->name = stmt.name.text;
            entry->ast = static_cast<const ast::CreateView*>(&stmt);
            Duplicate(catalog_.AddView(std::move(entry), stmt.name.range), stmt.name);
            break;
        }
        case ast::StatementKind::CreateSink:
            RegisterSink(static_cast<const ast::CreateSink&>(stmt));
            break;
        }
    }

private:
    void Duplicate(std::optional<SourceRange> earlier, const ast::Identifier& name) {
        if (earlier)
            diags_.Error(DiagCode::E0203, name.range, "'" + name.text + "' is already defined")
                .notes.push_back({"first defined here", *earlier});
    }

    void RegisterSource(const ast::CreateSource& stmt) {
        auto entry = std::make_unique<SourceEntry>();
        entry->name = stmt.name.text;
        entry->is_static = stmt.kind == ast::StatementKind::CreateTable;
        entry->ast = &stmt;
        std::set<std::string> seen;
        for (const ast::ColumnDef& col : stmt.columns) {
            if (!seen.insert(col.name.Key()).second)
                diags_.Error(DiagCode::E0206, col.name.range,
                             "column '" + col.name.text + "' is defined twice");
            const Type& t = col.type.type;
            if (t.id == TypeId::Interval || t.IsNull())
                diags_.Error(DiagCode::E0306, col.type.range, t.ToString() + " is not a column type");
            entry->columns.push_back({col.name.text, t});
        }
        if (stmt.watermark && entry->is_static)
            diags_.Error(DiagCode::E0405, stmt.watermark->range,
                         "a TABLE is read once and has no event time to watch: WATERMARK is for sources");
        else if (stmt.watermark)
            entry->watermark = CheckWatermark(*stmt.watermark, *entry);
        if (auto ref = options_.ValidateConnector(stmt.from, true)) {
            entry->connector = std::move(*ref);
            if (stmt.columns.empty())
                entry->columns = DefaultSourceColumns(*entry, stmt, diags_);
            else
                CheckSourceSchema(*entry, stmt, diags_);
        }
        Duplicate(catalog_.AddSource(std::move(entry), stmt.name.range), stmt.name);
    }

    std::optional<WatermarkInfo> CheckWatermark(const ast::WatermarkDef& wm, const SourceEntry& src) {
        Scope scope;
        scope.description = "source '" + src.name + "'";
        for (const auto& c : src.columns)
            scope.columns.push_back({"", c.name, c.type});
        int column = -1;
        std::vector<std::string> names;
        for (size_t i = 0; i < src.columns.size(); ++i) {
            names.push_back(src.columns[i].name);
            if (ToLower(src.columns[i].name) == wm.column.Key() || src.columns[i].name == wm.column.text)
                column = static_cast<int>(i);
        }
        if (column < 0) {
            Diagnostic& d =
                diags_.Error(DiagCode::E0201, wm.column.range,
                             "column '" + wm.column.text + "' not found in source '" + src.name + "'");
            std::string suggestion = SuggestName(wm.column.text, names);
            if (!suggestion.empty())
                d.notes.push_back({"did you mean '" + suggestion + "'?", {}});
            return std::nullopt;
        }
        if (src.columns[column].type.id != TypeId::Timestamp) {
            diags_.Error(DiagCode::E0404, wm.column.range,
                         "the watermark column must be a TIMESTAMP; '" + wm.column.text + "' is " +
                             src.columns[column].type.ToString());
            return std::nullopt;
        }
        plan::BoundExprPtr e = exprs_.Bind(*wm.expr, scope);
        if (!e)
            return std::nullopt;
        auto is_column = [&](const plan::BoundExpr& x) {
            return x.kind == plan::BoundKind::ColumnRef && x.column == column;
        };
        WatermarkInfo info{column, 0, wm.range};
        if (is_column(*e))
            return info;
        if (e->kind == plan::BoundKind::Op && e->op == plan::ExprOp::Sub && is_column(*e->args[0]) &&
            e->args[1]->IsLiteral() && e->args[1]->type.id == TypeId::Interval &&
            !e->args[1]->value.is_null && e->args[1]->value.i >= 0) {
            info.delay_us = e->args[1]->value.i;
            return info;
        }
        diags_.Error(DiagCode::E0404, wm.expr->range,
                     "a watermark is '" + wm.column.text + "' or '" + wm.column.text +
                         " - INTERVAL ...' with a non-negative delay");
        return std::nullopt;
    }

    void RegisterSink(const ast::CreateSink& stmt) {
        auto entry = std::make_unique<SinkEntry>();
        entry->name = stmt.name.text;
        entry->ast = &stmt;
        bool ok = true;
        if (auto ref = options_.ValidateConnector(stmt.into, false))
            entry->connector = std::move(*ref);
        else
            ok = false;
        entry->output_mode = stmt.output_mode;
        entry->trigger = stmt.trigger.kind;
        if (stmt.trigger.kind == ast::TriggerKind::Continuous) {
            diags_.Error(DiagCode::E0501, stmt.trigger.range, "the CONTINUOUS trigger is not supported yet");
            ok = false;
        } else if (stmt.trigger.kind == ast::TriggerKind::ProcessingTime) {
            std::optional<int64_t> us =
                stmt.trigger.interval
                    ? exprs_.ConstantInterval(*stmt.trigger.interval, "the trigger interval")
                    : std::nullopt;
            // Triggers run on a millisecond clock (as Spark's do).
            if (us && *us < 1000) {
                diags_.Error(DiagCode::E0403, stmt.trigger.interval->range,
                             "the trigger interval must be at least 1 millisecond");
                us.reset();
            }
            ok = ok && us;
            entry->trigger_interval_us = us.value_or(0);
        }
        if (stmt.checkpoint) {
            entry->checkpoint = *stmt.checkpoint;
            if (entry->checkpoint.empty()) {
                diags_.Error(DiagCode::E0604, stmt.checkpoint_range,
                             "the CHECKPOINT directory must not be empty");
                ok = false;
            }
        } else if (entry->connector.connector == "file") {
            // Batch ids restart at 0 without a checkpoint, and the sink skips batch ids its manifest
            // already has: a second run would silently write nothing (Spark also requires one).
            diags_
                .Error(
                    DiagCode::E0603, stmt.into.connector.range,
                    "a file sink needs a CHECKPOINT: its exactly-once output is tied to the query's progress")
                .notes.push_back({"add CHECKPOINT 'some/dir' to sink '" + stmt.name.text + "'", {}});
            ok = false;
        }
        size_t errors = diags_.ErrorCount();
        entry->settings = options_.ValidateSettings(stmt.settings);
        ok = ok && diags_.ErrorCount() == errors;
        const SinkEntry* added = entry.get();
        std::optional<SourceRange> earlier = catalog_.AddSink(std::move(entry), stmt.name.range);
        Duplicate(earlier, stmt.name);
        if (!ok && !earlier)
            invalid_sinks_.insert(added);
    }

public:
    /// A sink whose clauses have errors: its query is still bound (to report errors there too), but it
    /// gets no plan.
    bool IsInvalid(const SinkEntry* sink) const { return invalid_sinks_.count(sink) > 0; }

private:
    std::set<const SinkEntry*> invalid_sinks_;
    Catalog& catalog_;
    DiagnosticEngine& diags_;
    OptionValidator options_;
    ExprBinder exprs_;
};

// Two queries writing the same checkpoint or the same file sink directory would interleave their logs.
void CheckSharedDirectories(const Catalog& catalog, DiagnosticEngine& diags) {
    std::map<std::string, const SinkEntry*> checkpoints, outputs;
    auto normal = [](const std::string& path) {
        std::string p = std::filesystem::path(path).lexically_normal().string();
        while (p.size() > 1 && p.back() == '/')
            p.pop_back();
        return p;
    };
    for (const auto& sink : catalog.sinks()) {
        if (!sink->checkpoint.empty()) {
            auto [it, fresh] = checkpoints.emplace(normal(sink->checkpoint), sink.get());
            if (!fresh)
                diags.Error(DiagCode::E0604, sink->ast->checkpoint_range,
                            "sink '" + sink->name + "' uses the CHECKPOINT of sink '" + it->second->name +
                                "': each query needs a directory of its own");
        }
        if (sink->connector.connector == "file" && sink->connector.options.count("path")) {
            const OptionValue& path = sink->connector.options.at("path");
            auto [it, fresh] = outputs.emplace(normal(path.value.get<std::string>()), sink.get());
            if (!fresh)
                diags.Error(DiagCode::E0604, path.range,
                            "sink '" + sink->name + "' writes into the directory of sink '" +
                                it->second->name + "': each file sink needs a directory of its own");
        }
    }
}

} // namespace

AnalyzedScript Analyze(const ast::Script& script, DiagnosticEngine& diags) {
    AnalyzedScript out;
    StatementChecker checker(*out.catalog, diags);
    for (const auto& stmt : script.statements)
        checker.Register(*stmt);
    CheckSharedDirectories(*out.catalog, diags);
    Binder binder(*out.catalog, diags);
    for (const auto& view : out.catalog->views())
        binder.CheckView(*view);
    for (const auto& sink : out.catalog->sinks()) {
        plan::LogicalNodePtr plan = binder.BindSink(*sink);
        if (plan && !CheckOutputMode(*plan->inputs[0], *sink, diags))
            plan.reset();
        if (checker.IsInvalid(sink.get()))
            plan.reset();
        out.sinks.push_back({sink.get(), std::move(plan)});
    }
    return out;
}

} // namespace sluice::sema
