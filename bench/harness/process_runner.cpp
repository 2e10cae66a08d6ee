#include "bench/harness/process_runner.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <poll.h>
#include <spawn.h>
#include <stdexcept>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace sluice::bench {

namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void ThrowErrno(const std::string& what) {
    throw std::runtime_error(what + ": " + std::strerror(errno));
}

double MillisSince(Clock::time_point start, Clock::time_point end) {
    return std::chrono::duration<double, std::milli>(end - start).count();
}

double Millis(const timeval& tv) {
    return tv.tv_sec * 1e3 + tv.tv_usec / 1e3;
}

/// Closes a file descriptor when it goes out of scope.
class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0)
            close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

/// This process's environment with `overrides` applied, as "KEY=VALUE" strings.
std::vector<std::string> ChildEnvironment(const std::vector<std::pair<std::string, std::string>>& overrides) {
    std::map<std::string, std::string> vars;
    for (char** e = environ; *e != nullptr; ++e) {
        std::string entry(*e);
        size_t eq = entry.find('=');
        if (eq != std::string::npos)
            vars[entry.substr(0, eq)] = entry.substr(eq + 1);
    }
    for (const auto& [key, value] : overrides)
        vars[key] = value;
    std::vector<std::string> out;
    for (const auto& [key, value] : vars)
        out.push_back(key + "=" + value);
    return out;
}

std::vector<char*> Pointers(std::vector<std::string>& strings) {
    std::vector<char*> out;
    for (std::string& s : strings)
        out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

} // namespace

ProcessResult RunProcess(const ProcessSpec& spec) {
    if (spec.argv.empty())
        throw std::runtime_error("RunProcess: no program");

    // The watch is set up before the spawn, so that no write can come before it.
    std::optional<Fd> inotify;
    if (!spec.watch_path.empty()) {
        Fd file(open(spec.watch_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
        if (file.get() < 0)
            ThrowErrno("cannot create '" + spec.watch_path + "'");
        inotify.emplace(inotify_init1(IN_CLOEXEC | IN_NONBLOCK));
        if (inotify->get() < 0)
            ThrowErrno("inotify_init1");
        if (inotify_add_watch(inotify->get(), spec.watch_path.c_str(), IN_MODIFY) < 0)
            ThrowErrno("cannot watch '" + spec.watch_path + "'");
    }

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, spec.stdout_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, spec.stderr_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<std::string> argv_strings = spec.argv;
    std::vector<std::string> env_strings = ChildEnvironment(spec.env);
    std::vector<char*> argv = Pointers(argv_strings);
    std::vector<char*> envp = Pointers(env_strings);

    pid_t pid = 0;
    const Clock::time_point start = Clock::now();
    int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        errno = rc;
        ThrowErrno("cannot start '" + spec.argv[0] + "'");
    }

    ProcessResult result;
    if (inotify) {
        // Wait for the first write or the exit, whichever comes first; after that only the exit matters.
        // The raw system call: glibc 2.36's <sys/pidfd.h> declares pidfd_open without C linkage.
        Fd pidfd(static_cast<int>(syscall(SYS_pidfd_open, pid, 0)));
        if (pidfd.get() < 0)
            ThrowErrno("pidfd_open");
        while (!result.first_write_ms) {
            pollfd fds[2] = {{inotify->get(), POLLIN, 0}, {pidfd.get(), POLLIN, 0}};
            if (poll(fds, 2, -1) < 0) {
                if (errno == EINTR)
                    continue;
                ThrowErrno("poll");
            }
            const Clock::time_point now = Clock::now();
            if (fds[0].revents & POLLIN)
                result.first_write_ms = MillisSince(start, now);
            else if (fds[1].revents & POLLIN)
                break; // exited without writing
        }
    }

    int status = 0;
    rusage usage{};
    while (wait4(pid, &status, 0, &usage) < 0) {
        if (errno != EINTR)
            ThrowErrno("wait4");
    }
    result.wall_ms = MillisSince(start, Clock::now());
    result.user_ms = Millis(usage.ru_utime);
    result.sys_ms = Millis(usage.ru_stime);
    result.max_rss_kb = usage.ru_maxrss;
    result.involuntary_switches = usage.ru_nivcsw;
    result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

} // namespace sluice::bench
