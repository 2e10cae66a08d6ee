// Syntax, lexical and literal errors as the user sees them, recovery, limits and parse speed.

#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>

#include "parse_test_util.h"

using namespace sluice;
using sluice::testing::ParsedFile;

TEST_CASE("a missing semicolon is reported after the statement", "[parse][diag]") {
    ParsedFile parsed("CREATE VIEW a AS SELECT x FROM t\n"
                      "CREATE VIEW b AS SELECT y FROM u;\n",
                      "app.stream");
    CHECK(parsed.Errors() == "app.stream:1:33: error[E0101]: expected ';' after the statement\n"
                             "   1 | CREATE VIEW a AS SELECT x FROM t\n"
                             "     |                                 ^\n");
    // The next statement is still parsed.
    REQUIRE(parsed.script().statements.size() == 1);
    CHECK(parsed.script().statements[0]->name.text == "b");
    CHECK(parsed.result.has_errors);
}

TEST_CASE("syntax errors name what was expected and what was found", "[parse][diag]") {
    ParsedFile parsed("CREATE VIEW a AS SELECT x, FROM t;\n"
                      "CREATE VIEW b AS SELECT x FROM t GROUP x;\n"
                      "CREATE SINK c INTO console OUTPUT MODE FAST AS SELECT x FROM t;\n"
                      "CREATE INDEX d;\n"
                      "CREATE SOURCE e (a BIGINT, b) FROM memory;\n"
                      "CREATE VIEW f AS SELECT x FROM t WHERE x IN (1, 2;\n"
                      "CREATE VIEW g AS SELECT x FROM t WHERE\n"
                      "CREATE SINK h INTO console TRIGGER PROCESSING TIME '5 seconds' AS SELECT x FROM t;\n",
                      "q.stream");
    CHECK(parsed.Errors() ==
          "q.stream:1:28: error[E0101]: expected an expression or '*', found 'FROM'\n"
          "   1 | CREATE VIEW a AS SELECT x, FROM t;\n"
          "     |                            ^~~~\n"
          "q.stream:2:40: error[E0101]: expected 'BY', found 'x'\n"
          "   2 | CREATE VIEW b AS SELECT x FROM t GROUP x;\n"
          "     |                                        ^\n"
          "q.stream:3:40: error[E0101]: expected 'APPEND', 'COMPLETE' or 'UPDATE', found 'FAST'\n"
          "   3 | CREATE SINK c INTO console OUTPUT MODE FAST AS SELECT x FROM t;\n"
          "     |                                        ^~~~\n"
          "q.stream:4:8: error[E0101]: expected 'SINK', 'SOURCE', 'TABLE' or 'VIEW', found 'INDEX'\n"
          "   4 | CREATE INDEX d;\n"
          "     |        ^~~~~\n"
          "q.stream:5:29: error[E0101]: expected a type, found ')'\n"
          "   5 | CREATE SOURCE e (a BIGINT, b) FROM memory;\n"
          "     |                             ^\n"
          "q.stream:6:50: error[E0101]: expected ',' or ')', found ';'\n"
          "   6 | CREATE VIEW f AS SELECT x FROM t WHERE x IN (1, 2;\n"
          "     |                                                  ^\n"
          "q.stream:7:39: error[E0101]: expected an expression after 'WHERE'\n"
          "   7 | CREATE VIEW g AS SELECT x FROM t WHERE\n"
          "     |                                       ^\n"
          "q.stream:8:52: error[E0101]: expected an interval such as INTERVAL '5' SECOND, found string '5 "
          "seconds'\n"
          "   8 | CREATE SINK h INTO console TRIGGER PROCESSING TIME '5 seconds' AS SELECT x FROM t;\n"
          "     |                                                    ^~~~~~~~~~~\n");
    CHECK(parsed.diags.ErrorCount() == 8);
    CHECK(parsed.script().statements.empty());
}

TEST_CASE("a large expected set says only what was unexpected", "[parse][diag]") {
    ParsedFile parsed("CREATE VIEW v AS SELECT a FROM t u v;", "x.stream");
    CHECK(parsed.Errors() == "x.stream:1:36: error[E0101]: unexpected 'v'\n"
                             "   1 | CREATE VIEW v AS SELECT a FROM t u v;\n"
                             "     |                                    ^\n");
}

