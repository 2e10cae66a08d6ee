#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/unit/io/formats/decode_test_util.h"

using namespace sluice::rt;
using namespace sluice::rt::testing;
namespace fs = std::filesystem;

namespace {

using Rows = std::vector<std::string>;

Schema Prices() {
    return {Col("id", SL_TYPE_BIGINT), Col("name", SL_TYPE_STRING), Col("price", SL_TYPE_BIGINT)};
}

DecodeSetup Setup(const std::string& format, OnError on_error) {
    DecodeSetup s;
    s.format = format;
    s.schema = Prices();
    s.on_error = on_error;
    s.file = format == "csv" ? "in/a.csv" : "in/a.json";
    return s;
}

std::vector<nlohmann::json> ReadJsonLines(const fs::path& path) {
    std::ifstream in(path);
    std::vector<nlohmann::json> out;
    std::string line;
    while (std::getline(in, line))
        out.push_back(nlohmann::json::parse(line));
    return out;
}

const std::string kBadCsv = "1,a,10\n"
                            "2,b,abc\n"             // line 2: not a BIGINT
                            "3,c\n"                 // line 3: field count
                            "4,\"d\"x,40\n"         // line 4: text after a closing quote
                            "5,e,50\n"              // good
                            "6,\"f\nstill f\",60\n" // lines 6-7: good, multi-line
                            "7,\"never closed,70\n" // line 8: the quote is never closed
                            "8,h,80\n";             // line 9: good

} // namespace

TEST_CASE("on_error fail names file, line, column and reason", "[formats][bad_rows]") {
    CHECK_THROWS_WITH(Decode(Setup("csv", OnError::Fail), "1,a,10\n2,b,abc\n"),
                      "file in/a.csv, line 2, column 'price': 'abc' is not a BIGINT");
    CHECK_THROWS_WITH(Decode(Setup("csv", OnError::Fail), "1,a,10\n\n3,c\n"),
                      "file in/a.csv, line 3: expected 3 fields, found 2");
    CHECK_THROWS_WITH(Decode(Setup("csv", OnError::Fail), "1,\"a\"b,1\n"),
                      "file in/a.csv, line 1: unexpected text after a closing quote");
    CHECK_THROWS_WITH(Decode(Setup("json", OnError::Fail), "{\"id\":1}\n{\"id\":\"x\"}\n"),
                      "file in/a.json, line 2, column 'id': 'x' is not a BIGINT");
    CHECK_THROWS_WITH(Decode(Setup("json", OnError::Fail), "{\"id\":1}\n{\"id\":1,}\n"),
                      Catch::StartsWith("file in/a.json, line 2: invalid JSON ("));
    DecodeSetup ints = Setup("csv", OnError::Fail);
    ints.schema[2].type = {SL_TYPE_INT, 0, 0};
    CHECK_THROWS_WITH(Decode(ints, "1,a,3000000000\n"),
                      "file in/a.csv, line 1, column 'price': '3000000000' is not an INT");
}

TEST_CASE("on_error skip drops bad rows and keeps every good one", "[formats][bad_rows]") {
    DecodeSetup s = Setup("csv", OnError::Skip);
    Decoded d = Decode(s, kBadCsv);
    CHECK(d.rows == Rows{"1|a|10", "5|e|50", "6|f\nstill f|60", "8|h|80"});
    CHECK(d.lines == std::vector<int64_t>{1, 5, 6, 9});
    CHECK(d.metrics.rows_skipped == 4);
    CHECK(d.metrics.rows_dead_letter == 0);
    // The same when the input arrives in small pieces.
    for (size_t piece : {1, 2, 3, 7, 16}) {
        s.piece = piece;
        Decoded split = Decode(s, kBadCsv);
        CHECK(split.rows == d.rows);
        CHECK(split.metrics.rows_skipped == 4);
    }
}

TEST_CASE("a stray quote costs only its own line", "[formats][bad_rows]") {
    DecodeSetup s = Setup("csv", OnError::Skip);
    // The quote opened on line 1 closes on line 2; without resynchronizing, line 2 would be lost as well.
    Decoded d = Decode(s, "1,\"a,1\n2,\"b\",2\n3,c,3\n");
    CHECK(d.rows == Rows{"2|b|2", "3|c|3"});
    CHECK(d.metrics.rows_skipped == 1);
}

TEST_CASE("on_error dead_letter writes raw rows with reasons", "[formats][bad_rows]") {
    fs::path dir = TempDir("dead-letter");
    DecodeSetup s = Setup("csv", OnError::DeadLetter);
    s.dead_letter_dir = (dir / "bad").string();
    Decoded d = Decode(s, kBadCsv);
    CHECK(d.rows.size() == 4);
    CHECK(d.metrics.rows_dead_letter == 4);
    CHECK(d.metrics.rows_skipped == 0);
    auto records = ReadJsonLines(dir / "bad" / "mem.bad.json");
    REQUIRE(records.size() == 4);
    CHECK(records[0] == nlohmann::json{{"file", "in/a.csv"},
                                       {"line", 2},
                                       {"reason", "column 'price': 'abc' is not a BIGINT"},
                                       {"row", "2,b,abc"}});
    CHECK(records[1]["reason"] == "expected 3 fields, found 2");
    CHECK(records[1]["row"] == "3,c");
    CHECK(records[2]["line"] == 4);
    CHECK(records[3]["line"] == 8);
    CHECK(records[3]["reason"] == "a quoted field is never closed");
    // Only the published file is there; no temporary is left behind.
    CHECK(std::distance(fs::directory_iterator(dir / "bad"), fs::directory_iterator()) == 1);

    // Reading the same input again replaces the file instead of adding to it.
    Decode(s, kBadCsv);
    CHECK(ReadJsonLines(dir / "bad" / "mem.bad.json").size() == 4);
}

