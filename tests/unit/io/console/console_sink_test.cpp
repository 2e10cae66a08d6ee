#include <catch2/catch.hpp>

#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "runtime/sinks/console/console_sink.h"

using namespace sluice::rt;

namespace {

SinkSpec ConsoleSpec(Schema schema, std::map<std::string, nlohmann::json> options = {}) {
    SinkSpec spec;
    spec.name = "out";
    spec.connector = "console";
    spec.schema = std::move(schema);
    spec.options = Options(std::move(options));
    return spec;
}

ColumnType Type(sl_type_id id) {
    return ColumnType{id, 0, 0};
}

/// A batch of (BIGINT, STRING) rows; nullopt is NULL.
BatchPtr Rows(const Schema& schema,
              const std::vector<std::pair<std::optional<int64_t>, std::optional<std::string>>>& rows) {
    auto batch = std::make_shared<Batch>(schema, static_cast<int64_t>(rows.size()));
    for (size_t r = 0; r < rows.size(); ++r) {
        int64_t row = static_cast<int64_t>(r);
        if (rows[r].first)
            batch->Values<int64_t>(0)[row] = *rows[r].first;
        else
            batch->SetNull(0, row, true);
        if (rows[r].second)
            batch->Values<sl_str>(1)[row] = batch->MakeString(*rows[r].second);
        else
            batch->SetNull(1, row, true);
    }
    batch->set_num_rows(static_cast<int64_t>(rows.size()));
    return batch;
}

const char* const kBanner0 = "-------------------------------------------\n"
                             "Batch: 0\n"
                             "-------------------------------------------\n";

const Schema kSchema = {{"id", Type(SL_TYPE_BIGINT)}, {"name", Type(SL_TYPE_STRING)}};

} // namespace

TEST_CASE("console sink prints a batch as Spark's console sink does", "[console]") {
    std::ostringstream out;
    ConsoleSink sink(ConsoleSpec(kSchema), SinkEnv{}, &out);
    CHECK(sink.Description() == "ConsoleSink");
    REQUIRE(sink.BeginBatch(0));
    sink.Write(*Rows(kSchema, {{1, "alice"}, {22, std::nullopt}}));
    sink.CommitBatch(0);
    CHECK(out.str() == std::string(kBanner0) + "+---+-----+\n"
                                               "| id| name|\n"
                                               "+---+-----+\n"
                                               "|  1|alice|\n"
                                               "| 22| null|\n"
                                               "+---+-----+\n"
                                               "\n");
}

TEST_CASE("console sink truncates long values to 20 characters", "[console]") {
    std::ostringstream out;
    ConsoleSink sink(ConsoleSpec(kSchema), SinkEnv{}, &out);
    sink.BeginBatch(3);
    sink.Write(
        *Rows(kSchema, {{1, "abcdefghijklmnopqrstuvwxyz"}, {2, "exactly twenty chars"}, {3, "tab\there"}}));
    sink.CommitBatch(3);
    CHECK(out.str() == "-------------------------------------------\n"
                       "Batch: 3\n"
                       "-------------------------------------------\n"
                       "+---+--------------------+\n"
                       "| id|                name|\n"
                       "+---+--------------------+\n"
                       "|  1|abcdefghijklmnopq...|\n"
                       "|  2|exactly twenty chars|\n"
                       "|  3|           tab\\there|\n"
                       "+---+--------------------+\n"
                       "\n");
}

TEST_CASE("console sink without truncate shows whole values, left-aligned", "[console]") {
    std::ostringstream out;
    ConsoleSink sink(ConsoleSpec(kSchema, {{"truncate", false}}), SinkEnv{}, &out);
    sink.BeginBatch(0);
    sink.Write(*Rows(kSchema, {{1, "abcdefghijklmnopqrstuvwxyz"}, {22, "b"}}));
    sink.CommitBatch(0);
    CHECK(out.str() == std::string(kBanner0) + "+---+--------------------------+\n"
                                               "|id |name                      |\n"
                                               "+---+--------------------------+\n"
                                               "|1  |abcdefghijklmnopqrstuvwxyz|\n"
                                               "|22 |b                         |\n"
                                               "+---+--------------------------+\n"
                                               "\n");
}

