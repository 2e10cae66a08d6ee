// CreateSink (runtime/engine/sink.h): the one place that maps a sink connector name to its class.

#include <string>

#include "runtime/common/text.h"
#include "runtime/engine/sink.h"
#include "runtime/engine/source.h"
#include "runtime/sinks/blackhole/blackhole_sink.h"
#include "runtime/sinks/console/console_sink.h"
#include "runtime/sinks/file/file_sink.h"
#include "runtime/sinks/memory/memory_sink.h"

namespace sluice::rt {

std::unique_ptr<Sink> CreateSink(const SinkSpec& spec, const SinkEnv& env) {
    const std::string connector = AsciiLower(spec.connector);
    if (connector == "console")
        return std::make_unique<ConsoleSink>(spec, env);
    if (connector == "file")
        return std::make_unique<FileSink>(spec, env);
    if (connector == "memory")
        return std::make_unique<MemorySink>(spec, env);
    if (connector == "blackhole")
        return std::make_unique<BlackholeSink>(spec, env);
    // kafka is parsed and validated (connectors.def marks it unavailable) but has no runtime yet.
    throw QueryError("connector '" + spec.connector + "' is not supported yet");
}

} // namespace sluice::rt