TEST_CASE("the end of input is named as such", "[parse][diag]") {
    ParsedFile parsed("CREATE VIEW v AS SELECT a FROM", "x.stream");
    CHECK(parsed.Errors() ==
          "x.stream:1:31: error[E0101]: unexpected end of input, expected a source, table, view or subquery\n"
          "   1 | CREATE VIEW v AS SELECT a FROM\n"
          "     |                               ^\n");
}

TEST_CASE("a bare query gets a hint", "[parse][diag]") {
    ParsedFile parsed("SELECT * FROM bids;", "x.stream");
    CHECK(
        parsed.Errors() ==
        "x.stream:1:1: error[E0101]: expected a statement (CREATE SOURCE, TABLE, VIEW or SINK), found "
        "'SELECT'\n"
        "   1 | SELECT * FROM bids;\n"
        "     | ^~~~~~\n"
        "note: a query stands in a view or a sink: CREATE VIEW name AS SELECT ..., or CREATE SINK name INTO "
        "connector (...) AS SELECT ...\n");
}

TEST_CASE("several errors in one file, and the good statements survive", "[parse][diag]") {
    ParsedFile parsed("CREATE SOURCE s (a BIGINT) FROM memory;\n"
                      "CREATE VIEW bad1 AS SELECT FROM s;\n"
                      "CREATE VIEW good1 AS SELECT a FROM s;\n"
                      "CREATE VIEW bad2 AS PROCESS s KEY BY a ON ROWS { n = ; x = 1; } EMITS (a BIGINT);\n"
                      "CREATE VIEW good2 AS SELECT a + 1 FROM s;\n"
                      "CREATE VIEW bad3 AS PROCESS s KEY BY a ON ROWS { n = 1;\n"
                      "CREATE VIEW good3 AS SELECT a FROM s;\n");
    CHECK(parsed.diags.ErrorCount() == 3);
    std::vector<std::string> names;
    for (const ast::StatementPtr& statement : parsed.script().statements)
        names.push_back(statement->name.text);
    CHECK(names == std::vector<std::string>{"s", "good1", "good2", "good3"});
    const std::vector<Diagnostic>& diagnostics = parsed.diags.diagnostics();
    CHECK(parsed.sources.Get(parsed.file).Locate(diagnostics[0].range.begin).line == 2);
    CHECK(parsed.sources.Get(parsed.file).Locate(diagnostics[1].range.begin).line == 4);
    CHECK(diagnostics[1].message == "expected an expression, found ';'");
    CHECK(parsed.sources.Get(parsed.file).Locate(diagnostics[2].range.begin).line == 6);
    CHECK(diagnostics[2].message == "expected '}' or a name after ';'");
}

TEST_CASE("ParseScript gives nothing when anything failed", "[parse][diag]") {
    SourceManager sources;
    DiagnosticEngine diags(sources);
    uint32_t good = sources.Add("good.stream", "CREATE VIEW v AS SELECT a FROM t;");
    uint32_t bad = sources.Add("bad.stream", "CREATE VIEW v AS SELECT a FROM t; CREATE VIEW;");
    std::optional<ast::Script> parsed = ParseScript(sources, good, diags);
    REQUIRE(parsed);
    CHECK(parsed->statements.size() == 1);
    CHECK_FALSE(ParseScript(sources, bad, diags));
    CHECK(diags.ErrorCount() == 1);
}

