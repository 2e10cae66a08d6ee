#pragma once

#include <cstdint>

namespace sluice::rt {

/// Wall-clock time as the runtime sees it: triggers, batch timestamps, the rate source and real-time
/// generators all read this, so tests can drive time with a manual clock.
class Clock {
public:
    virtual ~Clock() = default;
    /// Microseconds since the epoch.
    virtual int64_t NowMicros() const = 0;
    /// Blocks until NowMicros() >= micros, or until Wake() is called; returns true when the time was reached.
    virtual bool SleepUntil(int64_t micros) = 0;
    /// Ends any SleepUntil in progress early (used when a query is stopped).
    virtual void Wake() = 0;
};

/// The system clock.
Clock& SystemClock();

} // namespace sluice::rt
