#include <catch2/catch.hpp>

#include "tests/unit/io/formats/decode_test_util.h"

using namespace sluice::rt;
using namespace sluice::rt::testing;

namespace {

using Rows = std::vector<std::string>;

DecodeSetup Csv(Schema schema) {
    DecodeSetup s;
    s.format = "csv";
    s.schema = std::move(schema);
    return s;
}

Schema IdNamePrice() {
    return {Col("id", SL_TYPE_BIGINT), Col("name", SL_TYPE_STRING), Col("price", SL_TYPE_DOUBLE)};
}

// Every piece size must give what decoding in one go gives: the buffer boundary can fall anywhere, inside a
// quoted field, between a CR and its LF, in the middle of a doubled quote.
void CheckAllPieceSizes(DecodeSetup setup, const std::string& text) {
    setup.piece = 0;
    Decoded whole = Decode(setup, text);
    for (size_t piece = 1; piece <= text.size() + 1; ++piece) {
        setup.piece = piece;
        Decoded split = Decode(setup, text);
        INFO("piece size " << piece);
        REQUIRE(split.rows == whole.rows);
        REQUIRE(split.lines == whole.lines);
    }
}

} // namespace

TEST_CASE("csv decodes plain records with line numbers", "[formats][csv]") {
    Decoded d = Decode(Csv(IdNamePrice()), "1,apple,1.5\n2,pear,2\n3,fig,-0.25\n");
    CHECK(d.rows == Rows{"1|apple|1.5", "2|pear|2.0", "3|fig|-0.25"});
    CHECK(d.lines == std::vector<int64_t>{1, 2, 3});
}

TEST_CASE("csv last record without a line break", "[formats][csv]") {
    CHECK(Decode(Csv(IdNamePrice()), "1,a,1\n2,b,2").rows == Rows{"1|a|1.0", "2|b|2.0"});
}

TEST_CASE("csv quoted fields hold delimiters, doubled quotes and line breaks", "[formats][csv]") {
    std::string text = "1,\"a,b\",1\n"
                       "2,\"say \"\"hi\"\"\",2\n"
                       "3,\"two\nlines\",3\n"
                       "4,\"\",4\n"
                       "5,,5\n";
    DecodeSetup s = Csv(IdNamePrice());
    Decoded d = Decode(s, text);
    CHECK(d.rows == Rows{"1|a,b|1.0", "2|say \"hi\"|2.0", "3|two\nlines|3.0", "4||4.0", "5|NULL|5.0"});
    // The record with the embedded line break starts on line 3 and the next one on line 5.
    CHECK(d.lines == std::vector<int64_t>{1, 2, 3, 5, 6});
    CheckAllPieceSizes(s, text);
}

TEST_CASE("csv CRLF line endings", "[formats][csv]") {
    std::string text = "1,a,1\r\n2,\"b\r\nc\",2\r\n\r\n3,,3\r\n";
    DecodeSetup s = Csv(IdNamePrice());
    Decoded d = Decode(s, text);
    CHECK(d.rows == Rows{"1|a|1.0", "2|b\r\nc|2.0", "3|NULL|3.0"});
    CHECK(d.lines == std::vector<int64_t>{1, 2, 5});
    CheckAllPieceSizes(s, text);
}

TEST_CASE("csv header line is skipped in every input", "[formats][csv]") {
    DecodeSetup s = Csv(IdNamePrice());
    s.format_options.Set("header", true);
    std::string text = "id,name,price\n1,a,1\n2,b,2\n";
    Decoded d = Decode(s, text);
    CHECK(d.rows == Rows{"1|a|1.0", "2|b|2.0"});
    CHECK(d.lines == std::vector<int64_t>{2, 3});
    CheckAllPieceSizes(s, text);
    // A header with a quoted line break is one record.
    CHECK(Decode(s, "\"i\nd\",name,price\n7,x,1\n").rows == Rows{"7|x|1.0"});
}

TEST_CASE("csv null_value, delimiter and quote options", "[formats][csv]") {
    DecodeSetup s = Csv(IdNamePrice());
    s.format_options.Set("null_value", "NA");
    s.format_options.Set("delimiter", ";");
    s.format_options.Set("quote", "'");
    Decoded d = Decode(s, "1;NA;NA\n2;'NA';3\n3;;4\n4;'a;''b''';5\n");
    // Only an unquoted NA is NULL; with null_value = 'NA' an empty field is an empty string.
    CHECK(d.rows == Rows{"1|NULL|NULL", "2|NA|3.0", "3||4.0", "4|a;'b'|5.0"});

    DecodeSetup tab = Csv(IdNamePrice());
    tab.format_options.Set("delimiter", "\\t");
    CHECK(Decode(tab, "1\tx y\t2\n").rows == Rows{"1|x y|2.0"});

    DecodeSetup noquote = Csv(IdNamePrice());
    noquote.format_options.Set("quote", "");
    CHECK(Decode(noquote, "1,\"a\",2\n").rows == Rows{"1|\"a\"|2.0"});
}

