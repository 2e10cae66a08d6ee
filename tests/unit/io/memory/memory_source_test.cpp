#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "runtime/formats/cell_text.h"
#include "runtime/sources/memory/memory_source.h"
#include "runtime/sources/memory/memory_streams.h"

using namespace sluice::rt;

namespace {

SourceSpec ClicksSpec(std::vector<int> projection = {0, 1, 2}) {
    SourceSpec spec;
    spec.name = "Clicks";
    spec.connector = "memory";
    spec.schema = {{"user_id", ColumnType{SL_TYPE_BIGINT, 0, 0}},
                   {"page", ColumnType{SL_TYPE_STRING, 0, 0}},
                   {"ts", ColumnType{SL_TYPE_TIMESTAMP, 0, 0}}};
    spec.projection = std::move(projection);
    return spec;
}

/// Every row of a range as text, and the DescribeRow of each chunk's first row.
struct ReadResult {
    std::vector<TextRow> rows;
    std::vector<std::string> origins;
};

ReadResult ReadAll(Source& source, int64_t from, int64_t to) {
    SourceMetrics metrics;
    auto reader = source.Read(Offset{{"adds", from}}, Offset{{"adds", to}}, metrics);
    ReadResult result;
    while (BatchPtr chunk = reader->Next()) {
        result.origins.push_back(reader->DescribeRow(0));
        for (int64_t r = 0; r < chunk->num_rows(); ++r) {
            TextRow row;
            for (int c = 0; c < chunk->num_columns(); ++c)
                row.push_back(CellText(*chunk, c, r));
            result.rows.push_back(std::move(row));
        }
    }
    return result;
}

int64_t Adds(const Offset& offset) {
    return offset.at("adds").get<int64_t>();
}

} // namespace

TEST_CASE("memory source reads each add as one offset step", "[memory]") {
    MemoryStreams::Reset();
    MemorySource source(ClicksSpec(), SourceEnv{});
    CHECK(source.Description() == "MemorySource[Clicks]");
    Offset start = source.InitialOffset();
    CHECK(Adds(start) == 0);
    CHECK(Adds(source.LatestOffset(start)) == 0);

    CHECK(MemoryStreams::AddData("clicks", {{"1", "home", "2026-01-01 10:00:00"},
                                            {"2", std::nullopt, "2026-01-01T10:00:01Z"}}) == 1);
    CHECK(MemoryStreams::AddData("CLICKS", {}) == 2); // an empty add still moves the offset, as in Spark
    CHECK(MemoryStreams::AddData("clicks", {{"3", "cart", std::nullopt}}) == 3);
    Offset end = source.LatestOffset(start);
    CHECK(Adds(end) == 3);
    CHECK(source.CountRows(start, end) == 3);

    ReadResult all = ReadAll(source, 0, 3);
    CHECK(all.rows == std::vector<TextRow>{{"1", "home", "2026-01-01 10:00:00"},
                                           {"2", std::nullopt, "2026-01-01 10:00:01"},
                                           {"3", "cart", std::nullopt}});
    CHECK(all.origins == std::vector<std::string>{"memory stream 'Clicks', add 1, row 1",
                                                  "memory stream 'Clicks', add 3, row 1"});
    CHECK(ReadAll(source, 1, 3).rows == std::vector<TextRow>{{"3", "cart", std::nullopt}});
    CHECK(ReadAll(source, 1, 2).rows.empty());
}

TEST_CASE("memory source yields the projected columns", "[memory]") {
    MemoryStreams::Reset();
    MemorySource source(ClicksSpec({1, 0}), SourceEnv{});
    MemoryStreams::AddData("clicks", {{"7", "a", "2026-01-01"}, {std::nullopt, "b", "2026-01-02"}});
    CHECK(ReadAll(source, 0, 1).rows == std::vector<TextRow>{{"a", "7"}, {"b", std::nullopt}});
}

