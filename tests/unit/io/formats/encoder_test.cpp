#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

#include "runtime/formats/csv_encoder.h"
#include "runtime/formats/json_encoder.h"
#include "tests/unit/io/formats/decode_test_util.h"

using namespace sluice::rt;
using namespace sluice::rt::testing;

namespace {

using Rows = std::vector<std::string>;

Schema AllTypes() {
    return {Col("b", SL_TYPE_BOOLEAN),        Col("i", SL_TYPE_INT),
            Col("l", SL_TYPE_BIGINT),         Col("d", SL_TYPE_DOUBLE),
            Col("m", SL_TYPE_DECIMAL, 38, 6), Col("s", SL_TYPE_STRING),
            Col("t", SL_TYPE_TIMESTAMP),      Col("dt", SL_TYPE_DATE),
            Col("iv", SL_TYPE_INTERVAL)};
}

// Rows covering the edges of every type, with a NULL in each column somewhere.
std::shared_ptr<Batch> EdgeRows() {
    const std::vector<std::string> strings = {"plain",
                                              "",
                                              "a,b",
                                              "say \"hi\"",
                                              "two\nlines",
                                              "cr\r\nlf",
                                              "\xC3\xA9t\xC3\xA9 \xF0\x9F\x98\x80",
                                              "NULL",
                                              " spaced ",
                                              "tab\there",
                                              "back\\slash",
                                              std::string("nul\0byte", 8),
                                              "\x01\x1f"};
    const std::vector<double> doubles = {0.0,      -0.0,      1.5,           -1e-300, 1e300, 0.1, NAN,
                                         INFINITY, -INFINITY, 123456789.125, 5e-324,  2.0,   1e21};
    const std::vector<int64_t> bigints = {0, -1, 1, INT64_MAX, INT64_MIN, 42, 1000000, -999, 7, 8, 9, 10, 11};
    const std::vector<int32_t> ints = {0, -1, INT32_MAX, INT32_MIN, 5, 6, 7, 8, 9, 10, 11, 12, 13};
    const std::vector<int64_t> micros = {
        0, 1, -1, 1767225600000000, 1767225600123456, -86400000000LL * 365, 253402300799999999, 5, 6, 7,
        8, 9, 10};
    const sl_decimal big = Pow10(37) * 9 + (Pow10(37) - 1); // 38 nines
    const std::vector<sl_decimal> decimals = {0, 1, -1, big, -big, 123456789, -5, Pow10(6), 7, 8, 9, 10, 11};
    const int n = static_cast<int>(strings.size());
    auto b = std::make_shared<Batch>(AllTypes(), n + 1);
    for (int r = 0; r < n; ++r) {
        b->Values<uint8_t>(0)[r] = r % 2;
        b->Values<int32_t>(1)[r] = ints[r];
        b->Values<int64_t>(2)[r] = bigints[r];
        b->Values<double>(3)[r] = doubles[r];
        b->Values<sl_decimal>(4)[r] = decimals[r];
        b->Values<sl_str>(5)[r] = b->MakeString(strings[r]);
        b->Values<int64_t>(6)[r] = micros[r];
        b->Values<int32_t>(7)[r] = static_cast<int32_t>(micros[r] / 86400000000LL) - r * 1000;
        b->Values<int64_t>(8)[r] = micros[r] / 7;
    }
    for (int c = 0; c < 9; ++c) {
        b->SetNull(c, n, true); // a row of NULLs
        b->SetNull(c, c + 1, true);
    }
    b->set_num_rows(n + 1);
    return b;
}

Rows RowsOf(const Batch& b) {
    Rows out;
    for (int64_t r = 0; r < b.num_rows(); ++r)
        out.push_back(RowText(b, r));
    return out;
}

} // namespace

