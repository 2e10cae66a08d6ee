// The engine with real connectors where recovery and ownership depend on both: the rate source's
// timeline across a crash in batch 0, AVAILABLE NOW on a rate source, and the file sink and checkpoint
// directories that belong to one query.

#include <catch2/catch.hpp>

#include <filesystem>

#include "engine_fakes.h"
#include "runtime/engine/streaming_query.h"
#include "runtime/sinks/file/file_sink.h"

using namespace sluice::rt;
using namespace sluice::rt::testing;
namespace fs = std::filesystem;

namespace {

void SetValid(sl_column& column, int64_t row) {
    column.valid[row >> 3] |= static_cast<uint8_t>(1u << (row & 7));
}

/// Reads a rate source's (value, ts) rows into OutputSchema(): id = value, name = "", batch id and
/// timestamp from the context.
int32_t RatePipeline(sl_ctx* ctx, const sl_batch* in, sl_batch* out) {
    const auto* values = static_cast<const int64_t*>(in->columns[0].values);
    for (int64_t r = 0; r < in->num_rows; ++r) {
        const int64_t o = out->num_rows;
        static_cast<int64_t*>(out->columns[0].values)[o] = values[r];
        static_cast<sl_str*>(out->columns[1].values)[o] = Batch::ViewString("", 0);
        static_cast<int64_t*>(out->columns[2].values)[o] = sl_rt_ctx_batch_id(ctx);
        static_cast<int64_t*>(out->columns[3].values)[o] = sl_rt_ctx_batch_timestamp(ctx);
        for (int c = 0; c < 4; ++c)
            SetValid(out->columns[c], o);
        out->num_rows = o + 1;
    }
    return SL_OK;
}

/// A query reading a real rate source into a FakeSink.
QuerySpec RateSpec(const std::string& checkpoint, TriggerSpec trigger = {}) {
    QuerySpec spec = MakeSpec("q", checkpoint, trigger, RatePipeline);
    SourceSpec& source = spec.sources[0];
    source.name = "ticks";
    source.connector = "rate";
    source.options = Options({{"rows_per_second", 10}});
    source.schema = {{"value", {SL_TYPE_BIGINT, 0, 0}}, {"ts", {SL_TYPE_TIMESTAMP, 0, 0}}};
    source.projection = {0, 1};
    return spec;
}

/// Options with the real source connectors and a FakeSink.
QueryOptions RealSources(std::shared_ptr<FakeOutput> output, Clock* clock,
                         std::shared_ptr<std::vector<std::string>> log = nullptr) {
    QueryOptions options = MakeOptions({}, std::move(output), clock, std::move(log));
    options.source_factory = nullptr;
    return options;
}

std::string ErrorOf(StreamingQuery& q) {
    q.AwaitTermination();
    auto error = q.Error();
    return error ? error->what() : "";
}

} // namespace

