#pragma once

namespace sluice::rt {

/// Exit status of `sluice run`, of executables made by `sluice build`, and of the compiler driver.
/// Scripts and the e2e runner rely on these values: never renumber them.
enum ExitCode : int {
    kExitOk = 0,
    /// A query stopped with an error (bad input with on_error = 'fail', a runtime error, I/O).
    kExitQueryFailed = 1,
    /// Bad command line: unknown flag or sink, a --set key or value connectors.def rejects.
    kExitUsage = 2,
    /// The .stream file has compile errors (used by the compiler driver only).
    kExitCompileErrors = 3,
};

} // namespace sluice::rt