TEST_CASE("dead letters keep raw bytes that are not UTF-8 as valid JSON", "[formats][bad_rows]") {
    fs::path dir = TempDir("dead-letter-utf8");
    DecodeSetup s = Setup("csv", OnError::DeadLetter);
    s.dead_letter_dir = dir.string();
    Decode(s, "1,\xFF\xFE,x\n");
    auto records = ReadJsonLines(dir / "mem.bad.json");
    REQUIRE(records.size() == 1);
    CHECK(records[0]["row"] == "1,\xEF\xBF\xBD\xEF\xBF\xBD,x");
}

TEST_CASE("dead_letter needs a directory", "[formats][bad_rows]") {
    CHECK_THROWS_WITH(Decode(Setup("csv", OnError::DeadLetter), ""), Catch::Contains("dead_letter_path"));
}

TEST_CASE("on_error option values", "[formats][bad_rows]") {
    CHECK(BadRowHandler::ParsePolicy("skip") == OnError::Skip);
    CHECK(BadRowHandler::ParsePolicy("dead_letter") == OnError::DeadLetter);
    CHECK_THROWS_WITH(BadRowHandler::ParsePolicy("ignore"), Catch::Contains("'ignore'"));
}

TEST_CASE("an abandoned input publishes no dead letters", "[formats][bad_rows]") {
    fs::path dir = TempDir("dead-letter-abandoned");
    SourceMetrics metrics;
    {
        BadRowHandler handler(OnError::DeadLetter, dir.string(), &metrics);
        handler.BeginInput("in/x.csv", "x.bad.json");
        handler.Report(3, "raw", "", "broken");
        // No EndInput: the reader was dropped half-way through the input.
    }
    CHECK(metrics.rows_dead_letter == 1);
    CHECK(fs::is_empty(dir));
}

TEST_CASE("decimals that do not fit their precision are bad rows", "[formats][bad_rows]") {
    DecodeSetup s;
    s.schema = {Col("m", SL_TYPE_DECIMAL, 38, 0), Col("n", SL_TYPE_DECIMAL, 38, 10),
                Col("k", SL_TYPE_DECIMAL, 5, 2)};
    s.on_error = OnError::Skip;
    Decoded d = Decode(s, "170141183460469231731687303715884105728,1,1\n" // 39 digits: 2^127
                          "1,12345678901234567890123456789012345678,1\n"  // 38 integer digits, scale 10
                          "1,1,1234\n"                                    // 4 integer digits in (5,2)
                          "99999999999999999999999999999999999999,-0001.5,-999.994\n");
    CHECK(d.rows == std::vector<std::string>{"99999999999999999999999999999999999999|-1.5000000000|-999.99"});
    CHECK(d.metrics.rows_skipped == 3);
}

TEST_CASE("interval text too large for its 38 digits is rejected, not wrapped", "[formats][bad_rows]") {
    // Seconds with scale 6 leave 32 integer digits; ParseDecimal alone must refuse longer ones before its
    // 128-bit accumulator could overflow into a wrong value.
    int64_t micros = 0;
    CHECK(ParseIntervalText("12.5", &micros));
    CHECK(micros == 12'500'000);
    CHECK_FALSE(ParseIntervalText("170141183460469231731687303715884105728", &micros)); // 2^127
    CHECK_FALSE(ParseIntervalText("INTERVAL '99999999999999999999999999999999' SECOND", &micros));
    CHECK_FALSE(ParseIntervalText("9223372036855", &micros)); // fits 38 digits, not a BIGINT of µs
}

TEST_CASE("records longer than the limit are bad rows, wherever the input is cut", "[formats][bad_rows]") {
    const std::string long_line(100, 'z');
    struct Case {
        const char* format;
        Schema schema;
        std::string text;
        std::vector<std::string> rows;
        std::vector<int64_t> lines;
    };
    std::vector<Case> cases = {
        // A quote that is never closed, and a single line that is too long.
        {"csv",
         Prices(),
         "1,a,1\n2,\"open,2\n3,c,3\n4,d,4\n" + long_line + "\n5,e,5",
         {"1|a|1", "3|c|3", "4|d|4", "5|e|5"},
         {1, 3, 4, 6}},
        {"json",
         Prices(),
         "{\"id\":1}\n{\"name\":\"" + long_line + "\"}\n{\"id\":3}",
         {"1|NULL|NULL", "3|NULL|NULL"},
         {1, 3}},
        {"text",
         {Col("line", SL_TYPE_STRING)},
         "short\n" + long_line + "\nshort again\n" + long_line,
         {"short", "short again"},
         {1, 3}},
    };
    for (const Case& c : cases) {
        DecodeSetup s;
        s.format = c.format;
        s.schema = c.schema;
        s.on_error = OnError::Skip;
        s.max_record_bytes = 64;
        for (size_t piece : {0, 1, 5, 63, 64, 65, 200}) {
            s.piece = piece;
            INFO(c.format << ", pieces of " << piece);
            Decoded d = Decode(s, c.text);
            CHECK(d.rows == c.rows);
            CHECK(d.lines == c.lines);
        }
    }
    DecodeSetup fail;
    fail.schema = Prices();
    fail.max_record_bytes = 64;
    CHECK_THROWS_WITH(Decode(fail, "1,\"" + long_line),
                      "file mem.csv, line 1: the record is longer than the limit of 64 bytes");
}
