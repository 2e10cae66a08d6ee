// Statements and query clauses: every clause form with its AST shape and a few ranges.

#include "parse_test_util.h"

using namespace sluice;
using sluice::testing::ParsedFile;
using sluice::testing::Sexpr;

namespace {

const ast::Query& ViewQuery(const ParsedFile& parsed, size_t index = 0) {
    const auto& view = parsed.Statement<ast::CreateView>(index);
    REQUIRE(view.body.query);
    return *view.body.query;
}

const ast::Select& ViewSelect(const ParsedFile& parsed, size_t index = 0) {
    return ViewQuery(parsed, index).selects.at(0);
}

} // namespace

TEST_CASE("CREATE SOURCE without columns, options or format", "[parse][stmt]") {
    ParsedFile parsed("CREATE SOURCE r FROM rate (rows_per_second = 100);\n"
                      "CREATE SOURCE m (v BIGINT) FROM memory;\n");
    REQUIRE(parsed.Errors() == "");
    const auto& rate = parsed.Statement<ast::CreateSource>(0);
    CHECK(rate.columns.empty());
    CHECK(rate.from.connector.text == "rate");
    CHECK_FALSE(rate.from.format);
    const auto& memory = parsed.Statement<ast::CreateSource>(1);
    CHECK(memory.from.options.empty());
    CHECK_FALSE(memory.from.options_range.Valid());
    CHECK(parsed.Text(memory.range) == "CREATE SOURCE m (v BIGINT) FROM memory");
}

TEST_CASE("option values are literals, optionally negative; keys may be dotted", "[parse][stmt]") {
    ParsedFile parsed("CREATE SOURCE s (a INT) FROM kafka (kafka.security.protocol = 'SSL', offset = -5, "
                      "ratio = 0.5, flag = false, \"Key\" = 'v', timeout = INTERVAL '3' SECOND);");
    REQUIRE(parsed.Errors() == "");
    const auto& options = parsed.Statement<ast::CreateSource>(0).from.options;
    REQUIRE(options.size() == 6);
    CHECK(options[0].key.text == "kafka.security.protocol");
    CHECK(parsed.Text(options[0].key.range) == "kafka.security.protocol");
    CHECK(parsed.Text(options[0].range) == "kafka.security.protocol = 'SSL'");
    CHECK(Sexpr(*options[1].value) == "(- 5)");
    CHECK(parsed.Text(options[1].value->range) == "-5");
    CHECK(Sexpr(*options[2].value) == "0.5");
    CHECK(Sexpr(*options[3].value) == "FALSE");
    CHECK(options[4].key.quoted);
    CHECK(options[4].key.Key() == "Key");
    CHECK(Sexpr(*options[5].value) == "INTERVAL'3'SECOND");
}

TEST_CASE("every sink clause, in any order", "[parse][stmt]") {
    ParsedFile parsed(
        "CREATE SINK a INTO file (path = 'out') FORMAT json WITH (state_store = 'rocksdb') CHECKPOINT 'cp' "
        "TRIGGER ONCE OUTPUT MODE COMPLETE AS SELECT x FROM t;\n"
        "CREATE SINK b INTO console TRIGGER AVAILABLE NOW AS SELECT x FROM t;\n"
        "CREATE SINK c INTO console TRIGGER CONTINUOUS AS SELECT x FROM t;\n"
        "CREATE SINK d INTO console TRIGGER CONTINUOUS INTERVAL '1' SECOND OUTPUT MODE APPEND AS SELECT x "
        "FROM t;\n"
        "CREATE SINK e INTO blackhole AS SELECT x FROM t;\n");
    REQUIRE(parsed.Errors() == "");
    const auto& a = parsed.Statement<ast::CreateSink>(0);
    CHECK(a.into.format->text == "json");
    CHECK(a.settings.size() == 1);
    CHECK(a.checkpoint == "cp");
    CHECK(parsed.Text(a.checkpoint_range) == "CHECKPOINT 'cp'");
    CHECK(a.trigger.kind == ast::TriggerKind::Once);
    CHECK(a.trigger.interval == nullptr);
    CHECK(a.output_mode == ast::OutputMode::Complete);
    CHECK(parsed.Statement<ast::CreateSink>(1).trigger.kind == ast::TriggerKind::AvailableNow);
    const auto& c = parsed.Statement<ast::CreateSink>(2);
    CHECK(c.trigger.kind == ast::TriggerKind::Continuous);
    CHECK(c.trigger.interval == nullptr);
    const auto& d = parsed.Statement<ast::CreateSink>(3);
    CHECK(Sexpr(*d.trigger.interval) == "INTERVAL'1'SECOND");
    CHECK(d.output_mode == ast::OutputMode::Append);
    CHECK(d.output_mode_range.Valid());
    const auto& e = parsed.Statement<ast::CreateSink>(4);
    CHECK(e.trigger.kind == ast::TriggerKind::Default);
    CHECK_FALSE(e.trigger.range.Valid());
    CHECK_FALSE(e.output_mode_range.Valid());
    CHECK_FALSE(e.checkpoint);
    CHECK(e.into.options.empty());
}

