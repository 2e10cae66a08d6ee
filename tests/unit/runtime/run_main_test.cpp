#include <catch2/catch.hpp>

#include <csignal>
#include <fstream>
#include <pthread.h>
#include <sstream>
#include <thread>

#include "engine_fakes.h"
#include "runtime/engine/exit_codes.h"
#include "runtime/engine/run_main.h"

using namespace sluice::rt;
using namespace sluice::rt::testing;

namespace {

/// Two finite queries, "alpha" and "beta", over their own inputs and outputs.
struct RunHarness {
    TempDir tmp;
    std::shared_ptr<FakeInput> input_a = std::make_shared<FakeInput>();
    std::shared_ptr<FakeInput> input_b = std::make_shared<FakeInput>();
    std::map<std::string, std::shared_ptr<FakeOutput>> outputs = {{"alpha", std::make_shared<FakeOutput>()},
                                                                  {"beta", std::make_shared<FakeOutput>()}};
    std::ostringstream err;

    RunHarness() {
        for (auto* input : {input_a.get(), input_b.get()}) {
            input->AddRows(0, 6);
            input->finite = true;
        }
    }

    std::vector<QuerySpec> Specs(sl_pipeline_fn beta_fn = PassThroughPipeline) {
        QuerySpec a = MakeSpec("alpha", tmp.Path("ck-alpha"));
        a.sources[0].name = "a";
        QuerySpec b = MakeSpec("beta", tmp.Path("ck-beta"), {}, beta_fn);
        b.sources[0].name = "b";
        return {a, b};
    }

    QueryOptions Base() {
        QueryOptions options = MakeOptions({{"a", input_a}, {"b", input_b}}, nullptr, nullptr);
        auto outputs_copy = outputs;
        options.sink_factory = [outputs_copy](const SinkSpec& spec, const SinkEnv&) -> std::unique_ptr<Sink> {
            return std::make_unique<FakeSink>(outputs_copy.at(spec.name));
        };
        return options;
    }

    int Run(const RunOptions& options, sl_pipeline_fn beta_fn = PassThroughPipeline) {
        return RunQueries(Specs(beta_fn), options, Base(), err);
    }
};

RunOptions Parse(std::vector<std::string> args) {
    CLI::App app("test");
    RunOptions options;
    AddRunOptions(app, options);
    std::reverse(args.begin(), args.end()); // CLI11 takes the arguments reversed
    app.parse(args);
    return options;
}

} // namespace

TEST_CASE("run flags", "[run]") {
    RunOptions o = Parse({"--sink", "alpha", "--max-batches", "3", "--progress", "--set",
                          "state_partitions=4", "--set", "min_batches_to_retain=5"});
    CHECK(o.sink == "alpha");
    CHECK(o.max_batches == 3);
    CHECK(o.progress == "console");
    CHECK(o.settings == std::vector<std::string>{"state_partitions=4", "min_batches_to_retain=5"});
    CHECK(Parse({"--progress=json:/tmp/p.jsonl"}).progress == "json:/tmp/p.jsonl");
    RunOptions defaults = Parse({});
    CHECK(defaults.sink.empty());
    CHECK(defaults.max_batches == -1);
    CHECK(defaults.progress.empty());
    CHECK_THROWS_AS(Parse({"--max-batches", "-2"}), CLI::ValidationError);
}

TEST_CASE("all queries run concurrently until they stop", "[run]") {
    RunHarness h;
    CHECK(h.Run({}) == kExitOk);
    CHECK(h.outputs["alpha"]->AllRows().size() == 6);
    CHECK(h.outputs["beta"]->AllRows().size() == 6);
    CHECK(h.err.str().empty());
}

TEST_CASE("the sink flag picks one query and rejects unknown names", "[run]") {
    RunHarness h;
    RunOptions options;
    options.sink = "BETA"; // identifiers are case-insensitive
    CHECK(h.Run(options) == kExitOk);
    CHECK(h.outputs["alpha"]->AllRows().empty());
    CHECK(h.outputs["beta"]->AllRows().size() == 6);

    options.sink = "gamma";
    CHECK(h.Run(options) == kExitUsage);
    CHECK(h.err.str() == "error: --sink gamma: no such sink (sinks: alpha, beta)\n");
}

