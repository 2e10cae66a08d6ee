#include <catch2/catch.hpp>

#include <filesystem>
#include <set>

#include "engine_fakes.h"
#include "runtime/engine/streaming_query.h"

using namespace sluice::rt;
using namespace sluice::rt::testing;

namespace {

/// A query over one FakeInput and one FakeOutput, driven by a ManualClock.
struct Harness {
    TempDir tmp;
    ManualClock clock{1'000'000};
    std::shared_ptr<FakeInput> input = std::make_shared<FakeInput>();
    std::shared_ptr<FakeOutput> output = std::make_shared<FakeOutput>();
    std::shared_ptr<std::vector<std::string>> log = std::make_shared<std::vector<std::string>>();

    std::string Checkpoint() const { return tmp.Path("ck"); }
    QueryOptions Options() { return MakeOptions({{"events", input}}, output, &clock, log); }
    std::unique_ptr<StreamingQuery> Make(TriggerSpec trigger = {}, QueryOptions options = {},
                                         sl_pipeline_fn fn = PassThroughPipeline) {
        if (!options.source_factory)
            options = Options();
        return std::make_unique<StreamingQuery>(MakeSpec("q", Checkpoint(), trigger, fn), std::move(options));
    }
};

std::vector<int64_t> Ids(const std::vector<OutRow>& rows) {
    std::vector<int64_t> ids;
    for (const OutRow& r : rows)
        ids.push_back(r.id);
    return ids;
}

std::vector<int64_t> Range(int64_t from, int64_t to) {
    std::vector<int64_t> out;
    for (int64_t i = from; i < to; ++i)
        out.push_back(i);
    return out;
}

} // namespace

TEST_CASE("batches run as data arrives and are committed in order", "[engine]") {
    Harness h;
    h.input->AddRows(0, 5);
    auto q = h.Make();
    q->Start();
    q->ProcessAllAvailable();
    CHECK(h.output->CommittedIds() == std::vector<int64_t>{0});
    CHECK(Ids(h.output->AllRows()) == Range(0, 5));
    CHECK(q->LastCommittedBatchId() == 0);
    CHECK(q->CurrentBatchId() == 1);
    CHECK(q->IsActive());

    h.input->AddRows(5, 8);
    q->ProcessAllAvailable();
    CHECK(h.output->CommittedIds() == std::vector<int64_t>{0, 1});
    CHECK(Ids(h.output->committed.at(1)) == Range(5, 8));
    for (const OutRow& r : h.output->AllRows()) {
        CHECK(r.name == std::string("n").append(std::to_string(r.id)));
        CHECK(r.batch_ts == 1'000'000); // the manual clock did not move
    }
    CHECK(h.input->commits == std::vector<int64_t>{5, 8});
    CHECK(h.input->reads == std::vector<std::pair<int64_t, int64_t>>{{0, 5}, {5, 8}});

    q->Stop();
    CHECK_FALSE(q->IsActive());
    CHECK(q->termination() == Termination::Stopped);
    CHECK_FALSE(q->Error());
    CHECK(h.output->opens == 1);
    CHECK(h.output->closes == 1);

    auto offsets = ReadLogEntries(h.Checkpoint() + "/offsets.log");
    REQUIRE(offsets.size() == 2);
    CHECK(offsets[1] ==
          nlohmann::json::parse(
              R"({"batch_id":1,"batch_timestamp_us":1000000,"watermark_us":0,"sources":[{"rows":8}]})"));
    auto commits = ReadLogEntries(h.Checkpoint() + "/commits.log");
    CHECK(commits == std::vector<nlohmann::json>{{{"batch_id", 0}, {"next_watermark_us", 0}},
                                                 {{"batch_id", 1}, {"next_watermark_us", 0}}});
}

TEST_CASE("sources and the sink get their checkpoint directories", "[engine]") {
    Harness h;
    auto q = h.Make();
    q->Start();
    q->ProcessAllAvailable();
    q->Stop();
    CHECK(h.input->metadata_dirs == std::vector<std::string>{h.Checkpoint() + "/sources/0"});
    CHECK(h.output->metadata_dirs == std::vector<std::string>{h.Checkpoint() + "/sink"});
    CHECK(h.input->opened_with == std::vector<nlohmann::json>{nullptr});
}

TEST_CASE("a restart resumes after the last committed batch", "[engine][recovery]") {
    Harness h;
    h.input->AddRows(0, 4);
    std::string id;
    std::string run_id;
    {
        auto q = h.Make();
        q->Start();
        q->ProcessAllAvailable();
        q->Stop();
        id = q->Id();
        run_id = q->RunId();
    }
    h.input->AddRows(4, 6);
    auto q = h.Make();
    q->Start();
    q->ProcessAllAvailable();
    q->Stop();
    CHECK(q->Id() == id);
    CHECK(q->RunId() != run_id);
    CHECK(h.output->CommittedIds() == std::vector<int64_t>{0, 1});
    CHECK(Ids(h.output->AllRows()) == Range(0, 6));
    CHECK(h.input->opened_with.back() == nlohmann::json{{"rows", 4}});
}