TEST_CASE("csv encode then decode gives every value back", "[formats][encode]") {
    auto batch = EdgeRows();
    for (const char* null_value : {"", "NULL", "\\N"}) {
        for (bool header : {false, true}) {
            Options options;
            options.Set("null_value", null_value);
            options.Set("header", header);
            auto encoder = CreateRowEncoder("csv", AllTypes(), options);
            std::string text;
            encoder->BeginFile(text);
            encoder->Encode(*batch, text);
            DecodeSetup s;
            s.schema = AllTypes();
            s.format_options = options;
            INFO("null_value '" << null_value << "', header " << header << "\n" << text);
            Decoded d = Decode(s, text);
            CHECK(d.rows == RowsOf(*batch));
        }
    }
}

TEST_CASE("json encode then decode gives every value back", "[formats][encode]") {
    auto batch = EdgeRows();
    JsonEncoder encoder(AllTypes());
    std::string text;
    encoder.Encode(*batch, text);
    DecodeSetup s;
    s.format = "json";
    s.schema = AllTypes();
    Decoded d = Decode(s, text);
    CHECK(d.rows == RowsOf(*batch));
    // Every line is valid JSON for other readers too.
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
        CHECK_NOTHROW(nlohmann::json::parse(line));
}

TEST_CASE("csv quotes only when needed", "[formats][encode]") {
    Schema schema = {Col("s", SL_TYPE_STRING), Col("n", SL_TYPE_BIGINT), Col("t", SL_TYPE_TIMESTAMP)};
    Batch b(schema, 4);
    b.Values<sl_str>(0)[0] = b.MakeString("plain");
    b.Values<sl_str>(0)[1] = b.MakeString("a,\"b\"");
    b.Values<sl_str>(0)[2] = b.MakeString("");
    b.SetNull(0, 3, true);
    for (int r = 0; r < 4; ++r) {
        b.Values<int64_t>(1)[r] = r;
        b.Values<int64_t>(2)[r] = r * kMicrosPerSecond;
    }
    b.SetNull(1, 2, true);
    b.set_num_rows(4);
    Options options;
    options.Set("header", true);
    std::string text;
    auto encoder = CreateRowEncoder("csv", schema, options);
    encoder->BeginFile(text);
    encoder->Encode(b, text);
    CHECK(text == "s,n,t\n"
                  "plain,0,1970-01-01 00:00:00\n"
                  "\"a,\"\"b\"\"\",1,1970-01-01 00:00:01\n"
                  "\"\",,1970-01-01 00:00:02\n"
                  ",3,1970-01-01 00:00:03\n");
    // A space delimiter forces quotes around timestamps.
    Options spaced;
    spaced.Set("delimiter", " ");
    std::string spaced_text;
    CreateRowEncoder("csv", schema, spaced)->Encode(b, spaced_text);
    CHECK(spaced_text.substr(0, spaced_text.find('\n')) == "plain 0 \"1970-01-01 00:00:00\"");
    // Quoting off: a value needing quotes is an error.
    Options unquoted;
    unquoted.Set("quote", "");
    std::string ignored;
    CHECK_THROWS_WITH(CreateRowEncoder("csv", schema, unquoted)->Encode(b, ignored),
                      Catch::Contains("column 's'") && Catch::Contains("quoting is off"));
}

TEST_CASE("json omits NULL fields and escapes names and strings", "[formats][encode]") {
    Schema schema = {Col("na\"me", SL_TYPE_STRING), Col("x", SL_TYPE_DOUBLE),
                     Col("d", SL_TYPE_DECIMAL, 5, 2)};
    Batch b(schema, 2);
    b.Values<sl_str>(0)[0] = b.MakeString("q\"\n\x7f\xC3");
    b.Values<double>(1)[0] = INFINITY;
    b.Values<sl_decimal>(2)[0] = -5;
    b.SetNull(0, 1, true);
    b.SetNull(1, 1, true);
    b.Values<sl_decimal>(2)[1] = 12345;
    b.set_num_rows(2);
    std::string text;
    JsonEncoder(schema).Encode(b, text);
    CHECK(text == "{\"na\\\"me\":\"q\\\"\\n\x7f\xEF\xBF\xBD\",\"x\":\"Infinity\",\"d\":-0.05}\n"
                  "{\"d\":123.45}\n");
}