TEST_CASE("lexical errors", "[parse][diag][lexer]") {
    ParsedFile parsed("CREATE VIEW a AS SELECT x # y FROM t;\n"
                      "CREATE VIEW b AS SELECT \"open FROM t;\n",
                      "l.stream");
    CHECK(parsed.Errors() ==
          "l.stream:1:27: error[E0103]: unexpected character '#'\n"
          "   1 | CREATE VIEW a AS SELECT x # y FROM t;\n"
          "     |                           ^\n"
          "l.stream:2:25: error[E0103]: unterminated quoted name: the closing \" is missing\n"
          "   2 | CREATE VIEW b AS SELECT \"open FROM t;\n"
          "     |                         ^\n");

    // The statement with the stray character is not kept, the next one is.
    CHECK(parsed.script().statements.empty());
    ParsedFile stray("CREATE VIEW a AS SELECT x ? y FROM t;\nCREATE VIEW b AS SELECT 1 FROM t;");
    REQUIRE(stray.script().statements.size() == 1);
    CHECK(stray.script().statements[0]->name.text == "b");

    ParsedFile string("CREATE VIEW v AS SELECT 'abc FROM t;\nCREATE VIEW w AS SELECT 1 FROM t;", "s.stream");
    // The string runs to the end of the file: no follow-on syntax error about the missing end.
    CHECK(string.Errors() ==
          "s.stream:1:25: error[E0103]: unterminated string literal: the closing ' is missing\n"
          "   1 | CREATE VIEW v AS SELECT 'abc FROM t;\n"
          "     |                         ^\n");

    ParsedFile comment("CREATE VIEW v AS SELECT 1 FROM t; /* never closed\n", "c.stream");
    CHECK(comment.Errors() ==
          "c.stream:1:35: error[E0103]: unterminated comment: '/*' without a matching '*/'\n"
          "   1 | CREATE VIEW v AS SELECT 1 FROM t; /* never closed\n"
          "     |                                   ^~\n");

    ParsedFile nbsp("CREATE VIEW v AS SELECT\xC2\xA0x FROM t;", "n.stream");
    REQUIRE(nbsp.diags.ErrorCount() == 1);
    CHECK(nbsp.diags.diagnostics()[0].code == DiagCode::E0103);
    CHECK(nbsp.diags.diagnostics()[0].message == "unexpected character U+00A0");

    ParsedFile latin1("CREATE VIEW v AS SELECT 'caf\xE9' FROM t; -- \xE9t\xE9\n", "b.stream");
    REQUIRE(latin1.diags.ErrorCount() == 1);
    CHECK(latin1.diags.diagnostics()[0].message == "invalid UTF-8 (byte 0xE9); .stream files must be UTF-8");
    CHECK(latin1.diags.diagnostics()[0].range.begin == 28);
}

TEST_CASE("invalid literals", "[parse][diag][literal]") {
    ParsedFile parsed(
        "CREATE VIEW v AS SELECT TIMESTAMP '2026-02-30 00:00:00', DATE '2026-1-1',\n"
        "  INTERVAL '10' FORTNIGHTS, INTERVAL 10, INTERVAL '0.0000001' SECOND,\n"
        "  123456789012345678901234567890123456789, 1e999, CAST(a AS DECIMAL(40, 2)), CAST(a AS TEXT)\n"
        "FROM t;",
        "v.stream");
    CHECK(
        parsed.Errors() ==
        "v.stream:1:25: error[E0102]: invalid TIMESTAMP literal '2026-02-30 00:00:00': expected "
        "'YYYY-MM-DD HH:MM:SS[.ffffff]' with a valid date and time\n"
        "   1 | CREATE VIEW v AS SELECT TIMESTAMP '2026-02-30 00:00:00', DATE '2026-1-1',\n"
        "     |                         ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
        "v.stream:1:58: error[E0102]: invalid DATE literal '2026-1-1': expected a valid 'YYYY-MM-DD'\n"
        "   1 | CREATE VIEW v AS SELECT TIMESTAMP '2026-02-30 00:00:00', DATE '2026-1-1',\n"
        "     |                                                          ^~~~~~~~~~~~~~~\n"
        "v.stream:2:17: error[E0102]: unknown interval unit 'FORTNIGHTS'; expected MICROSECOND, MILLISECOND, "
        "SECOND, MINUTE, HOUR, DAY or WEEK\n"
        "   2 |   INTERVAL '10' FORTNIGHTS, INTERVAL 10, INTERVAL '0.0000001' SECOND,\n"
        "     |                 ^~~~~~~~~~\n"
        "v.stream:2:29: error[E0102]: an interval needs a unit, such as INTERVAL '10' SECOND\n"
        "   2 |   INTERVAL '10' FORTNIGHTS, INTERVAL 10, INTERVAL '0.0000001' SECOND,\n"
        "     |                             ^~~~~~~~~~~\n"
        "v.stream:2:51: error[E0102]: interval '0.0000001' SECOND is out of range or not a whole number of "
        "microseconds\n"
        "   2 |   INTERVAL '10' FORTNIGHTS, INTERVAL 10, INTERVAL '0.0000001' SECOND,\n"
        "     |                                                   ^~~~~~~~~~~\n"
        "v.stream:3:3: error[E0102]: integer literal has more than 38 digits; write it with an exponent "
        "(such as "
        "1.5e40) for a DOUBLE\n"
        "   3 |   123456789012345678901234567890123456789, 1e999, CAST(a AS DECIMAL(40, 2)), CAST(a AS "
        "TEXT)\n"
        "     |   ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
        "v.stream:3:44: error[E0102]: number 1e999 is out of the range of DOUBLE\n"
        "   3 |   123456789012345678901234567890123456789, 1e999, CAST(a AS DECIMAL(40, 2)), CAST(a AS "
        "TEXT)\n"
        "     |                                            ^~~~~\n"
        "v.stream:3:69: error[E0306]: DECIMAL precision must be between 1 and 38\n"
        "   3 |   123456789012345678901234567890123456789, 1e999, CAST(a AS DECIMAL(40, 2)), CAST(a AS "
        "TEXT)\n"
        "     |                                                                     ^~\n"
        "v.stream:3:88: error[E0306]: unknown type 'TEXT'\n"
        "   3 |   123456789012345678901234567890123456789, 1e999, CAST(a AS DECIMAL(40, 2)), CAST(a AS "
        "TEXT)\n"
        "     |                                                                                        "
        "^~~~\n");
}

