#include <catch2/catch.hpp>

#include "tests/unit/io/formats/decode_test_util.h"

using namespace sluice::rt;
using namespace sluice::rt::testing;

namespace {

using Rows = std::vector<std::string>;

DecodeSetup Json(Schema schema, OnError on_error = OnError::Fail) {
    DecodeSetup s;
    s.format = "json";
    s.schema = std::move(schema);
    s.on_error = on_error;
    s.file = "mem.json";
    return s;
}

Schema IdNamePrice() {
    return {Col("id", SL_TYPE_BIGINT), Col("name", SL_TYPE_STRING), Col("price", SL_TYPE_DOUBLE)};
}

} // namespace

TEST_CASE("json matches fields by name, case-insensitively", "[formats][json]") {
    std::string text = "{\"id\":1,\"name\":\"a\",\"price\":1.5}\n"
                       "{\"PRICE\":2,\"Name\":\"b\",\"ID\":2}\n"
                       "{\"id\":3,\"extra\":{\"deep\":[1,2,{\"x\":null}]},\"name\":\"c\"}\n"
                       "{\"id\":4,\"name\":null,\"price\":null}\n"
                       "{}\n";
    DecodeSetup s = Json(IdNamePrice());
    Decoded d = Decode(s, text);
    CHECK(d.rows == Rows{"1|a|1.5", "2|b|2.0", "3|c|NULL", "4|NULL|NULL", "NULL|NULL|NULL"});
    CHECK(d.lines == std::vector<int64_t>{1, 2, 3, 4, 5});
    for (size_t piece : {1, 2, 5, 17, 64}) {
        s.piece = piece;
        CHECK(Decode(s, text).rows == d.rows);
    }
}

TEST_CASE("json strings: escapes, UTF-8, and other values kept as their JSON text", "[formats][json]") {
    Schema schema = {Col("s", SL_TYPE_STRING)};
    Decoded d = Decode(Json(schema), "{\"s\":\"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00\"}\n"
                                     "{\"s\":\"\xC3\xA9t\xC3\xA9\"}\n"
                                     "{\"s\":42.50}\n"
                                     "{\"s\":true}\n"
                                     "{\"s\":{\"a\": [1, 2]} }\n"
                                     "{\"s\":[1,\"x\"]}\n");
    CHECK(d.rows == Rows{"a\"b\\c\n\xC3\xA9\xF0\x9F\x98\x80", "\xC3\xA9t\xC3\xA9", "42.50", "true",
                         "{\"a\": [1, 2]}", "[1,\"x\"]"});
}

TEST_CASE("json decodes every column type from numbers, booleans and strings", "[formats][json]") {
    Schema schema = {Col("b", SL_TYPE_BOOLEAN),        Col("i", SL_TYPE_INT),
                     Col("l", SL_TYPE_BIGINT),         Col("d", SL_TYPE_DOUBLE),
                     Col("m", SL_TYPE_DECIMAL, 38, 4), Col("s", SL_TYPE_STRING),
                     Col("t", SL_TYPE_TIMESTAMP),      Col("dt", SL_TYPE_DATE),
                     Col("iv", SL_TYPE_INTERVAL)};
    Decoded d =
        Decode(Json(schema),
               "{\"b\":true,\"i\":-5,\"l\":9007199254740993,\"d\":1e-3,"
               "\"m\":1234567890123456789012345678901234.5678,\"s\":\"x\",\"t\":\"2026-03-01 10:00:00.5\","
               "\"dt\":\"2026-03-01\",\"iv\":\"INTERVAL '90' SECOND\"}\n"
               "{\"b\":\"false\",\"i\":\"7\",\"l\":\"-8\",\"d\":\"NaN\",\"m\":\"-0.00005\",\"t\":1767225600,"
               "\"iv\":2.5}\n"
               "{\"t\":1.25}\n");
    CHECK(
        d.rows ==
        Rows{"true|-5|9007199254740993|0.001|1234567890123456789012345678901234.5678|x|2026-03-01 10:00:00.5|"
             "2026-03-01|INTERVAL '90' SECOND",
             "false|7|-8|NaN|-0.0001|NULL|2026-01-01 00:00:00|NULL|INTERVAL '2.5' SECOND",
             "NULL|NULL|NULL|NULL|NULL|NULL|1970-01-01 00:00:01.25|NULL|NULL"});
}

