#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "runtime/common/value_format.h"
#include "runtime/formats/cell_text.h"
#include "runtime/sources/nexmark/nexmark_source.h"

using namespace sluice::rt;

namespace {

SourceEnv TestEnv(const Clock* clock, int64_t chunk_rows = 8192) {
    SourceEnv env;
    env.query_name = "q";
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
    void Set(int64_t now) { now_ = now; }

private:
    int64_t now_;
};

ColumnSchema Column(const std::string& name, sl_type_id type) {
    return {name, ColumnType{type, 0, 0}};
}

SourceSpec BidSpec(std::map<std::string, nlohmann::json> options) {
    SourceSpec spec;
    spec.name = "bids";
    spec.connector = "nexmark";
    options.emplace("kind", "bid");
    spec.options = Options(std::move(options));
    spec.schema = {Column("Auction", SL_TYPE_BIGINT), Column("price", SL_TYPE_BIGINT),
                   Column("date_time", SL_TYPE_TIMESTAMP), Column("channel", SL_TYPE_STRING)};
    spec.projection = {2, 0, 1};
    return spec;
}

int64_t Events(const Offset& offset) {
    return offset.at("events").get<int64_t>();
}

int64_t Micros(const char* text) {
    int64_t t = 0;
    REQUIRE(ParseTimestamp(text, &t));
    return t;
}

} // namespace

TEST_CASE("nexmark source checks declared columns against the kind", "[nexmark]") {
    TestClock clock(0);
    SourceEnv env = TestEnv(&clock);
    SourceSpec spec = BidSpec({});
    spec.schema.push_back(Column("ts", SL_TYPE_TIMESTAMP));
    CHECK_THROWS_WITH(
        NexmarkSource(spec, env),
        Catch::Contains("nexmark source 'bids': column 'ts' is not a bid column") &&
            Catch::Contains("auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING, "
                            "date_time TIMESTAMP, extra STRING"));
    spec = BidSpec({});
    spec.schema[1].type = ColumnType{SL_TYPE_STRING, 0, 0};
    CHECK_THROWS_WITH(NexmarkSource(spec, env),
                      Catch::Contains("column 'price' is declared STRING, but bid.price is BIGINT"));
    spec = BidSpec({{"kind", "bidz"}});
    spec.options.Set("kind", "bidz");
    CHECK_THROWS_WITH(NexmarkSource(spec, env),
                      Catch::Contains("kind 'bidz' is not one of bid, auction, person"));
    CHECK_THROWS_WITH(NexmarkSource(BidSpec({{"base_time", "yesterday"}}), env),
                      Catch::Contains("base_time 'yesterday' is not a timestamp"));
    CHECK_THROWS_WITH(NexmarkSource(BidSpec({{"rate", 0}}), env), Catch::Contains("rate must be at least 1"));
    CHECK_THROWS_WITH(NexmarkSource(BidSpec({{"real_time", true}}), SourceEnv{}),
                      Catch::Contains("real_time needs the query's clock"));
    CHECK(NexmarkSource(BidSpec({}), env).Description() == "NexmarkSource[bid]");
}

TEST_CASE("nexmark source reads projected columns of the planned range", "[nexmark]") {
    TestClock clock(0);
    SourceEnv env = TestEnv(&clock, 100);
    SourceSpec spec = BidSpec({{"events", 1000}, {"seed", 9}});
    NexmarkSource source(spec, env);
    SourceMetrics metrics;
    auto reader = source.Read(Offset{{"events", 0}}, Offset{{"events", 500}}, metrics);
    NexmarkGenerator reference(NexmarkConfig{.seed = 9});
    int64_t rows = 0;
    while (BatchPtr chunk = reader->Next()) {
        REQUIRE(chunk->num_columns() == 3);
        CHECK(chunk->schema()[0].name == "date_time");
        CHECK(chunk->schema()[1].name == "Auction");
        CHECK(chunk->num_rows() <= 100);
        for (int64_t r = 0; r < chunk->num_rows(); ++r, ++rows) {
            int64_t event = NexmarkGenerator::EventOfKind(NexmarkKind::Bid, rows);
            NexmarkBid bid = reference.Bid(event);
            REQUIRE(chunk->Values<int64_t>(0)[r] == bid.date_time);
            REQUIRE(chunk->Values<int64_t>(1)[r] == bid.auction);
            REQUIRE(chunk->Values<int64_t>(2)[r] == bid.price);
            if (r == 0)
                CHECK(reader->DescribeRow(r) == "nexmark event " + std::to_string(event));
        }
    }
    CHECK(rows == 460);
    CHECK(source.CountRows(Offset{{"events", 0}}, Offset{{"events", 500}}) == 460);
    CHECK(source.CountRows(Offset{{"events", 50}}, Offset{{"events", 54}}) == 0);
    CHECK_THROWS_WITH(source.Read(Offset{{"rows", 1}}, Offset{{"events", 2}}, metrics),
                      Catch::Contains("bad offset"));
}

