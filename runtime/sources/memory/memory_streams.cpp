#include "runtime/sources/memory/memory_streams.h"

#include <algorithm>
#include <map>
#include <mutex>

#include "runtime/common/text.h"
#include "runtime/engine/source.h"
#include "runtime/formats/column_writer.h"

namespace sluice::rt {

namespace {

/// One named stream: its columns and its adds, each an immutable batch of all columns.
struct Stream {
    std::string display_name;
    bool declared = false;
    Schema schema;
    std::vector<std::shared_ptr<const Batch>> adds;
    /// Adds fed before the stream was declared, kept as text until its columns are known.
    std::vector<std::vector<TextRow>> pending;
};

/// The registry's state; one lock guards it all (streams are small, fed by tests).
struct Registry {
    std::mutex mu;
    std::map<std::string, Stream> streams;
};

Registry& GetRegistry() {
    static Registry registry;
    return registry;
}

std::string Key(const std::string& name) {
    return AsciiLower(name);
}

bool SameTypes(const Schema& a, const Schema& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                              [](const auto& x, const auto& y) { return x.type == y.type; });
}

std::string Describe(const Schema& schema) {
    std::string s = "(";
    for (const auto& c : schema)
        s += (s.size() > 1 ? ", " : "") + c.name + " " + c.type.ToString();
    return s + ")";
}

/// Parses the rows of add number `add` (from 1) into a batch of the stream's columns.
std::shared_ptr<const Batch> ParseRows(const Stream& stream, size_t add, const std::vector<TextRow>& rows) {
    auto batch = std::make_shared<Batch>(stream.schema, static_cast<int64_t>(rows.size()));
    std::vector<ColumnWriter> writers;
    for (size_t c = 0; c < stream.schema.size(); ++c) {
        writers.emplace_back(stream.schema[c].name, stream.schema[c].type);
        writers.back().Bind(batch.get(), static_cast<int>(c));
    }
    std::string where = "memory stream '" + stream.display_name + "', add " + std::to_string(add);
    for (size_t r = 0; r < rows.size(); ++r) {
        const TextRow& row = rows[r];
        int64_t at = static_cast<int64_t>(r);
        if (row.size() != stream.schema.size())
            throw QueryError(where + ", row " + std::to_string(r + 1) + ": " + std::to_string(row.size()) +
                             " values for " + std::to_string(stream.schema.size()) + " columns " +
                             Describe(stream.schema));
        for (size_t c = 0; c < row.size(); ++c) {
            if (!row[c])
                writers[c].SetNull(at);
            else if (!writers[c].ParseText(at, *row[c]))
                throw QueryError(where + ", row " + std::to_string(r + 1) + ", column '" + writers[c].name() +
                                 "': " + writers[c].NotAValue(*row[c]));
        }
    }
    batch->set_num_rows(static_cast<int64_t>(rows.size()));
    return batch;
}

void DeclareLocked(Registry& registry, const std::string& name, const Schema& schema) {
    Stream& stream = registry.streams[Key(name)];
    if (!stream.declared) {
        // Adds fed before the declaration are parsed now; one that does not parse fails the declaration
        // and leaves the stream as it was.
        Stream parsed;
        parsed.display_name = name;
        parsed.declared = true;
        parsed.schema = schema;
        for (const auto& rows : stream.pending)
            parsed.adds.push_back(ParseRows(parsed, parsed.adds.size() + 1, rows));
        stream = std::move(parsed);
        return;
    }
    if (SameTypes(stream.schema, schema))
        return;
    if (!stream.adds.empty())
        throw QueryError("memory stream '" + name + "' holds rows " + Describe(stream.schema) + ", not " +
                         Describe(schema));
    stream.display_name = name;
    stream.schema = schema;
}

} // namespace

void MemoryStreams::Declare(const std::string& name, const Schema& schema) {
    Registry& registry = GetRegistry();
    std::lock_guard<std::mutex> lock(registry.mu);
    DeclareLocked(registry, name, schema);
}

int64_t MemoryStreams::AddData(const std::string& name, const std::vector<TextRow>& rows) {
    Registry& registry = GetRegistry();
    std::lock_guard<std::mutex> lock(registry.mu);
    auto [it, inserted] = registry.streams.try_emplace(Key(name));
    Stream& stream = it->second;
    if (inserted)
        stream.display_name = name;
    if (!stream.declared) {
        stream.pending.push_back(rows);
        return static_cast<int64_t>(stream.pending.size());
    }
    stream.adds.push_back(ParseRows(stream, stream.adds.size() + 1, rows));
    return static_cast<int64_t>(stream.adds.size());
}

int64_t MemoryStreams::AddData(const std::string& name, const Schema& schema,
                               const std::vector<TextRow>& rows) {
    Declare(name, schema);
    return AddData(name, rows);
}

int64_t MemoryStreams::NumAdds(const std::string& name) {
    Registry& registry = GetRegistry();
    std::lock_guard<std::mutex> lock(registry.mu);
    auto it = registry.streams.find(Key(name));
    if (it == registry.streams.end())
        return 0;
    return static_cast<int64_t>(it->second.declared ? it->second.adds.size() : it->second.pending.size());
}

std::optional<Schema> MemoryStreams::SchemaOf(const std::string& name) {
    Registry& registry = GetRegistry();
    std::lock_guard<std::mutex> lock(registry.mu);
    auto it = registry.streams.find(Key(name));
    if (it == registry.streams.end() || !it->second.declared)
        return std::nullopt;
    return it->second.schema;
}

std::vector<std::shared_ptr<const Batch>> MemoryStreams::Adds(const std::string& name, int64_t from,
                                                              int64_t to) {
    Registry& registry = GetRegistry();
    std::lock_guard<std::mutex> lock(registry.mu);
    auto it = registry.streams.find(Key(name));
    int64_t have = it == registry.streams.end() ? 0 : static_cast<int64_t>(it->second.adds.size());
    if (from < 0 || to < from || to > have)
        throw QueryError("memory stream '" + name + "' has " + std::to_string(have) + " adds; adds " +
                         std::to_string(from + 1) + ".." + std::to_string(to) +
                         " were asked for (was the stream reset while a query had read it?)");
    if (to == from)
        return {};
    const auto& adds = it->second.adds;
    return {adds.begin() + from, adds.begin() + to};
}

void MemoryStreams::Reset() {
    Registry& registry = GetRegistry();
    std::lock_guard<std::mutex> lock(registry.mu);
    registry.streams.clear();
}

} // namespace sluice::rt