TEST_CASE("a view or a sink over a PROCESS block", "[parse][stmt][process]") {
    ParsedFile parsed(
        "CREATE SINK s INTO console OUTPUT MODE UPDATE AS PROCESS clicks KEY BY (user_id, page) "
        "TIMEOUT PROCESSING TIME ON ROWS { IF n > 1 THEN EMIT (user_id); ELSEIF n > 0 THEN n = 0; "
        "ELSEIF n < 0 THEN CLEAR STATE; ELSE SET TIMEOUT ts; END IF; } EMITS (user_id BIGINT);\n"
        "CREATE VIEW v AS PROCESS c KEY BY a, b TIMEOUT NONE ON ROWS { } EMITS (a INT);\n");
    REQUIRE(parsed.Errors() == "");
    const ast::Process& process = *parsed.Statement<ast::CreateSink>(0).body.process;
    REQUIRE(process.keys.size() == 2);
    CHECK(Sexpr(*process.keys[1]) == "page");
    CHECK(process.state.empty());
    CHECK(process.timeout == ast::TimeoutKind::ProcessingTime);
    CHECK_FALSE(process.has_on_timeout);
    REQUIRE(process.on_rows.size() == 1);
    const auto& if_stmt = static_cast<const ast::IfStmt&>(*process.on_rows[0]);
    REQUIRE(if_stmt.branches.size() == 3);
    CHECK(Sexpr(*if_stmt.branches[2].condition) == "(< n 0)");
    CHECK(if_stmt.branches[2].body.at(0)->kind == ast::StmtKind::ClearState);
    CHECK(if_stmt.has_else);
    CHECK(if_stmt.else_body.at(0)->kind == ast::StmtKind::SetTimeout);

    const ast::Process& second = *parsed.Statement<ast::CreateView>(1).body.process;
    CHECK(second.keys.size() == 2);
    CHECK(second.timeout == ast::TimeoutKind::None);
    CHECK(parsed.Text(second.timeout_range) == "TIMEOUT NONE");
    CHECK(second.on_rows.empty());
}

TEST_CASE("WITH, UNION ALL, ORDER BY and LIMIT", "[parse][query]") {
    ParsedFile parsed("CREATE VIEW v AS WITH a AS (SELECT x FROM t), b AS (SELECT y FROM u) "
                      "SELECT x FROM a UNION ALL SELECT y FROM b UNION ALL SELECT z FROM c "
                      "ORDER BY x DESC NULLS FIRST, y, z ASC NULLS LAST LIMIT 5;");
    REQUIRE(parsed.Errors() == "");
    const ast::Query& query = ViewQuery(parsed);
    REQUIRE(query.ctes.size() == 2);
    CHECK(query.ctes[1].name.text == "b");
    CHECK(parsed.Text(query.ctes[0].range) == "a AS (SELECT x FROM t)");
    CHECK(query.selects.size() == 3);
    REQUIRE(query.union_ranges.size() == 2);
    CHECK(parsed.Text(query.union_ranges[1]) == "UNION ALL");
    REQUIRE(query.order_by.size() == 3);
    CHECK(query.order_by[0].descending);
    CHECK(query.order_by[0].nulls_first == true);
    CHECK_FALSE(query.order_by[1].descending);
    CHECK_FALSE(query.order_by[1].nulls_first.has_value());
    CHECK(query.order_by[2].nulls_first == false);
    CHECK(parsed.Text(query.order_by_range) == "ORDER BY x DESC NULLS FIRST, y, z ASC NULLS LAST");
    CHECK(Sexpr(*query.limit) == "5");
    CHECK(parsed.Text(query.limit_range) == "LIMIT 5");
    CHECK(parsed.Text(query.range).starts_with("WITH a AS"));
    CHECK(parsed.Text(query.range).ends_with("LIMIT 5"));
    CHECK(parsed.Text(query.selects[1].range) == "SELECT y FROM b");
}

