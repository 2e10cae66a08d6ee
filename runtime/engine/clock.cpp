#include "runtime/engine/clock.h"

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace sluice::rt {

namespace {

/// The wall clock; SleepUntil waits on a condition variable so that Wake() can end it early.
class SystemClockImpl : public Clock {
public:
    int64_t NowMicros() const override {
        return std::chrono::duration_cast<std::chrono::microseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    }

    bool SleepUntil(int64_t micros) override {
        std::unique_lock<std::mutex> lock(mu_);
        uint64_t generation = generation_;
        while (NowMicros() < micros) {
            if (generation != generation_)
                return false;
            cv_.wait_for(lock, std::chrono::microseconds(micros - NowMicros()));
        }
        return true;
    }

    void Wake() override {
        std::lock_guard<std::mutex> lock(mu_);
        ++generation_;
        cv_.notify_all();
    }

private:
    std::mutex mu_;
    std::condition_variable cv_;
    uint64_t generation_ = 0;
};

} // namespace

Clock& SystemClock() {
    static SystemClockImpl clock;
    return clock;
}

} // namespace sluice::rt