TEST_CASE("rules the grammar accepts but the language does not", "[parse][diag]") {
    auto messages = [](const std::string& text) {
        ParsedFile parsed(text);
        std::vector<std::string> out;
        for (const Diagnostic& d : parsed.diags.diagnostics())
            out.push_back(std::string(DiagCodeName(d.code)) + " " + d.message);
        return out;
    };
    CHECK(messages("CREATE SINK s INTO console OUTPUT MODE UPDATE TRIGGER ONCE OUTPUT MODE APPEND AS SELECT "
                   "a FROM t;") == std::vector<std::string>{"E0101 OUTPUT MODE is given more than once"});
    CHECK(messages("CREATE SINK s INTO console WITH (a = 1) WITH (b = 2) AS SELECT a FROM t;") ==
          std::vector<std::string>{"E0101 WITH is given more than once"});
    CHECK(
        messages("CREATE SOURCE s (a TIMESTAMP, WATERMARK FOR a AS a, WATERMARK FOR a AS a) FROM memory;") ==
        std::vector<std::string>{"E0404 a source has at most one WATERMARK"});
    CHECK(messages("CREATE SOURCE s (a BIGINT) FROM kafka (topic = bids);") ==
          std::vector<std::string>{"E0101 an option value is a literal; write the text as a string: 'bids'"});
    CHECK(messages("CREATE VIEW v AS SELECT * FROM (SELECT a FROM t);") ==
          std::vector<std::string>{"E0101 a subquery in FROM needs a name: (SELECT ...) AS name"});
    CHECK(messages("CREATE VIEW v AS SELECT (a, b) FROM t;") ==
          std::vector<std::string>{"E0101 a parenthesized list is not an expression"});
    CHECK(messages("CREATE VIEW v AS PROCESS s KEY BY a ON ROWS { } ON TIMEOUT { FOR EACH ROW { } } EMITS (a "
                   "INT);") ==
          std::vector<std::string>{
              "E0101 FOR EACH ROW is only allowed in ON ROWS: ON TIMEOUT has no new rows"});
    CHECK(messages("CREATE VIEW v AS PROCESS s KEY BY a ON ROWS { FOR EACH ROW { FOR EACH ROW { } } } EMITS "
                   "(a INT);") == std::vector<std::string>{"E0101 FOR EACH ROW cannot be nested"});
    CHECK(messages("CREATE VIEW v AS SELECT CAST(a AS VARCHAR(10)), CAST(a AS INT(4)), CAST(b AS INTERVAL) "
                   "FROM t;") ==
          std::vector<std::string>{"E0306 VARCHAR takes no length: strings have no maximum length",
                                   "E0306 type INT takes no parameters",
                                   "E0306 INTERVAL is not a column type; intervals are literals, such as "
                                   "INTERVAL '10' SECOND"});
    CHECK(messages("CREATE VIEW v AS SELECT CAST(a AS DECIMAL(5, 6)) FROM t;") ==
          std::vector<std::string>{"E0306 DECIMAL scale must be between 0 and the precision (5)"});
    CHECK(messages("CREATE VIEW v AS SELECT \"\" FROM t;") ==
          std::vector<std::string>{"E0101 a quoted name cannot be empty"});
}

