#pragma once

// Runs one program the way a benchmark needs: its own CPU time from the kernel (wait4's rusage: user
// and system time of all of its threads), its wall time from spawn to exit, and optionally the moment it
// first writes a given file — how nexmark_bench times "process start to first completed batch" from the
// JSON-lines progress file that `sluice run --progress=json:PATH` appends to after each batch.

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sluice::bench {

/// A program to run.
struct ProcessSpec {
    /// argv[0] is the path of the executable (no PATH search).
    std::vector<std::string> argv;
    /// Added to (or replacing in) this process's environment.
    std::vector<std::pair<std::string, std::string>> env;
    /// Where the child's stdout and stderr go (truncated); stdin is /dev/null.
    std::string stdout_path;
    std::string stderr_path;
    /// When not empty: this file is created empty before the spawn, and the time of its first
    /// modification is reported. The child must only append to it.
    std::string watch_path;
};

/// What one run cost.
struct ProcessResult {
    /// The exit code, or 128 + the signal that ended the child.
    int exit_status = 0;
    /// From just before the spawn to the return of wait4.
    double wall_ms = 0;
    double user_ms = 0;
    double sys_ms = 0;
    long max_rss_kb = 0;
    /// Times the child was descheduled while it could run: a sign of a busy machine.
    long involuntary_switches = 0;
    /// From just before the spawn to the first write to watch_path (when it was written at all).
    std::optional<double> first_write_ms;

    double cpu_ms() const { return user_ms + sys_ms; }
};

/// Runs `spec` to completion. Throws std::runtime_error when the program cannot be started or waited
/// for; a program that fails is a result (exit_status), not an exception.
ProcessResult RunProcess(const ProcessSpec& spec);

} // namespace sluice::bench
