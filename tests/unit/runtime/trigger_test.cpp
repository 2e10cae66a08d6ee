#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "engine_fakes.h"
#include "runtime/engine/streaming_query.h"

using namespace sluice::rt;
using namespace sluice::rt::testing;

namespace {

constexpr int64_t kMs = 1000;

/// One query over fakes with a manual clock starting at `start_us`.
struct TriggerHarness {
    explicit TriggerHarness(int64_t start_us) : clock(start_us) {}

    TempDir tmp;
    ManualClock clock;
    std::shared_ptr<FakeInput> input = std::make_shared<FakeInput>();
    std::shared_ptr<FakeOutput> output = std::make_shared<FakeOutput>();
    std::shared_ptr<std::vector<std::string>> log = std::make_shared<std::vector<std::string>>();

    std::unique_ptr<StreamingQuery> Make(TriggerSpec trigger, CrashPoint crash = CrashPoint::None) {
        QueryOptions options = MakeOptions({{"events", input}}, output, &clock, log);
        options.crash_point = crash;
        return std::make_unique<StreamingQuery>(MakeSpec("q", tmp.Path("ck"), trigger), options);
    }

    std::vector<int64_t> BatchTimestamps() const {
        std::lock_guard<std::mutex> lock(output->mu);
        std::vector<int64_t> out;
        for (const auto& [id, rows] : output->committed)
            out.push_back(rows.empty() ? -1 : rows.front().batch_ts);
        return out;
    }
};

size_t CountRows(const FakeOutput& output) {
    std::lock_guard<std::mutex> lock(output.mu);
    size_t n = 0;
    for (const auto& [id, rows] : output.committed)
        n += rows.size();
    return n;
}

} // namespace

TEST_CASE("PROCESSING TIME batches start at interval boundaries", "[trigger]") {
    TriggerHarness h(250 * kMs);
    h.input->AddRows(0, 3);
    auto q = h.Make({TriggerKind::ProcessingTime, 1000});
    q->Start();
    // The first trigger fires at once (as in Spark), the next at the first boundary after it.
    REQUIRE(h.clock.AwaitSleeper(1000 * kMs));
    CHECK(h.BatchTimestamps() == std::vector<int64_t>{250 * kMs});

    h.input->AddRows(3, 5);
    h.clock.SetMicros(1000 * kMs);
    REQUIRE(h.clock.AwaitSleeper(2000 * kMs));
    CHECK(h.BatchTimestamps() == std::vector<int64_t>{250 * kMs, 1000 * kMs});

    // No data at a boundary: no batch.
    h.clock.SetMicros(2000 * kMs);
    REQUIRE(h.clock.AwaitSleeper(3000 * kMs));
    CHECK(q->LastCommittedBatchId() == 1);

    // Data arriving between boundaries waits for the next one.
    h.clock.SetMicros(2500 * kMs);
    h.input->AddRows(5, 6);
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    CHECK(q->LastCommittedBatchId() == 1);
    REQUIRE(h.clock.AwaitSleeper(3000 * kMs));
    h.clock.SetMicros(3000 * kMs);
    REQUIRE(h.clock.AwaitSleeper(4000 * kMs));
    CHECK(h.BatchTimestamps() == std::vector<int64_t>{250 * kMs, 1000 * kMs, 3000 * kMs});
    q->Stop();
    CHECK(CountRows(*h.output) == 6);
}

TEST_CASE("PROCESSING TIME: a batch that overruns its interval starts the next at once", "[trigger]") {
    TriggerHarness h(0);
    h.input->AddRows(0, 10);
    h.input->max_rows_per_batch = 5;
    h.input->clock = &h.clock;
    h.input->read_advance_ms = 2500; // every batch takes 2.5 s of the manual clock
    auto q = h.Make({TriggerKind::ProcessingTime, 1000});
    q->Start();
    // Batch 0 at 0 ends at 2.5 s; batch 1 starts then (not at 3 s) and ends at 5 s; the trigger at 5 s
    // finds nothing and waits for the boundary at 6 s.
    REQUIRE(h.clock.AwaitSleeper(6000 * kMs));
    CHECK(h.BatchTimestamps() == std::vector<int64_t>{0, 2500 * kMs});
    q->Stop();
    bool warned = false;
    for (const std::string& line : *h.log)
        warned |= line.find("longer than the trigger interval of 1000 ms") != std::string::npos;
    CHECK(warned);
}

TEST_CASE("the default trigger polls every 10 ms of the query clock when nothing is new", "[trigger]") {
    TriggerHarness h(1000 * kMs);
    auto q = h.Make({});
    q->Start();
    REQUIRE(h.clock.AwaitSleeper(1010 * kMs));
    CHECK(h.input->latest_offset_calls == 1);
    h.clock.AdvanceMillis(10);
    REQUIRE(h.clock.AwaitSleeper(1020 * kMs));
    CHECK(h.input->latest_offset_calls == 2);

    h.input->AddRows(0, 4);
    h.clock.AdvanceMillis(10);
    // The batch runs at the poll, then the next plan finds nothing and the query polls again.
    REQUIRE(h.clock.AwaitSleeper(1030 * kMs));
    CHECK(h.BatchTimestamps() == std::vector<int64_t>{1020 * kMs});
    q->Stop();
}

