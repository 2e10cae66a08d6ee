#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>

#include "runtime/engine/clock.h"

namespace sluice::rt {

/// A clock that moves only when a test moves it (Spark's StreamManualClock). Triggers, batch
/// timestamps and the default trigger's polling all sleep on the query's clock, so a test drives a
/// query step by step: wait until the query sleeps (AwaitSleeper), change the input, advance the
/// clock, and observe the batch that follows.
///
/// Thread-safe: the query's thread sleeps in SleepUntil while the test thread advances the clock.
class ManualClock : public Clock {
public:
    explicit ManualClock(int64_t start_micros = 0) : now_(start_micros) {}

    int64_t NowMicros() const override;
    /// Blocks until a test advances the clock to `micros` or calls Wake().
    bool SleepUntil(int64_t micros) override;
    void Wake() override;

    void AdvanceMicros(int64_t delta);
    void AdvanceMillis(int64_t delta) { AdvanceMicros(delta * 1000); }
    /// Moves the clock to `micros`; moving backwards is a test bug and throws std::logic_error.
    void SetMicros(int64_t micros);

    /// Waits (in real time, at most `timeout`) until some thread sleeps in SleepUntil(`target_micros`).
    /// Returns false on timeout. This is how a test knows the query reached a trigger boundary.
    bool AwaitSleeper(int64_t target_micros,
                      std::chrono::milliseconds timeout = std::chrono::milliseconds(10000)) const;
    /// Waits until any thread sleeps in SleepUntil; returns its wake-up time, or -1 on timeout.
    int64_t AwaitAnySleeper(std::chrono::milliseconds timeout = std::chrono::milliseconds(10000)) const;

private:
    mutable std::mutex mu_;
    mutable std::condition_variable cv_;
    int64_t now_;
    /// Wake() increments it; a sleeper that sees it change returns false.
    uint64_t generation_ = 0;
    /// Wake-up times of the threads sleeping now (a multiset: several queries may share a clock).
    std::map<int64_t, int> sleepers_;
};

} // namespace sluice::rt