TEST_CASE("select lists: DISTINCT, aliases with and without AS, stars", "[parse][query]") {
    ParsedFile parsed("CREATE VIEW v AS SELECT DISTINCT *, t.*, a AS x, b y, c + 1 FROM t;");
    REQUIRE(parsed.Errors() == "");
    const ast::Select& select = ViewSelect(parsed);
    CHECK(select.distinct);
    CHECK(parsed.Text(select.distinct_range) == "DISTINCT");
    REQUIRE(select.items.size() == 5);
    CHECK(Sexpr(*select.items[0].expr) == "*");
    CHECK(Sexpr(*select.items[1].expr) == "t.*");
    CHECK(parsed.Text(select.items[1].range) == "t.*");
    CHECK(select.items[2].alias->text == "x");
    CHECK(parsed.Text(select.items[2].range) == "a AS x");
    CHECK(select.items[3].alias->text == "y");
    CHECK_FALSE(select.items[4].alias);
}

TEST_CASE("joins of every type, aliases and subqueries", "[parse][query]") {
    ParsedFile parsed(
        "CREATE VIEW v AS SELECT * FROM a "
        "JOIN b ON a.k = b.k INNER JOIN c ON TRUE LEFT JOIN d ON TRUE LEFT OUTER JOIN e ON TRUE "
        "RIGHT JOIN f ON TRUE RIGHT OUTER JOIN g ON TRUE FULL JOIN h ON TRUE "
        "FULL OUTER JOIN i ON TRUE LEFT SEMI JOIN (SELECT k FROM j) AS sub ON TRUE;");
    REQUIRE(parsed.Errors() == "");
    std::vector<ast::JoinType> types;
    const ast::TableRef* ref = ViewSelect(parsed).from.get();
    while (ref->kind == ast::TableRefKind::Join) {
        const auto& join = static_cast<const ast::JoinRef&>(*ref);
        types.insert(types.begin(), join.join_type);
        ref = join.left.get();
    }
    using J = ast::JoinType;
    CHECK(types == std::vector<J>{J::Inner, J::Inner, J::Left, J::Left, J::Right, J::Right, J::Full, J::Full,
                                  J::LeftSemi});
    const auto& last = static_cast<const ast::JoinRef&>(*ViewSelect(parsed).from);
    REQUIRE(last.right->kind == ast::TableRefKind::Subquery);
    const auto& subquery = static_cast<const ast::SubqueryRef&>(*last.right);
    CHECK(subquery.alias.text == "sub");
    CHECK(parsed.Text(subquery.range) == "(SELECT k FROM j) AS sub");
    CHECK(parsed.Text(last.range).starts_with("a JOIN b"));
    CHECK(parsed.Text(last.range).ends_with("AS sub ON TRUE"));

    ParsedFile aliases(
        "CREATE VIEW v AS SELECT * FROM bids b JOIN (users AS u JOIN x ON TRUE) ON b.k = u.k;");
    REQUIRE(aliases.Errors() == "");
    const auto& join = static_cast<const ast::JoinRef&>(*ViewSelect(aliases).from);
    const auto& bids = static_cast<const ast::NamedTableRef&>(*join.left);
    CHECK(bids.name.text == "bids");
    CHECK(bids.alias->text == "b");
    CHECK(aliases.Text(bids.range) == "bids b");
    REQUIRE(join.right->kind == ast::TableRefKind::Join);
    CHECK(static_cast<const ast::NamedTableRef&>(*static_cast<const ast::JoinRef&>(*join.right).left)
              .alias->text == "u");
}

