#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "runtime/sources/rate/rate_source.h"

using namespace sluice::rt;

namespace {

SourceEnv TestEnv(const Clock* clock, int64_t chunk_rows = 8192) {
    SourceEnv env;
    env.query_name = std::string("q"); // not = "q": GCC 12 warns falsely (-Wrestrict, bug 105329)
    env.chunk_rows = chunk_rows;
    env.clock = clock;
    return env;
}

/// A clock that moves only when the test says so.
class TestClock : public Clock {
public:
    explicit TestClock(int64_t now) : now_(now) {}
    int64_t NowMicros() const override { return now_; }
    bool SleepUntil(int64_t micros) override {
        now_ = std::max(now_, micros);
        return true;
    }
    void Wake() override {}
    void Advance(int64_t micros) { now_ += micros; }

private:
    int64_t now_;
};

SourceSpec RateSpec(int64_t rows_per_second, std::vector<int> projection = {0, 1}) {
    SourceSpec spec;
    spec.name = "ticks";
    spec.connector = "rate";
    spec.options = Options({{"rows_per_second", rows_per_second}});
    spec.schema = {{"value", ColumnType{SL_TYPE_BIGINT, 0, 0}}, {"TS", ColumnType{SL_TYPE_TIMESTAMP, 0, 0}}};
    spec.projection = std::move(projection);
    return spec;
}

/// All (column 0, column 1) pairs of a range.
std::vector<std::pair<int64_t, int64_t>> ReadAll(Source& source, const Offset& start, const Offset& end) {
    SourceMetrics metrics;
    auto reader = source.Read(start, end, metrics);
    std::vector<std::pair<int64_t, int64_t>> rows;
    while (BatchPtr chunk = reader->Next())
        for (int64_t r = 0; r < chunk->num_rows(); ++r)
            rows.emplace_back(chunk->Values<int64_t>(0)[r],
                              chunk->num_columns() > 1 ? chunk->Values<int64_t>(1)[r] : int64_t{-1});
    return rows;
}

constexpr int64_t kT0 = 1767225600LL * 1000000; // 2026-01-01 00:00:00

} // namespace

TEST_CASE("rate source makes rows due at t0 + v / rows_per_second", "[rate]") {
    TestClock clock(kT0);
    SourceEnv env = TestEnv(&clock, 4);
    RateSource source(RateSpec(10), env);
    CHECK(source.Description() == "RateSource[rows_per_second=10]");
    source.Open(nullptr);
    Offset start = source.InitialOffset();
    CHECK(start == Offset{{"rows", 0}, {"start_us", kT0}});
    Offset end = source.LatestOffset(start);
    CHECK(end == Offset{{"rows", 1}, {"start_us", kT0}}); // row 0 is due at t0 itself
    clock.Advance(99999);
    CHECK(source.LatestOffset(start).at("rows") == 1);
    clock.Advance(1);
    CHECK(source.LatestOffset(start).at("rows") == 2);
    clock.Advance(900000);
    end = source.LatestOffset(start);
    CHECK(end.at("rows") == 11);
    CHECK(source.CountRows(start, end) == 11);

    auto rows = ReadAll(source, start, end);
    REQUIRE(rows.size() == 11);
    for (int64_t v = 0; v < 11; ++v) {
        CHECK(rows[v].first == v);
        CHECK(rows[v].second == kT0 + v * 100000);
    }
    // Nothing new: the offset stays.
    CHECK(source.LatestOffset(end) == end);
}

