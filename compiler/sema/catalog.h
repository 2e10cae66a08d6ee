#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/ast/ast.h"
#include "compiler/common/source.h"
#include "compiler/plan/logical/logical_plan.h"

namespace sluice::sema {

/// A validated option value (string, integer, double or boolean) and where it was written.
struct OptionValue {
    nlohmann::json value;
    SourceRange range;
};
using OptionMap = std::map<std::string, OptionValue>;

/// A connector clause after validation against connectors.def.
struct ConnectorRef {
    std::string connector;
    std::string format; // "" when the connector takes no format
    OptionMap options;
    OptionMap format_options;
    SourceRange range;
};

/// `WATERMARK FOR column AS column - INTERVAL ...`.
struct WatermarkInfo {
    int column = -1;
    int64_t delay_us = 0;
    SourceRange range;
};

/// A CREATE SOURCE (stream) or CREATE TABLE (static) after validation.
struct SourceEntry {
    std::string name;
    bool is_static = false;
    plan::Schema columns;
    std::optional<WatermarkInfo> watermark;
    ConnectorRef connector;
    const ast::CreateSource* ast = nullptr;
};

/// A CREATE VIEW; bound (inlined) at each use.
struct ViewEntry {
    std::string name;
    const ast::CreateView* ast = nullptr;
    /// Whether binding the view on its own found errors: checked once, when the view is first used or
    /// reached in file order, so that its errors are reported once; uses of a failed view stay silent.
    enum class Check { Unchecked, Ok, Failed };
    mutable Check check = Check::Unchecked;
};

using ast::OutputMode;
using ast::TriggerKind;

/// A CREATE SINK after validation of its clauses; its query is bound separately.
struct SinkEntry {
    std::string name;
    ConnectorRef connector;
    OutputMode output_mode = OutputMode::Append;
    TriggerKind trigger = TriggerKind::Default;
    int64_t trigger_interval_us = 0;
    std::string checkpoint;
    OptionMap settings;
    const ast::CreateSink* ast = nullptr;
};

const char* OutputModeName(OutputMode m);
const char* TriggerKindName(TriggerKind k);

/// What a relation name refers to.
struct RelationRef {
    const SourceEntry* source = nullptr;
    const ViewEntry* view = nullptr;
};

/// The named objects of one script. Sources, tables and views share one namespace (they are all
/// relations); sinks have their own, as they cannot be read from.
class Catalog {
public:
    /// Returns the earlier definition's range when the name is taken.
    std::optional<SourceRange> AddSource(std::unique_ptr<SourceEntry> entry, SourceRange name_range);
    std::optional<SourceRange> AddView(std::unique_ptr<ViewEntry> entry, SourceRange name_range);
    std::optional<SourceRange> AddSink(std::unique_ptr<SinkEntry> entry, SourceRange name_range);

    std::optional<RelationRef> FindRelation(const std::string& key) const;
    /// Relation names as written, for "did you mean" suggestions.
    std::vector<std::string> RelationNames() const;
    const std::vector<std::unique_ptr<SinkEntry>>& sinks() const { return sinks_; }
    const std::vector<std::unique_ptr<SourceEntry>>& sources() const { return sources_; }
    const std::vector<std::unique_ptr<ViewEntry>>& views() const { return views_; }

private:
    struct Slot {
        RelationRef ref;
        SourceRange range;
    };
    std::vector<std::unique_ptr<SourceEntry>> sources_;
    std::vector<std::unique_ptr<ViewEntry>> views_;
    std::vector<std::unique_ptr<SinkEntry>> sinks_;
    std::map<std::string, Slot> relations_;
    std::map<std::string, std::pair<const SinkEntry*, SourceRange>> sink_index_;
};

} // namespace sluice::sema