TEST_CASE("windowing table functions in FROM", "[parse][query]") {
    ParsedFile parsed(
        "CREATE VIEW a AS SELECT * FROM TUMBLE(bids, ts, INTERVAL '10' SECOND);\n"
        "CREATE VIEW b AS SELECT * FROM HOP(bids, ts, INTERVAL '2' SECOND, INTERVAL '10' SECOND) w "
        "JOIN TUMBLE(TABLE people, DESCRIPTOR(ts), INTERVAL '10' SECOND, INTERVAL '1' SECOND) AS p "
        "ON w.window_start = p.window_start;\n");
    REQUIRE(parsed.Errors() == "");
    const auto& tumble = static_cast<const ast::TableFunctionRef&>(*ViewSelect(parsed, 0).from);
    CHECK(tumble.name.text == "TUMBLE");
    CHECK(static_cast<const ast::NamedTableRef&>(*tumble.input).name.text == "bids");
    REQUIRE(tumble.args.size() == 2);
    CHECK(Sexpr(*tumble.args[0]) == "ts");
    CHECK_FALSE(tumble.alias);
    CHECK(parsed.Text(tumble.range) == "TUMBLE(bids, ts, INTERVAL '10' SECOND)");

    const auto& join = static_cast<const ast::JoinRef&>(*ViewSelect(parsed, 1).from);
    const auto& hop = static_cast<const ast::TableFunctionRef&>(*join.left);
    CHECK(hop.name.Key() == "hop");
    CHECK(hop.args.size() == 3);
    CHECK(hop.alias->text == "w");
    const auto& flink = static_cast<const ast::TableFunctionRef&>(*join.right);
    CHECK(parsed.Text(flink.input->range) == "TABLE people");
    REQUIRE(flink.args.size() == 3);
    CHECK(Sexpr(*flink.args[0]) == "ts"); // DESCRIPTOR(ts) is the column
    CHECK(flink.alias->text == "p");
}

TEST_CASE("WHERE, DEDUPLICATE BY, GROUP BY with windows, HAVING", "[parse][query]") {
    ParsedFile parsed("CREATE VIEW v AS SELECT user_id, COUNT(*) FROM clicks WHERE url <> '' "
                      "DEDUPLICATE BY (user_id, url) WITHIN WATERMARK "
                      "GROUP BY user_id, SESSION(ts, INTERVAL '5' MINUTE), TUMBLE(ts, INTERVAL '1' HOUR, "
                      "INTERVAL '5' MINUTE) HAVING COUNT(*) > 3;");
    REQUIRE(parsed.Errors() == "");
    const ast::Select& select = ViewSelect(parsed);
    CHECK(Sexpr(*select.where) == "(<> url '')");
    REQUIRE(select.dedup);
    CHECK(select.dedup->within_watermark);
    REQUIRE(select.group_by.size() == 3);
    CHECK(Sexpr(*select.group_by[1]) == "(SESSION ts INTERVAL'5'MINUTE)");
    CHECK(Sexpr(*select.group_by[2]) == "(TUMBLE ts INTERVAL'1'HOUR INTERVAL'5'MINUTE)");
    CHECK(Sexpr(*select.having) == "(> (COUNT *) 3)");
    CHECK(parsed.Text(select.range).starts_with("SELECT user_id"));
    CHECK(parsed.Text(select.range).ends_with("HAVING COUNT(*) > 3"));
}

TEST_CASE("quoted identifiers keep their case and may hold anything", "[parse][names]") {
    ParsedFile parsed("CREATE VIEW \"My View\" AS SELECT \"Price\", `order`, \"a\"\"b\", `x``y`, \"select\" "
                      "FROM `My Table`;");
    REQUIRE(parsed.Errors() == "");
    const auto& view = parsed.Statement<ast::CreateView>(0);
    CHECK(view.name.text == "My View");
    CHECK(view.name.quoted);
    CHECK(view.name.Key() == "My View");
    CHECK(parsed.Text(view.name.range) == "\"My View\"");
    const ast::Select& select = ViewSelect(parsed);
    const auto& price = static_cast<const ast::ColumnRef&>(*select.items[0].expr);
    CHECK(price.name.Last().Key() == "Price");
    CHECK(Sexpr(*select.items[1].expr) == "order");
    CHECK(Sexpr(*select.items[2].expr) == "a\"b");
    CHECK(Sexpr(*select.items[3].expr) == "x`y");
    CHECK(Sexpr(*select.items[4].expr) == "select");
    CHECK(static_cast<const ast::NamedTableRef&>(*select.from).name.text == "My Table");

    ParsedFile folded("CREATE VIEW MyView AS SELECT PRICE FROM Bids;");
    CHECK(folded.Statement<ast::CreateView>(0).name.Key() == "myview");
    CHECK(folded.Statement<ast::CreateView>(0).name.text == "MyView");
}

TEST_CASE("comments of both kinds are ignored", "[parse][lexer]") {
    ParsedFile parsed("-- a file comment\n"
                      "CREATE /* inline */ VIEW v AS SELECT a -- trailing\n"
                      "  , b /* spans\n lines ** with stars */ FROM t; -- done\n"
                      "/**/ -- an empty block comment\n");
    REQUIRE(parsed.Errors() == "");
    CHECK(ViewSelect(parsed).items.size() == 2);
    CHECK(parsed.Text(parsed.Statement<ast::CreateView>(0).range).ends_with("FROM t"));
}