TEST_CASE("json values of the wrong type are bad rows", "[formats][json]") {
    Schema schema = {Col("id", SL_TYPE_BIGINT), Col("ok", SL_TYPE_BOOLEAN), Col("day", SL_TYPE_DATE)};
    DecodeSetup s = Json(schema);
    CHECK_THROWS_WITH(Decode(s, "{\"id\":1.5}"), "file mem.json, line 1, column 'id': '1.5' is not a BIGINT");
    CHECK_THROWS_WITH(Decode(s, "{\"id\":99999999999999999999}"),
                      "file mem.json, line 1, column 'id': '99999999999999999999' is not a BIGINT");
    CHECK_THROWS_WITH(Decode(s, "{\"id\":[1]}"),
                      "file mem.json, line 1, column 'id': a JSON array is not a BIGINT");
    CHECK_THROWS_WITH(Decode(s, "{\"ok\":1}"), "file mem.json, line 1, column 'ok': '1' is not a BOOLEAN");
    CHECK_THROWS_WITH(Decode(s, "{\"day\":20260101}"),
                      "file mem.json, line 1, column 'day': '20260101' is not a DATE");
    CHECK_THROWS_WITH(Decode(s, "{\"day\":\"2026-02-30\"}"),
                      "file mem.json, line 1, column 'day': '2026-02-30' is not a DATE");
}

TEST_CASE("json invalid lines are bad rows and cost no good row", "[formats][json]") {
    DecodeSetup s = Json(IdNamePrice(), OnError::Skip);
    std::string text = "{\"id\":1}\n"
                       "{\"id\":2\n"               // unclosed object
                       "[1,2]\n"                   // not an object
                       "{\"id\":3} {\"id\":4}\n"   // text after the object
                       "{\"id\":5} x\n"            // text after the object
                       "{\"id\": tru}\n"           // bad atom
                       "{\"id\":\"unterminated}\n" // unterminated string
                       "   \n"                     // blank
                       "{\"id\":{\"a\":1}\n"       // unbalanced
                       "\"just a string\"\n"       // scalar document
                       "{\"id\":6}\r\n";
    Decoded d = Decode(s, text);
    CHECK(d.rows == Rows{"1|NULL|NULL", "6|NULL|NULL"});
    CHECK(d.lines == std::vector<int64_t>{1, 11});
    CHECK(d.metrics.rows_skipped == 8);
    for (size_t piece : {1, 3, 8}) {
        s.piece = piece;
        Decoded split = Decode(s, text);
        CHECK(split.rows == d.rows);
        CHECK(split.metrics.rows_skipped == 8);
    }
}

TEST_CASE("json decodes only projected fields", "[formats][json]") {
    DecodeSetup s = Json(IdNamePrice());
    s.projection = {1};
    // A bad value in a field nobody reads does not make the row bad.
    CHECK(Decode(s, "{\"id\":\"not a number\",\"name\":\"n\"}\n").rows == Rows{"n"});
}

TEST_CASE("json last field wins and keys may be escaped", "[formats][json]") {
    DecodeSetup s = Json(IdNamePrice());
    CHECK(Decode(s, "{\"id\":1,\"id\":2,\"n\\u0061me\":\"x\"}").rows == Rows{"2|x|NULL"});
}

TEST_CASE("text lines are rows", "[formats][text]") {
    DecodeSetup s;
    s.format = "text";
    s.schema = {Col("line", SL_TYPE_STRING)};
    std::string text = "\xEF\xBB\xBF"
                       "first\r\n\nthird, with \"quotes\"\nlast";
    Decoded d = Decode(s, text);
    CHECK(d.rows == Rows{"first", "", "third, with \"quotes\"", "last"});
    CHECK(d.lines == std::vector<int64_t>{1, 2, 3, 4});
    for (size_t piece : {1, 2, 4}) {
        s.piece = piece;
        CHECK(Decode(s, text).rows == d.rows);
    }
    s.schema = {Col("a", SL_TYPE_STRING), Col("b", SL_TYPE_STRING)};
    CHECK_THROWS_WITH(Decode(s, ""), Catch::Contains("exactly one STRING column"));
}
