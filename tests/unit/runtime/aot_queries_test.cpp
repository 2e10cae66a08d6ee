#include <catch2/catch.hpp>

#include "engine_fakes.h"
#include "runtime/engine/aot_queries.h"
#include "runtime/engine/streaming_query.h"

using namespace sluice::rt;
using namespace sluice::rt::testing;

namespace {

std::string SpecsJson(const std::vector<QuerySpec>& specs) {
    nlohmann::json all = nlohmann::json::array();
    for (const QuerySpec& s : specs)
        all.push_back(ToJson(s));
    return all.dump();
}

} // namespace

TEST_CASE("AOT specs resolve their pipelines by symbol and run", "[aot]") {
    TempDir tmp;
    QuerySpec spec = MakeSpec("q", tmp.Path("ck"), {}, nullptr);
    spec.pipelines[0].symbol = "sl_pipeline_q_1";
    QuerySpec other = MakeSpec("r", "");
    other.pipelines[0].symbol = "sl_pipeline_r_1";
    const std::string json = SpecsJson({spec, other});
    const sl_aot_pipeline table[] = {{"sl_pipeline_r_1", PassThroughPipeline},
                                     {"sl_pipeline_q_1", EvenIdsPipeline}};

    std::vector<QuerySpec> loaded = LoadAotQueries(json.c_str(), table, 2);
    REQUIRE(loaded.size() == 2);
    CHECK(loaded[0].sink.name == "q");
    CHECK(loaded[0].pipelines[0].fn == &EvenIdsPipeline);
    CHECK(loaded[1].pipelines[0].fn == &PassThroughPipeline);
    CHECK(loaded[0].operators.at(3) == "Filter (price > 100)");

    ManualClock clock;
    auto input = std::make_shared<FakeInput>();
    auto output = std::make_shared<FakeOutput>();
    input->AddRows(0, 5);
    input->finite = true;
    StreamingQuery q(loaded[0], MakeOptions({{"events", input}}, output, &clock));
    q.Start();
    q.AwaitTermination();
    CHECK_FALSE(q.Error());
    CHECK(output->AllRows().size() == 3);
}

TEST_CASE("AOT specs that do not match the object file are errors", "[aot]") {
    QuerySpec spec = MakeSpec("q", "");
    spec.pipelines[0].symbol = "sl_pipeline_q_1";
    const std::string json = SpecsJson({spec});
    const sl_aot_pipeline table[] = {{"sl_pipeline_q_2", PassThroughPipeline}};
    CHECK_THROWS_WITH(
        LoadAotQueries(json.c_str(), table, 1),
        "query 'q': pipeline #1 needs 'sl_pipeline_q_1', which the executable's pipeline table lacks");
    CHECK_THROWS_WITH(LoadAotQueries("[{\"sink\": 1}]", table, 1),
                      Catch::StartsWith("the executable's embedded query specs are malformed"));
    CHECK_THROWS_WITH(LoadAotQueries("{}", table, 1), Catch::Contains("not a JSON array"));
    CHECK(LoadAotQueries("[]", table, 1).empty());
}