TEST_CASE("the default trigger runs batches back to back while data is there", "[trigger]") {
    TriggerHarness h(0);
    h.input->AddRows(0, 9);
    h.input->max_rows_per_batch = 3;
    auto q = h.Make({});
    q->Start();
    REQUIRE(h.clock.AwaitSleeper(10 * kMs)); // no clock movement was needed for three batches
    CHECK(h.output->CommittedIds() == std::vector<int64_t>{0, 1, 2});
    q->Stop();
}

TEST_CASE("TRIGGER ONCE processes everything available in one batch and stops", "[trigger]") {
    TriggerHarness h(0);
    SECTION("with data: rate limits are ignored") {
        h.input->AddRows(0, 10);
        h.input->max_rows_per_batch = 3;
        auto q = h.Make({TriggerKind::Once});
        q->Start();
        REQUIRE(q->AwaitTermination(std::chrono::seconds(10)));
        CHECK(q->termination() == Termination::TriggerFinished);
        CHECK(h.output->CommittedIds() == std::vector<int64_t>{0});
        CHECK(CountRows(*h.output) == 10);
        CHECK(h.input->ignore_rate_limits_calls == 1);
        CHECK(h.output->closes == 1);
    }
    SECTION("without data: no batch (as Spark)") {
        auto q = h.Make({TriggerKind::Once});
        q->Start();
        REQUIRE(q->AwaitTermination(std::chrono::seconds(10)));
        CHECK(q->termination() == Termination::TriggerFinished);
        CHECK(h.output->NumCommitted() == 0);
        CHECK(ReadLogEntries(h.tmp.Path("ck/offsets.log")).empty());
    }
    SECTION("after a crash: only the uncommitted batch runs (as Spark)") {
        h.input->AddRows(0, 4);
        {
            auto q = h.Make({TriggerKind::Once}, CrashPoint::AfterOffsetsLog);
            q->Start();
            q->AwaitTermination();
            REQUIRE(q->termination() == Termination::Crashed);
        }
        h.input->AddRows(4, 8);
        auto q = h.Make({TriggerKind::Once});
        q->Start();
        q->AwaitTermination();
        CHECK(q->termination() == Termination::TriggerFinished);
        CHECK(h.output->CommittedIds() == std::vector<int64_t>{0});
        CHECK(CountRows(*h.output) == 4);
    }
}

TEST_CASE("TRIGGER AVAILABLE NOW runs rate-limited batches up to the data present at start", "[trigger]") {
    TriggerHarness h(0);
    h.input->AddRows(0, 10);
    h.input->max_rows_per_batch = 4;
    bool added = false;
    h.input->on_read = [&] {
        // Data arriving after the start is left for a later run.
        if (!added)
            h.input->AddRows(10, 15);
        added = true;
    };
    auto q = h.Make({TriggerKind::AvailableNow});
    q->Start();
    REQUIRE(q->AwaitTermination(std::chrono::seconds(10)));
    CHECK(q->termination() == Termination::TriggerFinished);
    CHECK_FALSE(q->Error());
    CHECK(h.input->available_now_calls == 1);
    CHECK(h.input->reads == std::vector<std::pair<int64_t, int64_t>>{{0, 4}, {4, 8}, {8, 10}});
    CHECK(h.output->CommittedIds() == std::vector<int64_t>{0, 1, 2});
    CHECK(h.output->closes == 1);
}

TEST_CASE("Stop ends a wait for a distant trigger boundary", "[trigger]") {
    TriggerHarness h(0);
    auto q = h.Make({TriggerKind::ProcessingTime, 3'600'000});
    q->Start();
    REQUIRE(h.clock.AwaitSleeper(3'600'000 * kMs));
    auto begin = std::chrono::steady_clock::now();
    q->Stop();
    CHECK(std::chrono::steady_clock::now() - begin < std::chrono::seconds(5));
    CHECK(q->termination() == Termination::Stopped);
}

TEST_CASE("queries sharing the system clock stop promptly", "[trigger]") {
    // The system clock is shared: waking it for one query must not disturb the other.
    TempDir tmp;
    auto input = std::make_shared<FakeInput>();
    auto out_a = std::make_shared<FakeOutput>();
    auto out_b = std::make_shared<FakeOutput>();
    StreamingQuery a(MakeSpec("a", tmp.Path("a"), {TriggerKind::ProcessingTime, 3'600'000}),
                     MakeOptions({{"events", input}}, out_a, nullptr));
    StreamingQuery b(MakeSpec("b", tmp.Path("b")), MakeOptions({{"events", input}}, out_b, nullptr));
    a.Start();
    b.Start();
    b.ProcessAllAvailable();
    a.Stop();
    CHECK(b.IsActive());
    input->AddRows(0, 3);
    b.ProcessAllAvailable();
    CHECK(out_b->AllRows().size() == 3);
    b.Stop();
}