TEST_CASE("an uncommitted batch is re-run with the same offsets and timestamp", "[engine][recovery]") {
    Harness h;
    h.input->AddRows(0, 5);
    {
        QueryOptions options = h.Options();
        options.crash_point = CrashPoint::AfterOffsetsLog;
        auto q = h.Make({}, options);
        q->Start();
        q->AwaitTermination();
        CHECK(q->termination() == Termination::Crashed);
        CHECK_FALSE(q->Error());
    }
    CHECK(h.output->NumCommitted() == 0);
    CHECK(h.output->closes == 0); // a crash does not clean up
    CHECK(ReadLogEntries(h.Checkpoint() + "/commits.log").empty());

    // New data and a later clock must not change the re-run batch.
    h.input->AddRows(5, 9);
    h.clock.AdvanceMillis(60'000);
    auto q = h.Make();
    q->Start();
    q->ProcessAllAvailable();
    q->Stop();
    REQUIRE(h.output->CommittedIds() == std::vector<int64_t>{0, 1});
    CHECK(Ids(h.output->committed.at(0)) == Range(0, 5));
    for (const OutRow& r : h.output->committed.at(0))
        CHECK(r.batch_ts == 1'000'000);
    CHECK(Ids(h.output->committed.at(1)) == Range(5, 9));
    for (const OutRow& r : h.output->committed.at(1))
        CHECK(r.batch_ts == 61'000'000);
    // The re-run batch was not planned again: its source was opened at its logged end.
    CHECK(h.input->opened_with.back() == nlohmann::json{{"rows", 5}});
    auto offsets = ReadLogEntries(h.Checkpoint() + "/offsets.log");
    REQUIRE(offsets.size() == 2);
    CHECK(offsets[0]["batch_timestamp_us"] == 1'000'000);
}

TEST_CASE("every crash point leads to exactly-once output after a restart", "[engine][recovery]") {
    auto point = GENERATE(CrashPoint::AfterOffsetsLog, CrashPoint::BeforeSinkCommit,
                          CrashPoint::AfterSinkCommit, CrashPoint::AfterCommitLog);
    CAPTURE(CrashPointName(point));
    Harness h;
    h.input->AddRows(0, 10);
    h.input->max_rows_per_batch = 4;
    h.input->finite = true;
    {
        QueryOptions options = h.Options();
        options.crash_point = point;
        options.crash_batch_id = 1;
        auto q = h.Make({}, options);
        q->Start();
        q->AwaitTermination();
        REQUIRE(q->termination() == Termination::Crashed);
    }
    const bool sink_has_batch_1 = point == CrashPoint::AfterSinkCommit || point == CrashPoint::AfterCommitLog;
    CHECK(h.output->CommittedIds() ==
          (sink_has_batch_1 ? std::vector<int64_t>{0, 1} : std::vector<int64_t>{0}));
    if (point == CrashPoint::BeforeSinkCommit)
        CHECK(Ids(h.output->in_progress) == Range(4, 8)); // written, never committed

    auto q = h.Make();
    q->Start();
    q->AwaitTermination();
    CHECK(q->termination() == Termination::SourcesExhausted);
    CHECK_FALSE(q->Error());
    CHECK(h.output->CommittedIds() == std::vector<int64_t>{0, 1, 2});
    CHECK(Ids(h.output->AllRows()) == Range(0, 10));
    CHECK(Ids(h.output->committed.at(1)) == Range(4, 8));
    if (point == CrashPoint::AfterSinkCommit)
        CHECK(h.output->skipped == std::vector<int64_t>{1});
    else
        CHECK(h.output->skipped.empty());
    // The sink saw batch 1 begin twice only when the crash came after its first BeginBatch and
    // before the commit entry; after AfterCommitLog batch 1 is not re-run at all.
    const bool begun_twice = point == CrashPoint::BeforeSinkCommit || point == CrashPoint::AfterSinkCommit;
    CHECK(std::count(h.output->begins.begin(), h.output->begins.end(), 1) == (begun_twice ? 2 : 1));
    auto commits = ReadLogEntries(h.Checkpoint() + "/commits.log");
    CHECK(commits.size() == 3);
}

TEST_CASE("a batch the sink already holds reports its input without reading it", "[engine][recovery]") {
    Harness h;
    h.input->AddRows(0, 6);
    {
        QueryOptions options = h.Options();
        options.crash_point = CrashPoint::AfterSinkCommit;
        auto q = h.Make({}, options);
        q->Start();
        q->AwaitTermination();
    }
    const size_t reads_before = h.input->reads.size();
    auto q = h.Make();
    q->Start();
    q->ProcessAllAvailable();
    q->Stop();
    CHECK(h.input->reads.size() == reads_before);
    auto progress = q->RecentProgress();
    REQUIRE(progress.size() == 1);
    CHECK(progress[0].batch_id == 0);
    CHECK(progress[0].num_input_rows == 6); // from CountRows
    CHECK(progress[0].sink.num_output_rows == 0);
    CHECK(h.input->commits == std::vector<int64_t>{6});
}

TEST_CASE("max_batches stops the query and a restart continues", "[engine]") {
    Harness h;
    h.input->AddRows(0, 10);
    h.input->max_rows_per_batch = 2;
    {
        QueryOptions options = h.Options();
        options.max_batches = 3;
        auto q = h.Make({}, options);
        q->Start();
        REQUIRE(q->AwaitTermination(std::chrono::seconds(10)));
        CHECK(q->termination() == Termination::MaxBatches);
        CHECK(h.output->closes == 1);
    }
    CHECK(h.output->CommittedIds() == std::vector<int64_t>{0, 1, 2});
    CHECK(Ids(h.output->AllRows()) == Range(0, 6));
    QueryOptions options = h.Options();
    options.max_batches = 0;
    auto q = h.Make({}, options);
    q->Start();
    q->AwaitTermination();
    CHECK(q->termination() == Termination::MaxBatches);
    CHECK(h.output->NumCommitted() == 3);
}

TEST_CASE("Stop lets the batch in progress finish and starts no other", "[engine]") {
    Harness h;
    h.input->AddRows(0, 10);
    h.input->max_rows_per_batch = 5;
    std::mutex mu;
    std::condition_variable cv;
    bool in_read = false, release = false;
    h.input->on_read = [&] {
        std::unique_lock<std::mutex> lock(mu);
        in_read = true;
        cv.notify_all();
        cv.wait(lock, [&] { return release; });
    };
    auto q = h.Make();
    q->Start();
    {
        std::unique_lock<std::mutex> lock(mu);
        REQUIRE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return in_read; }));
    }
    q->RequestStop();
    CHECK_FALSE(q->AwaitTermination(std::chrono::milliseconds(50))); // still inside batch 0
    {
        std::lock_guard<std::mutex> lock(mu);
        release = true;
    }
    cv.notify_all();
    q->Stop();
    CHECK(q->termination() == Termination::Stopped);
    CHECK(h.output->CommittedIds() == std::vector<int64_t>{0});
    CHECK(Ids(h.output->AllRows()) == Range(0, 5));
    CHECK(ReadLogEntries(h.Checkpoint() + "/commits.log").size() == 1);
    CHECK(ReadLogEntries(h.Checkpoint() + "/offsets.log").size() == 1);
}

