#pragma once

// Fault injection for the io tests: io_faults.cpp defines fsync(2) and close(2) in the test executable,
// which take the place of the C library's for every caller in it (the runtime's static libraries
// included). They behave like the real calls unless a test arms a fault, so that tests can check that
// the runtime notices failures no real local file system produces on demand.

#include <atomic>

namespace sluice::rt::testing {

/// The faults a test can arm; each stays armed until the test disarms it (use IoFaultGuard).
struct IoFaults {
    /// fsync of a directory fails with EIO.
    static std::atomic<bool> fail_directory_fsync;
    /// close of a file whose name ends in ".inprogress" fails with EIO (after closing it, as Linux does).
    static std::atomic<bool> fail_inprogress_close;
};

/// Arms one fault for a scope.
class IoFaultGuard {
public:
    explicit IoFaultGuard(std::atomic<bool>& fault) : fault_(fault) { fault_ = true; }
    ~IoFaultGuard() { fault_ = false; }
    IoFaultGuard(const IoFaultGuard&) = delete;
    IoFaultGuard& operator=(const IoFaultGuard&) = delete;

private:
    std::atomic<bool>& fault_;
};

} // namespace sluice::rt::testing