TEST_CASE("console sink shows the first num_rows rows of all writes", "[console]") {
    std::ostringstream out;
    ConsoleSink sink(ConsoleSpec(kSchema, {{"num_rows", 2}}), SinkEnv{}, &out);
    sink.BeginBatch(0);
    sink.Write(*Rows(kSchema, {{1, "a"}}));
    sink.Write(*Rows(kSchema, {{2, "b"}, {3, "c"}}));
    sink.CommitBatch(0);
    CHECK(out.str() == std::string(kBanner0) + "+---+----+\n"
                                               "| id|name|\n"
                                               "+---+----+\n"
                                               "|  1|   a|\n"
                                               "|  2|   b|\n"
                                               "+---+----+\n"
                                               "only showing top 2 rows\n"
                                               "\n");

    std::ostringstream one;
    ConsoleSink single(ConsoleSpec(kSchema, {{"num_rows", 1}}), SinkEnv{}, &one);
    single.BeginBatch(0);
    single.Write(*Rows(kSchema, {{1, "a"}, {2, "b"}}));
    single.CommitBatch(0);
    CHECK(one.str().ends_with("|  1|   a|\n+---+----+\nonly showing top 1 row\n\n"));

    // Exactly num_rows rows: no footer.
    std::ostringstream exact;
    ConsoleSink two(ConsoleSpec(kSchema, {{"num_rows", 2}}), SinkEnv{}, &exact);
    two.BeginBatch(0);
    two.Write(*Rows(kSchema, {{1, "a"}, {2, "b"}}));
    two.CommitBatch(0);
    CHECK(exact.str().ends_with("|  2|   b|\n+---+----+\n\n"));
}

TEST_CASE("console sink prints an empty batch as an empty table", "[console]") {
    std::ostringstream out;
    ConsoleSink sink(ConsoleSpec(kSchema), SinkEnv{}, &out);
    sink.BeginBatch(0);
    sink.CommitBatch(0);
    sink.BeginBatch(1);
    sink.Write(*Rows(kSchema, {{5, "x"}}));
    sink.CommitBatch(1);
    CHECK(out.str() == std::string(kBanner0) + "+---+----+\n"
                                               "| id|name|\n"
                                               "+---+----+\n"
                                               "+---+----+\n"
                                               "\n"
                                               "-------------------------------------------\n"
                                               "Batch: 1\n"
                                               "-------------------------------------------\n"
                                               "+---+----+\n"
                                               "| id|name|\n"
                                               "+---+----+\n"
                                               "|  5|   x|\n"
                                               "+---+----+\n"
                                               "\n");
}

TEST_CASE("console sink formats typed values and wide characters", "[console]") {
    Schema schema = {
        {"ts", Type(SL_TYPE_TIMESTAMP)}, {"ok", Type(SL_TYPE_BOOLEAN)}, {"x", Type(SL_TYPE_DOUBLE)}};
    auto batch = std::make_shared<Batch>(schema, 1);
    batch->Values<int64_t>(0)[0] = 1767225600LL * 1000000 + 7 * 1000000;
    batch->Values<uint8_t>(1)[0] = 1;
    batch->Values<double>(2)[0] = 2.0;
    batch->set_num_rows(1);
    std::ostringstream out;
    ConsoleSink sink(ConsoleSpec(schema), SinkEnv{}, &out);
    sink.BeginBatch(0);
    sink.Write(*batch);
    sink.CommitBatch(0);
    CHECK(out.str() == std::string(kBanner0) + "+-------------------+----+---+\n"
                                               "|                 ts|  ok|  x|\n"
                                               "+-------------------+----+---+\n"
                                               "|2026-01-01 00:00:07|true|2.0|\n"
                                               "+-------------------+----+---+\n"
                                               "\n");

    // East Asian wide characters take two columns; truncation counts characters, not bytes.
    CHECK(ConsoleSink::FormatTable({"城市"}, {{"東京"}, {"ab"}}, false, 20, true) == "+----+\n"
                                                                                     "|城市|\n"
                                                                                     "+----+\n"
                                                                                     "|東京|\n"
                                                                                     "|  ab|\n"
                                                                                     "+----+\n");
    auto repeat = [](const std::string& s, int n) {
        std::string out;
        for (int i = 0; i < n; ++i)
            out += s;
        return out;
    };
    CHECK(ConsoleSink::FormatTable({"s"}, {{repeat("é", 21)}}, false, 20, true) ==
          "+--------------------+\n"
          "|                   s|\n"
          "+--------------------+\n"
          "|" +
              repeat("é", 17) +
              "...|\n"
              "+--------------------+\n");
}