TEST_CASE("an interval alias without AS is explained", "[parse][diag]") {
    ParsedFile parsed("CREATE VIEW v AS SELECT INTERVAL '10 seconds' pause FROM t;");
    REQUIRE(parsed.diags.ErrorCount() == 1);
    CHECK(parsed.diags.diagnostics()[0].notes.at(0).message == "to name the column pause, write AS pause");
    CHECK(ParsedFile("CREATE VIEW v AS SELECT INTERVAL '10 seconds' AS pause FROM t;").ok());
}

TEST_CASE("byte offsets stay right after non-ASCII text", "[parse][diag][range]") {
    // 'é', 'ü' and '→' take 2, 2 and 3 bytes: ANTLR counts them as one character each.
    std::string text = "CREATE VIEW v AS SELECT 'é', 'über→' AS s FROM t WHERE ;";
    ParsedFile parsed(text, "u.stream");
    REQUIRE(parsed.diags.ErrorCount() == 1);
    const Diagnostic& error = parsed.diags.diagnostics()[0];
    CHECK(error.message == "expected an expression, found ';'");
    CHECK(error.range.begin == text.find(" ;") + 1);
    CHECK(error.range.end == error.range.begin + 1);
    // Columns count code points, so the caret column matches what an editor shows.
    CHECK(parsed.Errors().starts_with("u.stream:1:" + std::to_string(text.find(" ;") + 2 - 4) +
                                      ": error[E0101]"));

    ParsedFile good("CREATE VIEW v AS SELECT 'é→' AS \"naïve\", x FROM t;");
    REQUIRE(good.ok());
    const auto& select = good.Statement<ast::CreateView>(0).body.query->selects.at(0);
    CHECK(static_cast<const ast::Literal&>(*select.items[0].expr).text == "é→");
    CHECK(good.Text(select.items[0].range) == "'é→' AS \"naïve\"");
    CHECK(select.items[0].alias->text == "naïve");
    CHECK(good.Text(select.items[1].range) == "x");

    ParsedFile bom("\xEF\xBB\xBF"
                   "CREATE VIEW v AS SELECT 'é' FROM t;");
    REQUIRE(bom.ok());
    CHECK(bom.script().statements[0]->range.begin == 3);
}

TEST_CASE("absurd nesting is refused instead of overflowing the stack", "[parse][diag]") {
    std::string deep = "CREATE VIEW v AS SELECT " + std::string(100000, '(') + "1" +
                       std::string(100000, ')') + " FROM t;\nCREATE VIEW w AS SELECT 1 FROM t;";
    ParsedFile parsed(deep);
    REQUIRE(parsed.diags.ErrorCount() == 1);
    CHECK(
        parsed.diags.diagnostics()[0].message ==
        "the statement is nested too deeply (more than 256 levels of parentheses, CASE or prefix operators)");
    CHECK(parsed.script().statements.size() == 1);

    std::string negations = "CREATE VIEW v AS SELECT ";
    for (int i = 0; i < 100000; ++i)
        negations += "NOT ";
    ParsedFile prefix(negations + "a FROM t;");
    CHECK(prefix.diags.ErrorCount() == 1);

    std::string chain = "CREATE VIEW v AS SELECT 1";
    for (int i = 0; i < 20000; ++i)
        chain += " + 1";
    ParsedFile long_chain(chain + " FROM t;");
    REQUIRE(long_chain.diags.ErrorCount() == 1);
    CHECK(long_chain.diags.diagnostics()[0].message == "the statement has more than 10000 operators");

    // Nesting within the limits is fine.
    ParsedFile fine("CREATE VIEW v AS SELECT " + std::string(200, '(') + "1" + std::string(200, ')') +
                    " FROM t;");
    CHECK(fine.ok());
}