TEST_CASE("a query stops by itself when its sources are exhausted", "[engine]") {
    Harness h;
    h.input->AddRows(0, 5);
    h.input->max_rows_per_batch = 2;
    h.input->finite = true;
    auto q = h.Make();
    q->Start();
    REQUIRE(q->AwaitTermination(std::chrono::seconds(10)));
    CHECK(q->termination() == Termination::SourcesExhausted);
    CHECK(h.output->CommittedIds() == std::vector<int64_t>{0, 1, 2});
    CHECK(Ids(h.output->AllRows()) == Range(0, 5));
}

TEST_CASE("a pipeline error names the query, batch, operator and input row", "[engine][errors]") {
    Harness h;
    h.input->AddRows(0, 3);
    {
        std::lock_guard<std::mutex> lock(h.input->mu);
        h.input->rows.emplace_back(-7, "bad");
        h.input->chunk_rows = 2; // the bad row is row 1 of the second chunk
    }
    h.input->AddRows(4, 6);
    const std::string expected =
        "query 'q' failed in batch 0 at operator #3 (Filter (price > 100)): arithmetic "
        "overflow (price * 1000) \u2014 input: fake row 3";
    {
        auto q = h.Make({}, {}, OverflowOnNegativePipeline);
        q->Start();
        q->AwaitTermination();
        CHECK(q->termination() == Termination::Failed);
        REQUIRE(q->Error());
        CHECK(std::string(q->Error()->what()) == expected);
        CHECK_THROWS_WITH(q->ProcessAllAvailable(), expected);
    }
    CHECK(h.output->NumCommitted() == 0);
    CHECK(h.output->closes == 1);
    CHECK(ReadLogEntries(h.Checkpoint() + "/commits.log").empty());
    // The batch is re-run after a restart and fails the same way: the input did not change.
    auto q = h.Make({}, {}, OverflowOnNegativePipeline);
    q->Start();
    q->AwaitTermination();
    REQUIRE(q->Error());
    CHECK(std::string(q->Error()->what()) == expected);
}

