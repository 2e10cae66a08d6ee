#pragma once

#include <memory>
#include <string>

namespace sluice::rt {

/// An exclusive advisory lock (flock(2)) on a file, held while the object lives. It marks a directory as
/// owned by one running query: a checkpoint directory (`<checkpoint>/.lock`) or a file sink's output
/// directory (`<out>/_sluice_lock`). Two writers appending to the same logs would corrupt them, and
/// nothing else stops two `sluice run` processes, or two sinks of one program, from naming the same
/// directory.
///
/// The lock belongs to the open file, not to the process, so a second FileLock on the same path fails
/// also within one process; the kernel releases it when the process dies (even by SIGKILL), so a crashed
/// query never leaves a stale lock behind. The file itself stays (empty); deleting it is harmless when
/// no query runs.
class FileLock {
public:
    /// Takes the lock on `path` (creating the file) without waiting. Returns nullptr when another open
    /// file holds it; throws std::runtime_error naming the file when it cannot be created or locked
    /// for another reason.
    static std::unique_ptr<FileLock> TryAcquire(const std::string& path);

    ~FileLock();
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

    const std::string& path() const { return path_; }

private:
    FileLock(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}

    std::string path_;
    int fd_;
};

} // namespace sluice::rt
