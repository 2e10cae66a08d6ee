#include "compiler/sema/catalog.h"

#include "compiler/common/strings.h"

namespace sluice::sema {

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

std::optional<SourceRange> Catalog::AddSource(std::unique_ptr<SourceEntry> entry, SourceRange name_range) {
    std::string key = entry->ast ? entry->ast->name.Key() : ToLower(entry->name);
    if (auto it = relations_.find(key); it != relations_.end())
        return it->second.range;
    relations_[key] = {{entry.get(), nullptr}, name_range};
    sources_.push_back(std::move(entry));
    return std::nullopt;
}

std::optional<SourceRange> Catalog::AddView(std::unique_ptr<ViewEntry> entry, SourceRange name_range) {
    std::string key = entry->ast->name.Key();
    if (auto it = relations_.find(key); it != relations_.end())
        return it->second.range;
    relations_[key] = {{nullptr, entry.get()}, name_range};
    views_.push_back(std::move(entry));
    return std::nullopt;
}

std::optional<SourceRange> Catalog::AddSink(std::unique_ptr<SinkEntry> entry, SourceRange name_range) {
    std::string key = entry->ast->name.Key();
    if (auto it = sink_index_.find(key); it != sink_index_.end())
        return it->second.second;
    sink_index_[key] = {entry.get(), name_range};
    sinks_.push_back(std::move(entry));
    return std::nullopt;
}

std::optional<RelationRef> Catalog::FindRelation(const std::string& key) const {
    auto it = relations_.find(key);
    if (it == relations_.end())
        return std::nullopt;
    return it->second.ref;
}

std::vector<std::string> Catalog::RelationNames() const {
    std::vector<std::string> out;
    for (const auto& [key, slot] : relations_)
        out.push_back(slot.ref.source ? slot.ref.source->name : slot.ref.view->name);
    return out;
}

} // namespace sluice::sema