TEST_CASE("csv rejects bad dialect options", "[formats][csv]") {
    DecodeSetup s = Csv(IdNamePrice());
    s.format_options.Set("delimiter", ";;");
    CHECK_THROWS_WITH(Decode(s, ""), Catch::Contains("delimiter must be one character"));
    s.format_options.Set("delimiter", "\"");
    CHECK_THROWS_WITH(Decode(s, ""), Catch::Contains("cannot both be"));
}

TEST_CASE("csv blank lines are skipped but counted", "[formats][csv]") {
    Decoded d = Decode(Csv(IdNamePrice()), "\n1,a,1\n\n\n2,b,2\n\n");
    CHECK(d.rows == Rows{"1|a|1.0", "2|b|2.0"});
    CHECK(d.lines == std::vector<int64_t>{2, 5});
}

TEST_CASE("csv UTF-8 text and byte order mark", "[formats][csv]") {
    std::string text = "\xEF\xBB\xBF"
                       "1,\xC3\xA9t\xC3\xA9 \xE2\x82\xAC,1\n2,\"\xF0\x9F\x98\x80,\",2\n";
    DecodeSetup s = Csv(IdNamePrice());
    Decoded d = Decode(s, text);
    CHECK(d.rows == Rows{"1|\xC3\xA9t\xC3\xA9 \xE2\x82\xAC|1.0", "2|\xF0\x9F\x98\x80,|2.0"});
    CheckAllPieceSizes(s, text);
}

TEST_CASE("csv decodes every column type", "[formats][csv]") {
    Schema schema = {Col("b", SL_TYPE_BOOLEAN),        Col("i", SL_TYPE_INT),
                     Col("l", SL_TYPE_BIGINT),         Col("d", SL_TYPE_DOUBLE),
                     Col("m", SL_TYPE_DECIMAL, 10, 2), Col("s", SL_TYPE_STRING),
                     Col("t", SL_TYPE_TIMESTAMP),      Col("dt", SL_TYPE_DATE),
                     Col("iv", SL_TYPE_INTERVAL)};
    Decoded d = Decode(Csv(schema), "true,-7,9000000000,2.5e3,12.345,x,2026-01-02T03:04:05.25Z,2026-02-28,"
                                    "INTERVAL '1.5' SECOND\n"
                                    "FALSE,2147483647,-1, NaN,-0.1,\"\",2026-01-02 03:04,1970-01-01,3\n"
                                    ",,,,,,,,\n");
    CHECK(d.rows ==
          Rows{"true|-7|9000000000|2500.0|12.35|x|2026-01-02 03:04:05.25|2026-02-28|INTERVAL '1.5' SECOND",
               "false|2147483647|-1|NaN|-0.10||2026-01-02 03:04:00|1970-01-01|INTERVAL '3' SECOND",
               "NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL"});
}

TEST_CASE("csv decodes only the projected fields", "[formats][csv]") {
    DecodeSetup s = Csv(IdNamePrice());
    s.projection = {2, 0};
    // The name field would not parse as anything but a string; it is never converted.
    Decoded d = Decode(s, "1,\"x\"\"y\",1.5\n2,,2\n");
    CHECK(d.rows == Rows{"1.5|1", "2.0|2"});
    // A field that is not projected cannot make a row bad, but the field count still must match.
    DecodeSetup ids = Csv({Col("id", SL_TYPE_BIGINT), Col("n", SL_TYPE_BIGINT)});
    ids.projection = {0};
    ids.on_error = OnError::Skip;
    Decoded only = Decode(ids, "1,abc\n2\n3,4\n");
    CHECK(only.rows == Rows{"1", "3"});
    CHECK(only.metrics.rows_skipped == 1);
    // No projected column at all: rows are still counted (COUNT(*)).
    DecodeSetup none = Csv(IdNamePrice());
    none.project_none = true;
    CHECK(Decode(none, "1,a,1\n2,b,2\n").rows.size() == 2);
}

TEST_CASE("csv chunks respect chunk_rows", "[formats][csv]") {
    DecodeSetup s = Csv(IdNamePrice());
    s.chunk_rows = 2;
    std::string text;
    for (int i = 0; i < 7; ++i)
        text += std::to_string(i) + ",n" + std::to_string(i) + "," + std::to_string(i) + "\n";
    Decoded d = Decode(s, text);
    CHECK(d.rows.size() == 7);
    CHECK(d.chunks == 4);
    CHECK(d.rows[6] == "6|n6|6.0");
    CheckAllPieceSizes(s, text);
}
