#pragma once

// The run entry point shared by `sluice run` (the compiler driver, pipelines from the JIT) and the
// executables made by `sluice build` (runtime/aot/aot_main.cpp, pipelines from the object file).

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "runtime/engine/query_spec.h"
#include "runtime/engine/streaming_query.h"

namespace sluice::rt {

/// The command-line options of running queries.
struct RunOptions {
    /// Run only this sink's query ("" = every sink of the file, concurrently).
    std::string sink;
    /// Stop each query after this many batches (-1 = no limit).
    int64_t max_batches = -1;
    /// "" (none), "console" (indented JSON on stderr) or "json:PATH" (JSON lines appended to PATH).
    std::string progress;
    /// "key=value" overrides of query settings (SL_SETTING in connectors.def), for every selected query.
    std::vector<std::string> settings;
};

/// Adds `--sink NAME`, `--max-batches N`, `--progress[=json:PATH]` and repeated `--set key=value`.
void AddRunOptions(CLI::App& app, RunOptions& options);

/// Validates the options against the specs, runs the selected queries concurrently (one thread each)
/// until all have stopped, and returns an ExitCode (exit_codes.h): kExitUsage for an unknown --sink or a
/// --set that connectors.def rejects, kExitQueryFailed when a query failed (its error is printed on
/// stderr), else kExitOk. The first SIGINT or SIGTERM stops every query at its next batch boundary; a
/// second one exits the process at once with status 128 + signal. The signals are blocked in the
/// calling thread (and the query threads it starts) while it runs, so call it from the main thread.
int RunQueries(std::vector<QuerySpec> specs, const RunOptions& options);

/// The same with the engine options every query starts from (tests inject connectors, clocks and
/// listeners) and the stream for messages.
int RunQueries(std::vector<QuerySpec> specs, const RunOptions& options, QueryOptions base, std::ostream& err);

/// A help text listing the queries: sink name, connector, output mode, trigger, checkpoint.
std::string DescribeQueries(const std::vector<QuerySpec>& specs);

} // namespace sluice::rt
