// CreateSource (runtime/engine/source.h): the one place that maps a source connector name to its class.

#include <algorithm>
#include <cctype>
#include <string>

#include "runtime/engine/source.h"
#include "runtime/sources/file/file_source.h"
#include "runtime/sources/memory/memory_source.h"
#include "runtime/sources/nexmark/nexmark_source.h"
#include "runtime/sources/rate/rate_source.h"

namespace sluice::rt {

std::unique_ptr<Source> CreateSource(const SourceSpec& spec, const SourceEnv& env) {
    std::string connector = spec.connector;
    std::transform(connector.begin(), connector.end(), connector.begin(),
                   [](unsigned char c) { return std::tolower(c); });
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

} // namespace sluice::rt