TEST_CASE("memory streams survive a query restart and keep read strings alive", "[memory]") {
    MemoryStreams::Reset();
    SourceMetrics metrics;
    BatchPtr kept;
    {
        MemorySource first(ClicksSpec(), SourceEnv{});
        MemoryStreams::AddData("clicks", {{"1", "a rather long page name", "2026-01-01"}});
        auto reader = first.Read(Offset{{"adds", 0}}, Offset{{"adds", 1}}, metrics);
        kept = reader->Next();
    }
    MemoryStreams::AddData("clicks", {{"2", "b", "2026-01-01"}});
    MemorySource restarted(ClicksSpec(), SourceEnv{});
    restarted.Open(Offset{{"adds", 1}});
    CHECK(Adds(restarted.LatestOffset(Offset{{"adds", 1}})) == 2);
    CHECK(ReadAll(restarted, 1, 2).rows == std::vector<TextRow>{{"2", "b", "2026-01-01 00:00:00"}});

    // After Reset the stream is gone, but a batch already read still owns its strings.
    MemoryStreams::Reset();
    CHECK(CellText(*kept, 1, 0) == "a rather long page name");
    CHECK(MemoryStreams::NumAdds("clicks") == 0);
    CHECK_THROWS_WITH(ReadAll(restarted, 1, 2), Catch::Contains("has 0 adds") && Catch::Contains("reset"));
}

TEST_CASE("memory streams reject rows that do not fit the columns", "[memory]") {
    MemoryStreams::Reset();
    MemorySource source(ClicksSpec(), SourceEnv{});
    CHECK_THROWS_WITH(
        MemoryStreams::AddData("clicks", {{"1", "a", "2026-01-01"}, {"x", "b", "2026-01-01"}}),
        Catch::Contains("memory stream 'Clicks', add 1, row 2, column 'user_id': 'x' is not a BIGINT"));
    CHECK_THROWS_WITH(
        MemoryStreams::AddData("clicks", {{"1", "a"}}),
        Catch::Contains("add 1, row 1: 2 values for 3 columns (user_id BIGINT, page STRING, ts TIMESTAMP)"));
    CHECK_THROWS_WITH(MemoryStreams::AddData("clicks", {{"1", "a", "noon"}}),
                      Catch::Contains("column 'ts': 'noon' is not a TIMESTAMP"));
    CHECK(MemoryStreams::NumAdds("clicks") == 0); // a rejected add adds nothing

    // Redeclaring with other types is fine while the stream is empty, an error once it has data.
    Schema other = {{"n", ColumnType{SL_TYPE_INT, 0, 0}}};
    MemoryStreams::Declare("clicks", other);
    CHECK(MemoryStreams::AddData("clicks", {{"5"}}) == 1);
    CHECK_THROWS_WITH(MemorySource(ClicksSpec(), SourceEnv{}),
                      Catch::Contains("memory stream 'Clicks' holds rows (n INT), not (user_id BIGINT"));
}

TEST_CASE("memory streams take data fed before a query declares them", "[memory]") {
    MemoryStreams::Reset();
    CHECK(MemoryStreams::AddData("clicks", {{"1", "a", "2026-01-01"}}) == 1);
    CHECK(MemoryStreams::AddData("clicks", {{"2", "b", "2026-01-02"}}) == 2);
    CHECK(MemoryStreams::NumAdds("clicks") == 2);
    CHECK_FALSE(MemoryStreams::SchemaOf("clicks"));
    MemorySource source(ClicksSpec(), SourceEnv{});
    CHECK(Adds(source.LatestOffset(source.InitialOffset())) == 2);
    CHECK(ReadAll(source, 0, 2).rows ==
          std::vector<TextRow>{{"1", "a", "2026-01-01 00:00:00"}, {"2", "b", "2026-01-02 00:00:00"}});

    // A value fed early that does not parse fails the query that declares the stream, naming it.
    MemoryStreams::Reset();
    MemoryStreams::AddData("clicks", {{"1", "a", "2026-01-01"}});
    MemoryStreams::AddData("clicks", {{"one", "b", "2026-01-01"}});
    CHECK_THROWS_WITH(
        MemorySource(ClicksSpec(), SourceEnv{}),
        Catch::Contains("memory stream 'Clicks', add 2, row 1, column 'user_id': 'one' is not a BIGINT"));
    CHECK(MemoryStreams::NumAdds("clicks") == 2);
}

TEST_CASE("memory source AVAILABLE NOW stops at the adds present when it starts", "[memory]") {
    MemoryStreams::Reset();
    MemorySource source(ClicksSpec(), SourceEnv{});
    MemoryStreams::AddData("clicks", {{"1", "a", "2026-01-01"}});
    source.PrepareForAvailableNow();
    MemoryStreams::AddData("clicks", {{"2", "b", "2026-01-01"}});
    CHECK(Adds(source.LatestOffset(Offset{{"adds", 0}})) == 1);
    CHECK(Adds(source.LatestOffset(Offset{{"adds", 1}})) == 1);
    CHECK_FALSE(source.Exhausted(Offset{{"adds", 1}}));
}