TEST_CASE("source and sink failures name the query and the batch", "[engine][errors]") {
    Harness h;
    h.input->AddRows(0, 3);
    h.input->read_error = "file data/a.csv, line 3: bad value 'x' for column price";
    auto q = h.Make();
    q->Start();
    q->AwaitTermination();
    REQUIRE(q->Error());
    CHECK(std::string(q->Error()->what()) ==
          "query 'q' failed in batch 0: file data/a.csv, line 3: bad value 'x' for column price");
}

TEST_CASE("start-up errors name the query", "[engine][errors]") {
    Harness h;
    SECTION("continuous trigger") {
        auto q = h.Make({TriggerKind::Continuous, 1000});
        q->Start();
        q->AwaitTermination();
        REQUIRE(q->Error());
        CHECK_THAT(q->Error()->what(), Catch::StartsWith("query 'q': ") && Catch::Contains("CONTINUOUS") &&
                                           Catch::Contains("not supported yet"));
        CHECK(h.output->opens == 0);
    }
    SECTION("a changed fixed setting") {
        {
            auto q = h.Make();
            q->Start();
            q->Stop();
        }
        QuerySpec spec = MakeSpec("q", h.Checkpoint());
        spec.sink.settings.Set("state_partitions", 16);
        StreamingQuery q(spec, h.Options());
        q.Start();
        q.AwaitTermination();
        REQUIRE(q.Error());
        CHECK_THAT(q.Error()->what(), Catch::StartsWith("query 'q': ") &&
                                          Catch::Contains("'state_partitions'") && Catch::Contains("8") &&
                                          Catch::Contains("16"));
    }
    SECTION("a pipeline without a function") {
        auto q = h.Make({}, {}, nullptr);
        q->Start();
        q->AwaitTermination();
        REQUIRE(q->Error());
        CHECK_THAT(q->Error()->what(),
                   Catch::Contains("pipeline #1") && Catch::Contains("no compiled function"));
    }
}

TEST_CASE("static inputs are not read as streams", "[engine]") {
    Harness h;
    h.input->AddRows(0, 3);
    QuerySpec spec = MakeSpec("q", h.Checkpoint());
    SourceSpec table;
    table.name = "users";
    table.connector = "file";
    table.is_static = true;
    spec.sources.insert(spec.sources.begin(), table);
    spec.pipelines[0].source = 1;
    StreamingQuery q(spec, h.Options()); // the factory throws for 'users'
    q.Start();
    q.ProcessAllAvailable();
    q.Stop();
    CHECK_FALSE(q.Error());
    CHECK(Ids(h.output->AllRows()) == Range(0, 3));
    auto offsets = ReadLogEntries(h.Checkpoint() + "/offsets.log");
    REQUIRE(offsets.size() == 1);
    CHECK(offsets[0]["sources"] == nlohmann::json::parse(R"([null, {"rows": 3}])"));
    CHECK(h.input->metadata_dirs == std::vector<std::string>{h.Checkpoint() + "/sources/1"});
}

TEST_CASE("a query without a checkpoint runs but keeps nothing", "[engine]") {
    ManualClock clock;
    auto input = std::make_shared<FakeInput>();
    auto output = std::make_shared<FakeOutput>();
    input->AddRows(0, 3);
    input->finite = true;
    StreamingQuery q(MakeSpec("q", ""), MakeOptions({{"events", input}}, output, &clock));
    q.Start();
    q.AwaitTermination();
    CHECK_FALSE(q.Error());
    CHECK(Ids(output->AllRows()) == Range(0, 3));
    CHECK(input->metadata_dirs == std::vector<std::string>{""});
    CHECK(output->metadata_dirs == std::vector<std::string>{""});
}

TEST_CASE("several pipelines of one query write to the same batch", "[engine]") {
    Harness h;
    h.input->AddRows(0, 4);
    QuerySpec spec = MakeSpec("q", h.Checkpoint());
    spec.pipelines.push_back(PipelineSpec::SourceToSink(2, 0, "pipeline_2", EvenIdsPipeline));
    StreamingQuery q(spec, h.Options());
    q.Start();
    q.ProcessAllAvailable();
    q.Stop();
    CHECK(Ids(h.output->committed.at(0)) == std::vector<int64_t>{0, 1, 2, 3, 0, 2});
    CHECK(q.LastProgress()->num_input_rows == 8); // each pipeline scans its source, as Spark counts scans
    CHECK(q.LastProgress()->sink.num_output_rows == 6);
}
