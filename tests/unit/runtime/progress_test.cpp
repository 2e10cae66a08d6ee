#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "engine_fakes.h"
#include "runtime/engine/progress.h"
#include "runtime/engine/progress_listener.h"
#include "runtime/engine/streaming_query.h"

using namespace sluice::rt;
using namespace sluice::rt::testing;

namespace {

constexpr int64_t kMs = 1000;

/// Records everything a listener is told.
struct RecordingListener : ProgressListener {
    std::mutex mu;
    std::vector<std::string> events;
    std::vector<QueryProgress> progress;
    void OnQueryStarted(const QueryStartedEvent& e) override {
        std::lock_guard<std::mutex> lock(mu);
        events.push_back("started " + e.name);
    }
    void OnQueryProgress(const QueryProgress& p) override {
        std::lock_guard<std::mutex> lock(mu);
        events.push_back("progress " + std::to_string(p.batch_id));
        progress.push_back(p);
    }
    void OnQueryTerminated(const QueryTerminatedEvent& e) override {
        std::lock_guard<std::mutex> lock(mu);
        events.push_back("terminated " + e.name + (e.error ? " with error" : ""));
    }
};

} // namespace

TEST_CASE("ISO-8601 timestamps as Spark prints them", "[progress]") {
    CHECK(FormatIsoTimestamp(0) == "1970-01-01T00:00:00.000Z");
    CHECK(FormatIsoTimestamp(1'767'225'600'123'456) == "2026-01-01T00:00:00.123Z");
    CHECK(FormatIsoTimestamp(-1) == "1969-12-31T23:59:59.999Z");
}

TEST_CASE("a progress record per batch with Spark's fields", "[progress]") {
    TempDir tmp;
    ManualClock clock(1'767'225'600'000'000); // 2026-01-01
    auto input = std::make_shared<FakeInput>();
    auto output = std::make_shared<FakeOutput>();
    input->AddRows(0, 10);
    input->max_rows_per_batch = 6;
    input->clock = &clock;
    input->read_advance_ms = 500; // reading takes half a second of the query's clock
    auto listener = std::make_shared<RecordingListener>();
    QueryOptions options = MakeOptions({{"events", input}}, output, &clock);
    options.listeners.push_back(listener);
    std::string id;
    {
        StreamingQuery q(MakeSpec("q", tmp.Path("ck"), {}, EvenIdsPipeline), options);
        q.Start();
        // Two batches of 0.5 s each, then the poll at 1.01 s finds nothing.
        REQUIRE(clock.AwaitSleeper(1'767'225'601'010'000));
        q.Stop();
        id = q.Id();
        auto progress = q.RecentProgress();
        REQUIRE(progress.size() == 2);
        CHECK(q.LastProgress()->batch_id == 1);

        const QueryProgress& p0 = progress[0];
        CHECK(p0.id == id);
        CHECK(p0.run_id == q.RunId());
        CHECK(p0.name == "q");
        CHECK(p0.batch_id == 0);
        CHECK(p0.timestamp_us == 1'767'225'600'000'000);
        CHECK(p0.batch_duration_ms == 500);
        CHECK(p0.num_input_rows == 6);
        CHECK(p0.input_rows_per_second == 0); // first trigger: no previous one to measure from
        CHECK(p0.processed_rows_per_second == Approx(12.0));
        CHECK(p0.duration_ms.at("getBatch") == 500);
        CHECK(p0.duration_ms.at("triggerExecution") == 500);
        for (const char* phase : {"latestOffset", "walCommit", "queryPlanning", "addBatch", "commitOffsets"})
            CHECK(p0.duration_ms.count(phase) == 1);
        CHECK(p0.event_time.empty());
        CHECK(p0.state_operators == nlohmann::json::array());
        REQUIRE(p0.sources.size() == 1);
        CHECK(p0.sources[0].description == "FakeSource[test]");
        CHECK(p0.sources[0].start_offset == nlohmann::json{{"rows", 0}});
        CHECK(p0.sources[0].end_offset == nlohmann::json{{"rows", 6}});
        CHECK(p0.sources[0].latest_offset == nlohmann::json{{"rows", 6}});
        CHECK(p0.sources[0].num_input_rows == 6);
        CHECK(p0.sources[0].metrics.rows_skipped == 1);
        CHECK(p0.sink.description == "FakeSink[test]");
        CHECK(p0.sink.num_output_rows == 3); // ids 0, 2, 4

        // Batch 1 started when batch 0 ended, 0.5 s after batch 0 started.
        const QueryProgress& p1 = progress[1];
        CHECK(p1.timestamp_us == 1'767'225'600'500'000);
        CHECK(p1.num_input_rows == 4);
        CHECK(p1.input_rows_per_second == Approx(8.0));
        CHECK(p1.sources[0].start_offset == nlohmann::json{{"rows", 6}});
        CHECK(p1.sink.num_output_rows == 2);
        CHECK(p1.notes.empty());

        nlohmann::ordered_json j = p0.ToJson();
        std::vector<std::string> keys;
        for (const auto& [key, value] : j.items())
            keys.push_back(key);
        CHECK(keys == std::vector<std::string>{"id", "runId", "name", "timestamp", "batchId", "batchDuration",
                                               "numInputRows", "inputRowsPerSecond", "processedRowsPerSecond",
                                               "durationMs", "eventTime", "stateOperators", "sources",
                                               "sink"});
        CHECK(j["timestamp"] == "2026-01-01T00:00:00.000Z");
        CHECK(j["sources"][0]["endOffset"]["rows"] == 6);
        CHECK(j["sources"][0]["metrics"] ==
              nlohmann::ordered_json{{"numRowsSkipped", 1}, {"numRowsDeadLetter", 0}});
        CHECK(j["sink"]["numOutputRows"] == 3);
        CHECK(j["durationMs"]["triggerExecution"] == 500);
    }
    CHECK(listener->events ==
          std::vector<std::string>{"started q", "progress 0", "progress 1", "terminated q"});

    // The query id survives a restart; recovery notes reach the first record of the run.
    {
        std::ofstream(tmp.Path("ck/commits.log"), std::ios::app | std::ios::binary)
            << std::string("\x09\x00", 2);
    }
    input->AddRows(10, 12);
    StreamingQuery q(MakeSpec("q", tmp.Path("ck"), {}, EvenIdsPipeline), options);
    q.Start();
    q.ProcessAllAvailable();
    q.Stop();
    auto last = q.LastProgress();
    REQUIRE(last);
    CHECK(last->id == id);
    CHECK(last->batch_id == 2);
    REQUIRE(last->notes.size() == 1);
    CHECK_THAT(last->notes[0], Catch::Contains("commits.log"));
    CHECK(last->ToJson()["notes"].size() == 1);
}

TEST_CASE("RecentProgress keeps the configured number of records", "[progress]") {
    TempDir tmp;
    ManualClock clock;
    auto input = std::make_shared<FakeInput>();
    auto output = std::make_shared<FakeOutput>();
    input->AddRows(0, 10);
    input->max_rows_per_batch = 1;
    input->finite = true;
    QueryOptions options = MakeOptions({{"events", input}}, output, &clock);
    options.progress_retention = 3;
    StreamingQuery q(MakeSpec("q", tmp.Path("ck")), options);
    q.Start();
    q.AwaitTermination();
    auto progress = q.RecentProgress();
    REQUIRE(progress.size() == 3);
    CHECK(progress.front().batch_id == 7);
    CHECK(progress.back().batch_id == 9);
}

TEST_CASE("the console listener prints indented JSON, the file listener JSON lines", "[progress]") {
    TempDir tmp;
    ManualClock clock;
    auto input = std::make_shared<FakeInput>();
    auto output = std::make_shared<FakeOutput>();
    input->AddRows(0, 4);
    input->max_rows_per_batch = 2;
    input->finite = true;
    std::ostringstream console;
    const std::string path = tmp.Path("progress.jsonl");
    QueryOptions options = MakeOptions({{"events", input}}, output, &clock);
    options.listeners.push_back(std::make_shared<ConsoleProgressListener>(console));
    options.listeners.push_back(MakeProgressListener("json:" + path));
    StreamingQuery q(MakeSpec("q", tmp.Path("ck")), options);
    q.Start();
    q.AwaitTermination();

    std::ifstream in(path);
    std::string line;
    std::vector<nlohmann::json> records;
    while (std::getline(in, line))
        records.push_back(nlohmann::json::parse(line));
    REQUIRE(records.size() == 2);
    CHECK(records[0]["batchId"] == 0);
    CHECK(records[1]["batchId"] == 1);
    CHECK(records[1]["numInputRows"] == 2);
    CHECK(records[1]["name"] == "q");

    const std::string text = console.str();
    CHECK(text.find("\n  \"runId\": ") != std::string::npos); // indented
    std::istringstream docs(text);
    int parsed = 0;
    std::string doc, l;
    while (std::getline(docs, l)) {
        doc += l + "\n";
        if (l == "}") {
            CHECK(nlohmann::json::parse(doc)["name"] == "q");
            doc.clear();
            ++parsed;
        }
    }
    CHECK(parsed == 2);
}

TEST_CASE("progress flag values", "[progress]") {
    CHECK(MakeProgressListener("") == nullptr);
    CHECK(dynamic_cast<ConsoleProgressListener*>(MakeProgressListener("console").get()) != nullptr);
    CHECK_THROWS_AS(MakeProgressListener("yaml"), std::invalid_argument);
    CHECK_THROWS_AS(MakeProgressListener("json:"), std::invalid_argument);
    CHECK_THROWS_AS(MakeProgressListener("json:/nonexistent-dir/x/y.jsonl"), std::runtime_error);
}

TEST_CASE("a failing listener does not fail the query", "[progress]") {
    /// A listener whose every progress callback fails.
    struct Throwing : ProgressListener {
        void OnQueryProgress(const QueryProgress&) override { throw std::runtime_error("disk full"); }
    };
    TempDir tmp;
    ManualClock clock;
    auto input = std::make_shared<FakeInput>();
    auto output = std::make_shared<FakeOutput>();
    auto log = std::make_shared<std::vector<std::string>>();
    input->AddRows(0, 2);
    input->finite = true;
    QueryOptions options = MakeOptions({{"events", input}}, output, &clock, log);
    options.listeners.push_back(std::make_shared<Throwing>());
    StreamingQuery q(MakeSpec("q", tmp.Path("ck")), options);
    q.Start();
    q.AwaitTermination();
    CHECK_FALSE(q.Error());
    CHECK(output->AllRows().size() == 2);
    REQUIRE(log->size() == 1);
    CHECK((*log)[0] == "query 'q': progress listener failed: disk full");
}
