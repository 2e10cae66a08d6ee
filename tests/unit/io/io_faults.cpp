#include "tests/unit/io/io_faults.h"

#include <cerrno>
#include <string>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace sluice::rt::testing {

std::atomic<bool> IoFaults::fail_directory_fsync{false};
std::atomic<bool> IoFaults::fail_inprogress_close{false};

namespace {

bool IsDirectory(int fd) {
    struct stat st;
    return ::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode);
}

std::string PathOf(int fd) {
    char target[4096];
    const std::string link = "/proc/self/fd/" + std::to_string(fd);
    const ssize_t n = ::readlink(link.c_str(), target, sizeof target);
    return n > 0 ? std::string(target, static_cast<size_t>(n)) : std::string();
}

bool EndsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace

} // namespace sluice::rt::testing

using sluice::rt::testing::IoFaults;

// The real calls go straight to the kernel: there is no C library function left to call by name.
extern "C" int fsync(int fd) {
    if (IoFaults::fail_directory_fsync && sluice::rt::testing::IsDirectory(fd)) {
        errno = EIO;
        return -1;
    }
    return static_cast<int>(::syscall(SYS_fsync, fd));
}

extern "C" int close(int fd) {
    const bool fail = IoFaults::fail_inprogress_close &&
                      sluice::rt::testing::EndsWith(sluice::rt::testing::PathOf(fd), ".inprogress");
    const int rc = static_cast<int>(::syscall(SYS_close, fd));
    if (fail && rc == 0) {
        errno = EIO;
        return -1;
    }
    return rc;
}
