#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace sluice::rt {

/// A fixed set of threads that runs the state partitions of a stage in parallel. Run blocks until every
/// task ran; the calling thread takes tasks too, so a pool of one thread is just a loop.
class WorkerPool {
public:
    /// `threads` workers besides the caller (0: everything runs on the caller).
    explicit WorkerPool(int threads);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    /// Calls task(i) for i in [0, count), on the workers and the caller.
    void Run(int count, const std::function<void(int)>& task);

private:
    void Work();
    /// Takes and runs tasks of the current Run until none is left.
    void Drain(std::unique_lock<std::mutex>& lock);

    std::mutex mu_;
    std::condition_variable wake_;
    std::condition_variable done_;
    const std::function<void(int)>* task_ = nullptr;
    int count_ = 0;
    int next_ = 0;
    int running_ = 0;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

} // namespace sluice::rt
