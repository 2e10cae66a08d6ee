#include "runtime/sinks/memory/memory_tables.h"

#include <map>
#include <mutex>

#include "runtime/common/text.h"

namespace sluice::rt {

namespace {

/// One committed batch.
struct StoredBatch {
    int64_t batch_id;
    /// Position in the table's history: the value of BatchCount right after this commit.
    int64_t sequence;
    std::vector<TextRow> rows;
};

/// One sink's table.
struct Table {
    std::vector<StoredBatch> batches;
    int64_t committed = 0;
    std::optional<int64_t> last_batch_id;
};

/// The registry's state under one lock.
struct Registry {
    std::mutex mu;
    std::map<std::string, Table> tables;
};

Registry& GetRegistry() {
    static Registry registry;
    return registry;
}

std::string Key(const std::string& name) {
    return AsciiLower(name);
}

/// Calls `f` with the table under the lock, or with nullptr when there is none.
template <typename F> auto WithTable(const std::string& sink, F f) {
    Registry& registry = GetRegistry();
    std::lock_guard<std::mutex> lock(registry.mu);
    auto it = registry.tables.find(Key(sink));
    return f(it == registry.tables.end() ? nullptr : &it->second);
}

} // namespace

std::vector<TextRow> MemoryTables::AllRows(const std::string& sink) {
    return WithTable(sink, [](const Table* t) {
        std::vector<TextRow> rows;
        if (t != nullptr)
            for (const auto& b : t->batches)
                rows.insert(rows.end(), b.rows.begin(), b.rows.end());
        return rows;
    });
}

std::vector<TextRow> MemoryTables::LastBatchRows(const std::string& sink) {
    return WithTable(sink, [](const Table* t) {
        return t == nullptr || t->batches.empty() ? std::vector<TextRow>{} : t->batches.back().rows;
    });
}

int64_t MemoryTables::Mark(const std::string& sink) {
    return BatchCount(sink);
}

std::vector<TextRow> MemoryTables::RowsSince(const std::string& sink, int64_t mark) {
    return WithTable(sink, [mark](const Table* t) {
        std::vector<TextRow> rows;
        if (t != nullptr)
            for (const auto& b : t->batches)
                if (b.sequence > mark)
                    rows.insert(rows.end(), b.rows.begin(), b.rows.end());
        return rows;
    });
}

int64_t MemoryTables::BatchCount(const std::string& sink) {
    return WithTable(sink, [](const Table* t) { return t == nullptr ? int64_t{0} : t->committed; });
}

std::optional<int64_t> MemoryTables::LastBatchId(const std::string& sink) {
    return WithTable(sink, [](const Table* t) { return t == nullptr ? std::nullopt : t->last_batch_id; });
}

void MemoryTables::Clear(const std::string& sink) {
    Registry& registry = GetRegistry();
    std::lock_guard<std::mutex> lock(registry.mu);
    registry.tables.erase(Key(sink));
}

void MemoryTables::Reset() {
    Registry& registry = GetRegistry();
    std::lock_guard<std::mutex> lock(registry.mu);
    registry.tables.clear();
}

void MemoryTables::StartAfresh(const std::string& sink) {
    Registry& registry = GetRegistry();
    std::lock_guard<std::mutex> lock(registry.mu);
    auto it = registry.tables.find(Key(sink));
    if (it != registry.tables.end()) {
        it->second.batches.clear();
        it->second.last_batch_id.reset();
    }
}

bool MemoryTables::Commit(const std::string& sink, int64_t batch_id, OutputMode mode,
                          std::vector<TextRow> rows) {
    Registry& registry = GetRegistry();
    std::lock_guard<std::mutex> lock(registry.mu);
    Table& t = registry.tables[Key(sink)];
    if (t.last_batch_id && batch_id <= *t.last_batch_id)
        return false;
    if (mode == OutputMode::Complete)
        t.batches.clear();
    t.batches.push_back({batch_id, ++t.committed, std::move(rows)});
    t.last_batch_id = batch_id;
    return true;
}

} // namespace sluice::rt