TEST_CASE("setting overrides are checked against connectors.def and applied to every query", "[run]") {
    RunHarness h;
    RunOptions options;
    SECTION("unknown key") {
        options.settings = {"state_partition=4"};
        CHECK(h.Run(options) == kExitUsage);
        CHECK_THAT(h.err.str(), Catch::Contains("unknown setting 'state_partition'") &&
                                    Catch::Contains("state_partitions, state_store"));
    }
    SECTION("not an integer") {
        options.settings = {"state_partitions=four"};
        CHECK(h.Run(options) == kExitUsage);
        CHECK_THAT(h.err.str(), Catch::Contains("'state_partitions' takes an integer"));
    }
    SECTION("not one of the choices") {
        options.settings = {"state_store=disk"};
        CHECK(h.Run(options) == kExitUsage);
        CHECK_THAT(h.err.str(), Catch::Contains("must be one of memory, rocksdb"));
    }
    SECTION("no value") {
        options.settings = {"state_store"};
        CHECK(h.Run(options) == kExitUsage);
        CHECK_THAT(h.err.str(), Catch::Contains("KEY=VALUE"));
    }
    SECTION("negative or zero counts") {
        // state_partitions is written into a new checkpoint's metadata and fixed there for good.
        options.settings = {"state_partitions=-3"};
        CHECK(h.Run(options) == kExitUsage);
        CHECK_THAT(h.err.str(), Catch::Contains("'state_partitions' must be at least 1"));
        CHECK_FALSE(std::filesystem::exists(h.tmp.Path("ck-alpha") + "/metadata"));
        h.err.str("");
        options.settings = {"state_partitions=0"};
        CHECK(h.Run(options) == kExitUsage);
        CHECK_THAT(h.err.str(), Catch::Contains("'state_partitions' must be at least 1"));
        h.err.str("");
        options.settings = {"min_batches_to_retain=0"};
        CHECK(h.Run(options) == kExitUsage);
        CHECK_THAT(h.err.str(), Catch::Contains("'min_batches_to_retain' must be at least 1"));
    }
    SECTION("valid settings reach every query") {
        options.settings = {"state_partitions=4", "state_store=rocksdb"};
        CHECK(h.Run(options) == kExitOk);
        for (const char* name : {"ck-alpha", "ck-beta"}) {
            std::ifstream in(h.tmp.Path(name) + "/metadata");
            nlohmann::json meta = nlohmann::json::parse(in);
            CHECK(meta["settings"]["state_partitions"] == 4);
            CHECK(meta["settings"]["state_store"] == "rocksdb");
        }
        // The checkpoint now fixes them: the defaults are refused on the next run.
        h.input_a->AddRows(6, 7);
        RunOptions defaults;
        CHECK(h.Run(defaults) == kExitQueryFailed);
        CHECK_THAT(h.err.str(), Catch::Contains("query 'alpha'") && Catch::Contains("'state_partitions'"));
    }
    SECTION("a bad --progress value") {
        options.progress = "yaml";
        CHECK(h.Run(options) == kExitUsage);
    }
}

TEST_CASE("a failed query is reported while the others finish", "[run]") {
    RunHarness h;
    {
        std::lock_guard<std::mutex> lock(h.input_b->mu);
        h.input_b->rows[2].first = -1;
    }
    CHECK(h.Run({}, OverflowOnNegativePipeline) == kExitQueryFailed);
    CHECK(h.outputs["alpha"]->AllRows().size() == 6);
    CHECK(h.outputs["beta"]->AllRows().empty());
    CHECK_THAT(h.err.str(), Catch::StartsWith("error: query 'beta' failed in batch 0 at operator #3") &&
                                Catch::Contains("fake row 2"));
}

TEST_CASE("the max-batches flag and JSON-lines progress", "[run]") {
    RunHarness h;
    h.input_a->max_rows_per_batch = 2;
    h.input_b->max_rows_per_batch = 2;
    RunOptions options;
    options.max_batches = 2;
    options.progress = "json:" + h.tmp.Path("progress.jsonl");
    CHECK(h.Run(options) == kExitOk);
    CHECK(h.outputs["alpha"]->CommittedIds() == std::vector<int64_t>{0, 1});
    CHECK(h.outputs["beta"]->CommittedIds() == std::vector<int64_t>{0, 1});
    std::ifstream in(h.tmp.Path("progress.jsonl"));
    std::string line;
    std::map<std::string, int> per_query;
    while (std::getline(in, line))
        ++per_query[nlohmann::json::parse(line)["name"].get<std::string>()];
    CHECK(per_query == std::map<std::string, int>{{"alpha", 2}, {"beta", 2}});
}

TEST_CASE("SIGTERM stops every query at a batch boundary", "[run]") {
    RunHarness h;
    h.input_a->finite = false;
    h.input_b->finite = false;
    // Process-directed signals go to a thread that does not block them: block them here too, so that
    // only RunQueries' watcher receives this one.
    sigset_t set, previous;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, &previous);
    int rc = -1;
    std::thread runner([&] { rc = h.Run({}); });
    REQUIRE(Eventually(
        [&] { return h.outputs["alpha"]->NumCommitted() == 1 && h.outputs["beta"]->NumCommitted() == 1; }));
    kill(getpid(), SIGTERM);
    runner.join();
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    CHECK(rc == kExitOk);
    CHECK(h.outputs["alpha"]->closes == 1);
    CHECK(h.outputs["beta"]->closes == 1);
    CHECK_THAT(h.err.str(), Catch::Contains("received SIGTERM"));
}

TEST_CASE("the help text lists the queries", "[run]") {
    RunHarness h;
    std::vector<QuerySpec> specs = h.Specs();
    specs[1].sink.trigger = {TriggerKind::ProcessingTime, 5000};
    specs[1].sink.output_mode = OutputMode::Update;
    specs[1].sink.checkpoint = "";
    std::string text = DescribeQueries(specs);
    CHECK_THAT(text,
               Catch::Contains("  alpha  INTO memory, output mode append, trigger default, checkpoint '"));
    CHECK_THAT(text,
               Catch::Contains("  beta   INTO memory, output mode update, trigger processing time 5000 ms, "
                               "no checkpoint"));
}