TEST_CASE("rate source timestamps round down and regenerate after a restart", "[rate]") {
    TestClock clock(kT0);
    SourceEnv env = TestEnv(&clock);
    RateSource source(RateSpec(3, {1}), env);
    Offset start = source.InitialOffset();
    clock.Advance(2 * 1000000);
    Offset end = source.LatestOffset(start);
    CHECK(end.at("rows") == 7);
    auto rows = ReadAll(source, start, end);
    REQUIRE(rows.size() == 7);
    CHECK(rows[1].first == kT0 + 333333);
    CHECK(rows[2].first == kT0 + 666666);
    CHECK(rows[3].first == kT0 + 1000000);

    // A new instance (a restarted query) keeps t0 from the offsets, whatever its clock says.
    clock.Advance(3600 * int64_t{1000000});
    RateSource restarted(RateSpec(3, {1}), env);
    restarted.Open(end);
    CHECK(ReadAll(restarted, Offset{{"rows", 2}, {"start_us", kT0}}, end) ==
          std::vector<std::pair<int64_t, int64_t>>(rows.begin() + 2, rows.end()));
    CHECK(restarted.LatestOffset(end).at("rows") == 7 + 3 * 3600);
}

TEST_CASE("rate source rejects bad columns, options and offsets", "[rate]") {
    TestClock clock(kT0);
    SourceEnv env = TestEnv(&clock);
    SourceSpec spec = RateSpec(10);
    spec.schema[1].name = "timestamp";
    CHECK_THROWS_WITH(
        RateSource(spec, env),
        Catch::Contains("column 'timestamp' is not a rate column; the rate columns are: value BIGINT, "
                        "ts TIMESTAMP"));
    spec = RateSpec(10);
    spec.schema[0].type = ColumnType{SL_TYPE_INT, 0, 0};
    CHECK_THROWS_WITH(RateSource(spec, env),
                      Catch::Contains("column 'value' is declared INT, but rate.value is BIGINT"));
    CHECK_THROWS_WITH(RateSource(RateSpec(0), env), Catch::Contains("rows_per_second must be at least 1"));
    CHECK_THROWS_WITH(RateSource(RateSpec(10), SourceEnv{}), Catch::Contains("needs the query's clock"));

    RateSource source(RateSpec(10), env);
    SourceMetrics metrics;
    CHECK_THROWS_WITH(source.Read(Offset{{"rows", 0}, {"start_us", kT0}},
                                  Offset{{"rows", 5}, {"start_us", kT0 + 1}}, metrics),
                      Catch::Contains("do not bound a range of one timeline"));
    CHECK_THROWS_WITH(source.LatestOffset(Offset{{"events", 0}}), Catch::Contains("bad offset"));
}

TEST_CASE("rate source initial offset after a restart is the logged timeline's", "[rate]") {
    // Batch 0 was planned at t0 and crashed before its commit. The engine re-runs it from
    // InitialOffset() (there is no batch before it) to the logged end, with the clock much later now.
    TestClock clock(kT0);
    SourceEnv env = TestEnv(&clock);
    Offset logged_end;
    {
        RateSource first(RateSpec(10), env);
        first.Open(nullptr);
        Offset start = first.InitialOffset();
        clock.Advance(1000000);
        logged_end = first.LatestOffset(start);
    }
    clock.Advance(60 * 1000000);
    RateSource restarted(RateSpec(10), env);
    restarted.Open(logged_end);
    Offset start = restarted.InitialOffset();
    CHECK(start == Offset{{"rows", 0}, {"start_us", kT0}});
    CHECK(ReadAll(restarted, start, logged_end).size() == 11);
    // The same value every time it is asked.
    CHECK(restarted.InitialOffset() == start);
}

TEST_CASE("rate source AVAILABLE NOW ends at the rows due when it started", "[rate]") {
    TestClock clock(kT0);
    SourceEnv env = TestEnv(&clock);
    RateSource source(RateSpec(10), env);
    source.Open(nullptr);
    Offset start = source.InitialOffset();
    clock.Advance(500000);
    source.PrepareForAvailableNow();
    clock.Advance(10 * 1000000); // the batches take a while
    Offset end = source.LatestOffset(start);
    CHECK(end.at("rows") == 6);
    // Later plans find nothing new, so the trigger ends.
    clock.Advance(10 * 1000000);
    CHECK(source.LatestOffset(end) == end);
}
