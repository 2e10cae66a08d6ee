// CreateSource (runtime/engine/source.h): the one place that maps a source connector name to its class;
// and ProjectedSchema, which every source and decoder uses to lay out its batches.

#include <string>

#include "runtime/common/text.h"
#include "runtime/engine/source.h"
#include "runtime/sources/file/file_source.h"
#include "runtime/sources/memory/memory_source.h"
#include "runtime/sources/nexmark/nexmark_source.h"
#include "runtime/sources/rate/rate_source.h"

namespace sluice::rt {

std::unique_ptr<Source> CreateSource(const SourceSpec& spec, const SourceEnv& env) {
    const std::string connector = AsciiLower(spec.connector);
    if (connector == "file")
        return std::make_unique<FileSource>(spec, env);
    if (connector == "rate")
        return std::make_unique<RateSource>(spec, env);
    if (connector == "memory")
        return std::make_unique<MemorySource>(spec, env);
    if (connector == "nexmark")
        return std::make_unique<NexmarkSource>(spec, env);
    // kafka is parsed and validated (connectors.def marks it unavailable) but has no runtime yet.
    throw QueryError("connector '" + spec.connector + "' is not supported yet");
}

Schema ProjectedSchema(const Schema& declared, const std::vector<int>& projection) {
    Schema out;
    std::vector<bool> seen(declared.size(), false);
    for (int c : projection) {
        if (c < 0 || c >= static_cast<int>(declared.size()))
            throw QueryError("projection names column " + std::to_string(c) + " of a source with " +
                             std::to_string(declared.size()) + " columns");
        if (seen[c])
            throw QueryError("projection names column '" + declared[c].name + "' twice");
        seen[c] = true;
        out.push_back(declared[c]);
    }
    return out;
}

Schema ProjectedSchema(const SourceSpec& spec) {
    try {
        return ProjectedSchema(spec.schema, spec.projection);
    } catch (const QueryError& e) {
        throw QueryError(spec.connector + " source '" + spec.name + "': " + e.what());
    }
}

} // namespace sluice::rt