TEST_CASE("nexmark source offsets, rate limits and exhaustion", "[nexmark]") {
    TestClock clock(0);
    SourceEnv env = TestEnv(&clock);
    NexmarkSource source(BidSpec({{"events", 1000}, {"max_events_per_trigger", 300}}), env);
    source.Open(nullptr);
    Offset at = source.InitialOffset();
    CHECK(Events(at) == 0);
    std::vector<int64_t> ends;
    for (int i = 0; i < 5; ++i) {
        at = source.LatestOffset(at);
        ends.push_back(Events(at));
    }
    CHECK(ends == std::vector<int64_t>{300, 600, 900, 1000, 1000});
    CHECK(source.Exhausted(at));
    CHECK_FALSE(source.Exhausted(Offset{{"events", 999}}));

    NexmarkSource once(BidSpec({{"events", 1000}, {"max_events_per_trigger", 300}}), env);
    once.IgnoreRateLimits();
    CHECK(Events(once.LatestOffset(Offset{{"events", 0}})) == 1000);

    // Unbounded and not real time: the per-trigger limit is the only bound, even for TRIGGER ONCE.
    NexmarkSource unbounded(BidSpec({{"max_events_per_trigger", 250}}), env);
    unbounded.IgnoreRateLimits();
    CHECK(Events(unbounded.LatestOffset(Offset{{"events", 100}})) == 350);
    CHECK_FALSE(unbounded.Exhausted(Offset{{"events", 1000000000}}));
}

TEST_CASE("nexmark source in real time releases events as the clock reaches them", "[nexmark]") {
    int64_t base = Micros("2026-01-01 00:00:00");
    TestClock clock(base - 1);
    SourceEnv env = TestEnv(&clock);
    NexmarkSource source(BidSpec({{"rate", 1000}, {"real_time", true}, {"max_events_per_trigger", 5000}}),
                         env);
    Offset start = source.InitialOffset();
    CHECK(Events(source.LatestOffset(start)) == 0);
    clock.Set(base);
    CHECK(Events(source.LatestOffset(start)) == 1);
    clock.Set(base + 999);
    CHECK(Events(source.LatestOffset(start)) == 1);
    clock.Set(base + 1000);
    CHECK(Events(source.LatestOffset(start)) == 2);
    clock.Set(base + 1000000);
    CHECK(Events(source.LatestOffset(start)) == 1001);
    clock.Set(base + 10 * 1000000);
    CHECK(Events(source.LatestOffset(start)) == 5000); // the per-trigger limit still applies
    CHECK(Events(source.LatestOffset(Offset{{"events", 8000}})) == 10001);
    // A clock that goes back never moves an offset backwards.
    clock.Set(base);
    CHECK(Events(source.LatestOffset(Offset{{"events", 8000}})) == 8000);
}

TEST_CASE("nexmark source AVAILABLE NOW fixes the end when it starts", "[nexmark]") {
    int64_t base = Micros("2026-01-01 00:00:00");
    TestClock clock(base + 2 * 1000000);
    SourceEnv env = TestEnv(&clock);

    SECTION("real time: the events due at the start") {
        NexmarkSource source(BidSpec({{"rate", 1000}, {"real_time", true}, {"max_events_per_trigger", 1500}}),
                             env);
        source.Open(nullptr);
        source.InitialOffset();
        source.PrepareForAvailableNow();
        clock.Set(base + 60 * 1000000);
        CHECK(Events(source.LatestOffset(Offset{{"events", 0}})) == 1500);
        CHECK(Events(source.LatestOffset(Offset{{"events", 1500}})) == 2001);
        CHECK(Events(source.LatestOffset(Offset{{"events", 2001}})) == 2001);
    }
    SECTION("bounded: all the events") {
        NexmarkSource source(BidSpec({{"events", 700}, {"max_events_per_trigger", 500}}), env);
        source.Open(nullptr);
        source.PrepareForAvailableNow();
        CHECK(Events(source.LatestOffset(Offset{{"events", 0}})) == 500);
        CHECK(Events(source.LatestOffset(Offset{{"events", 500}})) == 700);
    }
    SECTION("unbounded, not real time: one trigger's worth past the resumed position") {
        NexmarkSource source(BidSpec({{"max_events_per_trigger", 400}}), env);
        source.Open(Offset{{"events", 1000}});
        source.PrepareForAvailableNow();
        CHECK(Events(source.LatestOffset(Offset{{"events", 1000}})) == 1400);
        CHECK(Events(source.LatestOffset(Offset{{"events", 1400}})) == 1400);
    }
}