TEST_CASE("a rate source that crashed in batch 0 resumes on the timeline batch 0 was planned on",
          "[engine][recovery][rate]") {
    TempDir tmp;
    ManualClock clock(1'000'000);
    auto output = std::make_shared<FakeOutput>();
    {
        QueryOptions options = RealSources(output, &clock);
        options.crash_point = CrashPoint::AfterOffsetsLog;
        StreamingQuery q(RateSpec(tmp.Path("ck")), options);
        q.Start();
        q.AwaitTermination();
        REQUIRE(q.termination() == Termination::Crashed);
    }
    // The restart comes a minute later: a start offset stamped from the clock now would not bound a
    // range of the logged batch's timeline, and the checkpoint could never be recovered.
    clock.AdvanceMillis(60'000);
    StreamingQuery q(RateSpec(tmp.Path("ck")), RealSources(output, &clock));
    q.Start();
    q.ProcessAllAvailable();
    q.Stop();
    CHECK_FALSE(q.Error());
    REQUIRE(output->NumCommitted() >= 1);
    // Batch 0 is exactly what was planned: row 0, due at the start.
    REQUIRE(output->committed.at(0).size() == 1);
    CHECK(output->committed.at(0)[0].id == 0);
    CHECK(output->committed.at(0)[0].batch_ts == 1'000'000);
}

TEST_CASE("AVAILABLE NOW on a rate source ends", "[engine][rate]") {
    TempDir tmp;
    ManualClock clock(1'000'000);
    auto output = std::make_shared<FakeOutput>();
    // Every batch takes a second of the query's clock, so new rows are always due by the next plan.
    output->on_commit = [&](int64_t) { clock.AdvanceMillis(1000); };
    StreamingQuery q(RateSpec(tmp.Path("ck"), {TriggerKind::AvailableNow}), RealSources(output, &clock));
    q.Start();
    const bool ended = q.AwaitTermination(std::chrono::seconds(10));
    if (!ended)
        q.Stop();
    REQUIRE(ended);
    CHECK(q.termination() == Termination::TriggerFinished);
    CHECK(output->CommittedIds() == std::vector<int64_t>{0});
}

TEST_CASE("sources' notices go to the query's log", "[engine]") {
    TempDir tmp;
    ManualClock clock(0);
    auto output = std::make_shared<FakeOutput>();
    auto log = std::make_shared<std::vector<std::string>>();
    auto input = std::make_shared<FakeInput>();
    QueryOptions options = MakeOptions({}, output, &clock, log);
    options.source_factory = [input](const SourceSpec&, const SourceEnv& env) -> std::unique_ptr<Source> {
        env.log("warning: cannot clean up something");
        return std::make_unique<FakeSource>(input);
    };
    StreamingQuery q(MakeSpec("q", tmp.Path("ck")), options);
    q.Start();
    q.ProcessAllAvailable();
    q.Stop();
    CHECK(std::find(log->begin(), log->end(), "query 'q': warning: cannot clean up something") != log->end());
}

TEST_CASE("a file sink directory belongs to the query of one checkpoint", "[engine][file_sink]") {
    TempDir tmp;
    ManualClock clock(0);
    auto input = std::make_shared<FakeInput>();
    input->AddRows(0, 3);
    auto output = std::make_shared<FakeOutput>();
    auto file_query = [&](const std::string& checkpoint) {
        QuerySpec spec = MakeSpec("q", checkpoint);
        spec.sink.connector = "file";
        spec.sink.format = "csv";
        spec.sink.options.Set("path", tmp.Path("out"));
        QueryOptions options = MakeOptions({{"events", input}}, output, &clock);
        options.sink_factory = nullptr; // the real file sink
        return std::make_unique<StreamingQuery>(spec, options);
    };
    {
        auto q = file_query(tmp.Path("ck"));
        q->Start();
        q->ProcessAllAvailable();
        q->Stop();
        REQUIRE_FALSE(q->Error());
    }
    REQUIRE(fs::exists(tmp.Path("out") + "/part-00000000.csv"));

    SECTION("the same checkpoint carries on") {
        input->AddRows(3, 5);
        auto q = file_query(tmp.Path("ck"));
        q->Start();
        q->ProcessAllAvailable();
        q->Stop();
        CHECK_FALSE(q->Error());
        CHECK(fs::exists(tmp.Path("out") + "/part-00000001.csv"));
    }
    SECTION("a new checkpoint (the old one deleted) is refused, not skipped") {
        fs::remove_all(tmp.Path("ck"));
        auto q = file_query(tmp.Path("ck"));
        q->Start();
        CHECK_THAT(ErrorOf(*q), Catch::Contains("output directory '" + tmp.Path("out") +
                                                "' was written by another query"));
    }
    SECTION("a query without a checkpoint is a new query at every run") {
        auto q = file_query("");
        q->Start();
        CHECK_THAT(ErrorOf(*q), Catch::Contains("was written by another query"));
    }
}

TEST_CASE("two running queries cannot share a checkpoint or an output directory", "[engine][file_sink]") {
    TempDir tmp;
    ManualClock clock(0);
    auto input = std::make_shared<FakeInput>();
    auto output = std::make_shared<FakeOutput>();
    auto query = [&](const std::string& checkpoint, bool file_sink) {
        QuerySpec spec = MakeSpec("q", checkpoint);
        QueryOptions options = MakeOptions({{"events", input}}, output, &clock);
        if (file_sink) {
            spec.sink.connector = "file";
            spec.sink.format = "csv";
            spec.sink.options.Set("path", tmp.Path("out"));
            options.sink_factory = nullptr;
        }
        return std::make_unique<StreamingQuery>(spec, options);
    };
    auto first = query(tmp.Path("ck"), true);
    first->Start();
    first->ProcessAllAvailable();

    auto same_checkpoint = query(tmp.Path("ck"), false);
    same_checkpoint->Start();
    CHECK_THAT(ErrorOf(*same_checkpoint),
               Catch::Contains("checkpoint '" + tmp.Path("ck") + "' is in use by another query"));

    auto same_output = query(tmp.Path("ck2"), true);
    same_output->Start();
    CHECK_THAT(ErrorOf(*same_output),
               Catch::Contains("output directory '" + tmp.Path("out") + "' is in use by another query"));

    CHECK(first->IsActive());
    first->Stop();
    CHECK_FALSE(first->Error());
}
