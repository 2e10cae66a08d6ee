#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <unistd.h>

#include "runtime/engine/sink.h"
#include "runtime/engine/source.h"
#include "runtime/sinks/blackhole/blackhole_sink.h"

using namespace sluice::rt;

namespace {

/// A clock standing still; the factories only hand it on.
class FixedClock : public Clock {
public:
    int64_t NowMicros() const override { return 1767225600LL * 1000000; }
    bool SleepUntil(int64_t) override { return true; }
    void Wake() override {}
};

SourceSpec Spec(const std::string& connector, Schema schema, Options options = {}) {
    SourceSpec spec;
    spec.name = "input";
    spec.connector = connector;
    spec.schema = std::move(schema);
    spec.options = std::move(options);
    for (size_t i = 0; i < spec.schema.size(); ++i)
        spec.projection.push_back(static_cast<int>(i));
    return spec;
}

ColumnType Type(sl_type_id id) {
    return ColumnType{id, 0, 0};
}

} // namespace

TEST_CASE("CreateSource makes the source of each connector", "[sinks][factory]") {
    FixedClock clock;
    SourceEnv env;
    env.query_name = "q";
    env.clock = &clock;
    CHECK(CreateSource(Spec("rate", {{"value", Type(SL_TYPE_BIGINT)}}), env)->Description() ==
          "RateSource[rows_per_second=1]");
    CHECK(CreateSource(Spec("memory", {{"x", Type(SL_TYPE_INT)}}), env)->Description() ==
          "MemorySource[input]");
    CHECK(CreateSource(
              Spec("NEXMARK", {{"price", Type(SL_TYPE_BIGINT)}}, Options({{"kind", nlohmann::json("bid")}})),
              env)
              ->Description() == "NexmarkSource[bid]");
    auto dir = std::filesystem::temp_directory_path() / ("sluice-factory-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    SourceSpec file =
        Spec("file", {{"line", Type(SL_TYPE_STRING)}}, Options({{"path", nlohmann::json(dir.string())}}));
    file.format = "text";
    CHECK(CreateSource(file, env)->Description() == "FileSource[" + dir.string() + "]");
    std::filesystem::remove_all(dir);
    CHECK_THROWS_AS(CreateSource(Spec("kafka", {}), env), QueryError);
    CHECK_THROWS_WITH(CreateSource(Spec("kafka", {}), env), "connector 'kafka' is not supported yet");
    CHECK_THROWS_WITH(CreateSource(Spec("carrier_pigeon", {}), env),
                      "connector 'carrier_pigeon' is not supported yet");
}

TEST_CASE("CreateSink makes the sink of each connector", "[sinks][factory]") {
    auto spec = [](const std::string& connector) {
        SinkSpec s;
        s.name = "out";
        s.connector = connector;
        s.schema = {{"n", Type(SL_TYPE_BIGINT)}};
        return s;
    };
    SinkEnv env;
    env.query_name = "q";
    env.query_id = "7f9c1c1e-0000-4000-8000-000000000001";
    CHECK(CreateSink(spec("console"), env)->Description() == "ConsoleSink");
    CHECK(CreateSink(spec("Memory"), env)->Description() == "MemorySink[out]");
    CHECK(CreateSink(spec("blackhole"), env)->Description() == "BlackholeSink");
    auto dir = std::filesystem::temp_directory_path() / ("sluice-factory-sink-" + std::to_string(::getpid()));
    SinkSpec file = spec("file");
    file.format = "csv";
    file.options = Options({{"path", nlohmann::json(dir.string())}});
    CHECK(CreateSink(file, env)->Description().starts_with("FileSink["));
    std::filesystem::remove_all(dir);
    CHECK_THROWS_WITH(CreateSink(spec("kafka"), env), "connector 'kafka' is not supported yet");
}

TEST_CASE("blackhole sink counts rows and batches", "[sinks]") {
    SinkSpec spec;
    spec.name = "void";
    spec.schema = {{"n", Type(SL_TYPE_BIGINT)}};
    BlackholeSink sink(spec, SinkEnv{});
    Batch rows(spec.schema, 10);
    rows.set_num_rows(7);
    for (int64_t id = 0; id < 3; ++id) {
        REQUIRE(sink.BeginBatch(id));
        sink.Write(rows);
        sink.Write(rows);
        sink.CommitBatch(id);
    }
    CHECK(sink.rows() == 42);
    CHECK(sink.batches() == 3);
}
