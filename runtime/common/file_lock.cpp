#include "runtime/common/file_lock.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <sys/file.h>
#include <unistd.h>

namespace sluice::rt {

std::unique_ptr<FileLock> FileLock::TryAcquire(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        throw std::runtime_error("cannot create the lock file '" + path + "': " + std::strerror(errno));
    while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EINTR)
            continue;
        const int error = errno;
        ::close(fd);
        if (error == EWOULDBLOCK)
            return nullptr;
        throw std::runtime_error("cannot lock '" + path + "': " + std::strerror(error));
    }
    return std::unique_ptr<FileLock>(new FileLock(path, fd));
}

FileLock::~FileLock() {
    // Closing the only descriptor of the open file releases the lock.
    ::close(fd_);
}

} // namespace sluice::rt