TEST_CASE("empty statements and an empty file are fine", "[parse][stmt]") {
    CHECK(ParsedFile("").ok());
    CHECK(ParsedFile("  -- nothing\n").ok());
    ParsedFile parsed(";; CREATE VIEW v AS SELECT a FROM t;;");
    REQUIRE(parsed.Errors() == "");
    CHECK(parsed.script().statements.size() == 1);
}

TEST_CASE("non-reserved keywords work as names and option keys", "[parse][names]") {
    ParsedFile parsed(
        "CREATE SOURCE source (kind STRING, format STRING, path STRING, key STRING, value BIGINT, state "
        "STRING, "
        "timeout BIGINT, rows BIGINT, window_start TIMESTAMP, data STRING, count BIGINT, min BIGINT, max "
        "BIGINT, "
        "date DATE, timestamp TIMESTAMP, time BIGINT, first BIGINT, last BIGINT, mode STRING, filter STRING, "
        "output STRING, update BIGINT, all BIGINT, semi BIGINT, table BIGINT, view BIGINT, sink BIGINT, "
        "watermark TIMESTAMP, process BIGINT, emit BIGINT, set BIGINT, if BIGINT, event BIGINT, none BIGINT, "
        "WATERMARK FOR timestamp AS timestamp - INTERVAL '1' SECOND) "
        "FROM file (path = 'p', format = 'csv', kind = 'x', key = 'k', timeout = 1, state = 's', data = 'd', "
        "trigger = 1, checkpoint = 'c', mode = 'm', within = 2);\n"
        "CREATE VIEW view AS SELECT kind, format, key, value, state, count, min, max, date, timestamp, time, "
        "count(*) AS count, max(value) AS max, window_start, rows, data, table, source.path "
        "FROM source WHERE date > DATE '2026-01-01' AND timestamp < TIMESTAMP '2026-01-01 00:00:00' "
        "GROUP BY kind HAVING min > 0 ORDER BY first, last DESC;\n"
        "CREATE VIEW p AS PROCESS source KEY BY key STATE (state BIGINT = 0, count BIGINT) "
        "ON ROWS { state = state + 1; count = count + timeout; if = 1; } EMITS (key STRING, value "
        "BIGINT);\n");
    REQUIRE(parsed.Errors() == "");
    const auto& source = parsed.Statement<ast::CreateSource>(0);
    CHECK(source.name.text == "source");
    CHECK(source.columns.size() == 34);
    CHECK(source.columns[13].name.text == "date");
    CHECK(source.columns[13].type.type == Type::Date());
    CHECK(source.watermark->column.text == "timestamp");
    CHECK(source.from.options.size() == 11);
    const ast::Select& select = ViewSelect(parsed, 1);
    CHECK(select.items.size() == 18);
    CHECK(Sexpr(*select.items[11].expr) == "(count *)");
    CHECK(select.items[11].alias->text == "count");
    CHECK(Sexpr(*select.where) ==
          "(AND (> date DATE'2026-01-01') (< timestamp TIMESTAMP'2026-01-01 00:00:00'))");
    const ast::Process& process = *parsed.Statement<ast::CreateView>(2).body.process;
    CHECK(process.state[0].name.text == "state");
    CHECK(static_cast<const ast::AssignStmt&>(*process.on_rows[2]).target.text == "if");
}

TEST_CASE("statement ranges exclude the semicolon", "[parse][range]") {
    ParsedFile parsed(
        "  CREATE VIEW v AS SELECT a FROM t ;\nCREATE TABLE u (id INT) FROM file (path = 'x');");
    REQUIRE(parsed.Errors() == "");
    CHECK(parsed.Text(parsed.script().statements[0]->range) == "CREATE VIEW v AS SELECT a FROM t");
    CHECK(parsed.Text(parsed.script().statements[1]->range) ==
          "CREATE TABLE u (id INT) FROM file (path = 'x')");
    const auto& table = parsed.Statement<ast::CreateSource>(1);
    CHECK(parsed.Text(table.columns[0].range) == "id INT");
    CHECK(parsed.Text(table.columns[0].type.range) == "INT");
    CHECK(parsed.Text(table.from.range) == "file (path = 'x')");
    CHECK(parsed.Text(parsed.Statement<ast::CreateView>(0).body.range) == "SELECT a FROM t");
}
