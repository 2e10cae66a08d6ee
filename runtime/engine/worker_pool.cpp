#include "runtime/engine/worker_pool.h"

namespace sluice::rt {

WorkerPool::WorkerPool(int threads) {
    for (int i = 0; i < threads; ++i)
        threads_.emplace_back([this] { Work(); });
}

WorkerPool::~WorkerPool() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (std::thread& t : threads_)
        t.join();
}

void WorkerPool::Drain(std::unique_lock<std::mutex>& lock) {
    while (task_ && next_ < count_) {
        const int i = next_++;
        ++running_;
        const std::function<void(int)>* task = task_;
        lock.unlock();
        (*task)(i);
        lock.lock();
        --running_;
    }
    if (next_ >= count_ && running_ == 0)
        done_.notify_all();
}

void WorkerPool::Work() {
    std::unique_lock<std::mutex> lock(mu_);
    while (true) {
        wake_.wait(lock, [&] { return stopping_ || (task_ && next_ < count_); });
        if (stopping_)
            return;
        Drain(lock);
    }
}

void WorkerPool::Run(int count, const std::function<void(int)>& task) {
    std::unique_lock<std::mutex> lock(mu_);
    task_ = &task;
    count_ = count;
    next_ = 0;
    wake_.notify_all();
    Drain(lock);
    done_.wait(lock, [&] { return next_ >= count_ && running_ == 0; });
    task_ = nullptr;
}

} // namespace sluice::rt
