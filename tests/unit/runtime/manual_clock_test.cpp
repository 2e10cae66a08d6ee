#include <catch2/catch.hpp>

#include <future>

#include "runtime/engine/manual_clock.h"

using namespace sluice::rt;

TEST_CASE("a manual clock wakes sleepers when advanced", "[clock]") {
    ManualClock clock(100);
    CHECK(clock.NowMicros() == 100);
    CHECK(clock.SleepUntil(50)); // already past: returns at once
    auto slept = std::async(std::launch::async, [&] { return clock.SleepUntil(300); });
    REQUIRE(clock.AwaitSleeper(300));
    CHECK(clock.AwaitAnySleeper() == 300);
    clock.AdvanceMicros(100);
    CHECK(slept.wait_for(std::chrono::milliseconds(30)) == std::future_status::timeout);
    clock.AdvanceMicros(100);
    CHECK(slept.get());
    CHECK(clock.NowMicros() == 300);
    CHECK_THROWS_AS(clock.SetMicros(10), std::logic_error);
    CHECK_THROWS_AS(clock.AdvanceMicros(-1), std::logic_error);
}

TEST_CASE("Wake ends a manual clock's sleep early", "[clock]") {
    ManualClock clock;
    auto slept = std::async(std::launch::async, [&] { return clock.SleepUntil(1'000'000); });
    REQUIRE(clock.AwaitSleeper(1'000'000));
    clock.Wake();
    CHECK_FALSE(slept.get());
    CHECK(clock.AwaitAnySleeper(std::chrono::milliseconds(10)) == -1);
}