TEST_CASE("cold parse time of a twenty-statement file", "[parse][perf]") {
    // Must be the first parse in this process to measure the warm-up of ANTLR's DFA caches; run it
    // alone (`sluice_compiler_tests "[perf]"`) for the cold number. Printed, not asserted.
    std::string text;
    for (int i = 0; i < 4; ++i) {
        std::string n = std::to_string(i);
        text +=
            "CREATE SOURCE bids" + n +
            " (auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, ts TIMESTAMP, "
            "WATERMARK FOR ts AS ts - INTERVAL '4' SECOND) FROM kafka (brokers = 'localhost:9092', "
            "topic = 'bids', starting_offsets = 'earliest') FORMAT json;\n"
            "CREATE TABLE users" +
            n +
            " (user_id BIGINT, country STRING) FROM file (path = 'users.csv') FORMAT csv (header = true);\n"
            "CREATE VIEW big" +
            n + " AS SELECT auction, price * 0.9 AS euros, ts FROM bids" + n +
            " WHERE price > 1000000 AND channel IN ('a', 'b') OR channel LIKE 'x%';\n"
            "CREATE SINK hot" +
            n +
            " INTO console () OUTPUT MODE UPDATE TRIGGER PROCESSING TIME INTERVAL '5' SECOND "
            "CHECKPOINT 'cp' WITH (state_partitions = 8) AS SELECT b.auction, window_start, COUNT(*) AS n, "
            "CASE WHEN MAX(price) > 10 THEN 'hot' ELSE 'cold' END FROM bids" +
            n + " b JOIN users" + n +
            " u ON b.bidder = u.user_id GROUP BY b.auction, HOP(ts, INTERVAL '2' SECOND, INTERVAL '10' "
            "SECOND) HAVING COUNT(*) > 2;\n"
            "CREATE VIEW sessions" +
            n + " AS PROCESS bids" + n +
            " KEY BY bidder STATE (n BIGINT = 0, last_ts TIMESTAMP) TIMEOUT EVENT TIME "
            "ON ROWS { FOR EACH ROW { n = n + 1; IF last_ts IS NULL OR ts > last_ts THEN last_ts = ts; "
            "END IF; } SET TIMEOUT last_ts + INTERVAL '30' MINUTE; } ON TIMEOUT { EMIT (bidder, n); "
            "CLEAR STATE; } EMITS (bidder BIGINT, bids BIGINT);\n";
    }
    // CPU time of this thread as well as wall time: the machine may be busy with other work.
    auto measure = [&text](double& wall_ms, double& cpu_ms) {
        timespec cpu_start, cpu_end;
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu_start);
        auto start = std::chrono::steady_clock::now();
        auto parsed = std::make_unique<ParsedFile>(text);
        wall_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu_end);
        cpu_ms = (cpu_end.tv_sec - cpu_start.tv_sec) * 1e3 + (cpu_end.tv_nsec - cpu_start.tv_nsec) / 1e6;
        return parsed;
    };
    double cold_ms, cold_cpu_ms, warm_ms, warm_cpu_ms;
    std::unique_ptr<ParsedFile> cold = measure(cold_ms, cold_cpu_ms);
    measure(warm_ms, warm_cpu_ms);
    REQUIRE(cold->Errors() == "");
    CHECK(cold->script().statements.size() == 20);
    std::printf(
        "parse of 20 statements (%zu bytes): first %.2f ms (%.2f ms CPU), again %.2f ms (%.2f ms CPU)\n",
        text.size(), cold_ms, cold_cpu_ms, warm_ms, warm_cpu_ms);
}

TEST_CASE("every prefix of a script parses or fails with diagnostics inside the file", "[parse][diag]") {
    const std::string text =
        "CREATE SOURCE s (a BIGINT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)\n"
        "  FROM kafka (topic = 'é') FORMAT json;\n"
        "CREATE SINK k INTO console OUTPUT MODE UPDATE TRIGGER ONCE AS\n"
        "  SELECT a, COUNT(*) FILTER (WHERE a > 1) FROM s GROUP BY a, TUMBLE(ts, INTERVAL 5 SECONDS);\n"
        "CREATE VIEW p AS PROCESS s KEY BY a STATE (n BIGINT = 0) ON ROWS {\n"
        "  FOR EACH ROW { IF a > 1 THEN n = n + 1; END IF; } } EMITS (a BIGINT); /* c */";
    for (size_t length = 0; length <= text.size(); ++length) {
        ParsedFile parsed(text.substr(0, length));
        INFO("prefix of " << length << " bytes");
        CHECK(parsed.result.has_errors == parsed.diags.HasErrors());
        for (const Diagnostic& d : parsed.diags.diagnostics())
            CHECK((d.range.begin <= d.range.end && d.range.end <= length));
        for (const ast::StatementPtr& statement : parsed.script().statements)
            CHECK(statement->range.end <= length);
    }
    CHECK(ParsedFile(text).script().statements.size() == 3);
}
