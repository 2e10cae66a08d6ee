#include "runtime/engine/manual_clock.h"

#include <stdexcept>
#include <string>

namespace sluice::rt {

int64_t ManualClock::NowMicros() const {
    std::lock_guard<std::mutex> lock(mu_);
    return now_;
}

bool ManualClock::SleepUntil(int64_t micros) {
    std::unique_lock<std::mutex> lock(mu_);
    if (now_ >= micros)
        return true;
    uint64_t generation = generation_;
    ++sleepers_[micros];
    // Observers in AwaitSleeper wait on the same condition variable.
    cv_.notify_all();
    cv_.wait(lock, [&] { return now_ >= micros || generation_ != generation; });
    if (--sleepers_[micros] == 0)
        sleepers_.erase(micros);
    return now_ >= micros;
}

void ManualClock::Wake() {
    std::lock_guard<std::mutex> lock(mu_);
    ++generation_;
    cv_.notify_all();
}

void ManualClock::AdvanceMicros(int64_t delta) {
    if (delta < 0)
        throw std::logic_error("ManualClock cannot move backwards (delta " + std::to_string(delta) + ")");
    std::lock_guard<std::mutex> lock(mu_);
    now_ += delta;
    cv_.notify_all();
}

void ManualClock::SetMicros(int64_t micros) {
    std::lock_guard<std::mutex> lock(mu_);
    if (micros < now_)
        throw std::logic_error("ManualClock cannot move backwards from " + std::to_string(now_) + " to " +
                               std::to_string(micros));
    now_ = micros;
    cv_.notify_all();
}

bool ManualClock::AwaitSleeper(int64_t target_micros, std::chrono::milliseconds timeout) const {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return sleepers_.count(target_micros) > 0; });
}

int64_t ManualClock::AwaitAnySleeper(std::chrono::milliseconds timeout) const {
    std::unique_lock<std::mutex> lock(mu_);
    if (!cv_.wait_for(lock, timeout, [&] { return !sleepers_.empty(); }))
        return -1;
    return sleepers_.begin()->first;
}

} // namespace sluice::rt
