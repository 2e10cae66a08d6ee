// Every example of LANGUAGE.md (the normative language description) parses, with the shape the
// text describes.

#include "parse_test_util.h"

using namespace sluice;
using sluice::testing::ParsedFile;
using sluice::testing::Sexpr;

namespace {

constexpr const char* kStatements = R"sql(
-- 1. A streaming input: an unbounded table that grows as data arrives.
CREATE SOURCE bids (
    auction   BIGINT,
    bidder    BIGINT,
    price     BIGINT,
    channel   STRING,
    ts        TIMESTAMP,
    WATERMARK FOR ts AS ts - INTERVAL '4' SECOND      -- optional; one per source
) FROM kafka (brokers = 'localhost:9092', topic = 'bids', starting_offsets = 'earliest')
  FORMAT json;

-- 2. A static input, read once when a query starts (for stream-static joins).
CREATE TABLE users (user_id BIGINT, country STRING)
  FROM file (path = 'data/users.csv') FORMAT csv (header = true);

-- 3. A named query; runs nothing by itself.
CREATE VIEW big_bids AS SELECT auction, price, ts FROM bids WHERE price > 1000000;

-- 4. A streaming query: where its results go, how, when, and where its progress is kept.
CREATE SINK hot_auctions
  INTO console ()                                   -- connector (options)
  OUTPUT MODE UPDATE                                -- APPEND (default) | UPDATE | COMPLETE
  TRIGGER PROCESSING TIME INTERVAL '5' SECOND       -- default: next batch as soon as the last ends
  CHECKPOINT 'checkpoints/hot_auctions'             -- optional; without it the query cannot resume
  WITH (state_partitions = 8)                       -- optional query settings (below)
AS SELECT auction, window_start, window_end, COUNT(*) AS bids
   FROM bids
   GROUP BY auction, HOP(ts, INTERVAL '2' SECOND, INTERVAL '10' SECOND);
)sql";

constexpr const char* kProcess = R"sql(
CREATE VIEW sessions AS
PROCESS clicks
  KEY BY user_id
  STATE (n BIGINT = 0, first_ts TIMESTAMP, last_ts TIMESTAMP)
  TIMEOUT EVENT TIME                -- or PROCESSING TIME, or none
  ON ROWS {                         -- runs once per key per batch, over that key's new rows in order
    FOR EACH ROW {
      n = n + 1;
      IF first_ts IS NULL THEN first_ts = ts; END IF;
      last_ts = ts;
    }
    SET TIMEOUT last_ts + INTERVAL '30' MINUTE;
  }
  ON TIMEOUT {
    EMIT (user_id, n, first_ts, last_ts);
    CLEAR STATE;
  }
  EMITS (user_id BIGINT, clicks BIGINT, session_start TIMESTAMP, session_end TIMESTAMP);
)sql";

} // namespace

TEST_CASE("the statements of LANGUAGE.md parse", "[parse][language]") {
    ParsedFile parsed(kStatements);
    REQUIRE(parsed.Errors() == "");
    REQUIRE(parsed.script().statements.size() == 4);

    const auto& bids = parsed.Statement<ast::CreateSource>(0);
    CHECK(bids.kind == ast::StatementKind::CreateSource);
    CHECK(bids.name.text == "bids");
    REQUIRE(bids.columns.size() == 5);
    CHECK(bids.columns[3].name.text == "channel");
    CHECK(bids.columns[3].type.type == Type::String());
    CHECK(bids.columns[4].type.type == Type::Timestamp());
    REQUIRE(bids.watermark);
    CHECK(bids.watermark->column.text == "ts");
    CHECK(Sexpr(*bids.watermark->expr) == "(- ts INTERVAL'4'SECOND)");
    CHECK(bids.from.connector.text == "kafka");
    REQUIRE(bids.from.options.size() == 3);
    CHECK(bids.from.options[2].key.text == "starting_offsets");
    CHECK(Sexpr(*bids.from.options[2].value) == "'earliest'");
    CHECK(parsed.Text(bids.from.options_range) ==
          "(brokers = 'localhost:9092', topic = 'bids', starting_offsets = 'earliest')");
    REQUIRE(bids.from.format);
    CHECK(bids.from.format->text == "json");

    const auto& users = parsed.Statement<ast::CreateSource>(1);
    CHECK(users.kind == ast::StatementKind::CreateTable);
    CHECK_FALSE(users.watermark);
    CHECK(users.from.format->text == "csv");
    REQUIRE(users.from.format_options.size() == 1);
    CHECK(users.from.format_options[0].key.text == "header");
    CHECK(Sexpr(*users.from.format_options[0].value) == "TRUE");

    const auto& view = parsed.Statement<ast::CreateView>(2);
    REQUIRE(view.body.query);
    const ast::Select& select = view.body.query->selects.at(0);
    CHECK(select.items.size() == 3);
    CHECK(Sexpr(*select.where) == "(> price 1000000)");

    const auto& sink = parsed.Statement<ast::CreateSink>(3);
    CHECK(sink.name.text == "hot_auctions");
    CHECK(sink.into.connector.text == "console");
    CHECK(sink.into.options.empty());
    CHECK(parsed.Text(sink.into.options_range) == "()");
    CHECK(sink.output_mode == ast::OutputMode::Update);
    CHECK(parsed.Text(sink.output_mode_range) == "OUTPUT MODE UPDATE");
    CHECK(sink.trigger.kind == ast::TriggerKind::ProcessingTime);
    CHECK(Sexpr(*sink.trigger.interval) == "INTERVAL'5'SECOND");
    CHECK(parsed.Text(sink.trigger.range) == "TRIGGER PROCESSING TIME INTERVAL '5' SECOND");
    CHECK(sink.checkpoint == "checkpoints/hot_auctions");
    REQUIRE(sink.settings.size() == 1);
    CHECK(sink.settings[0].key.text == "state_partitions");
    const ast::Select& hop = sink.body.query->selects.at(0);
    REQUIRE(hop.items.size() == 4);
    CHECK(Sexpr(*hop.items[3].expr) == "(COUNT *)");
    CHECK(hop.items[3].alias->text == "bids");
    REQUIRE(hop.group_by.size() == 2);
    CHECK(Sexpr(*hop.group_by[1]) == "(HOP ts INTERVAL'2'SECOND INTERVAL'10'SECOND)");
    CHECK(parsed.Text(hop.group_by_range) ==
          "GROUP BY auction, HOP(ts, INTERVAL '2' SECOND, INTERVAL '10' SECOND)");
    CHECK(parsed.Text(sink.range).starts_with("CREATE SINK hot_auctions"));
    CHECK(parsed.Text(sink.range).ends_with("INTERVAL '10' SECOND)"));
}

TEST_CASE("the deduplication examples of LANGUAGE.md parse", "[parse][language]") {
    ParsedFile parsed("CREATE VIEW a AS SELECT * FROM clicks DEDUPLICATE BY (event_id, ts);\n"
                      "CREATE VIEW b AS SELECT * FROM clicks DEDUPLICATE BY (event_id) WITHIN WATERMARK;\n");
    REQUIRE(parsed.Errors() == "");
    const ast::Select& first = parsed.Statement<ast::CreateView>(0).body.query->selects.at(0);
    REQUIRE(first.dedup);
    CHECK(first.dedup->keys.size() == 2);
    CHECK_FALSE(first.dedup->within_watermark);
    CHECK(parsed.Text(first.dedup->range) == "DEDUPLICATE BY (event_id, ts)");
    CHECK(first.items.at(0).expr->kind == ast::ExprKind::Star);
    const ast::Select& second = parsed.Statement<ast::CreateView>(1).body.query->selects.at(0);
    CHECK(second.dedup->within_watermark);
    CHECK(parsed.Text(second.dedup->range) == "DEDUPLICATE BY (event_id) WITHIN WATERMARK");
}

TEST_CASE("the PROCESS example of LANGUAGE.md parses", "[parse][language]") {
    ParsedFile parsed(kProcess);
    REQUIRE(parsed.Errors() == "");
    const auto& view = parsed.Statement<ast::CreateView>(0);
    REQUIRE(view.body.process);
    const ast::Process& process = *view.body.process;
    CHECK(process.input.text == "clicks");
    REQUIRE(process.keys.size() == 1);
    CHECK(Sexpr(*process.keys[0]) == "user_id");
    REQUIRE(process.state.size() == 3);
    CHECK(process.state[0].name.text == "n");
    CHECK(process.state[0].type.type == Type::BigInt());
    CHECK(Sexpr(*process.state[0].init) == "0");
    CHECK(process.state[1].init == nullptr);
    CHECK(process.timeout == ast::TimeoutKind::EventTime);
    CHECK(parsed.Text(process.timeout_range) == "TIMEOUT EVENT TIME");

    REQUIRE(process.on_rows.size() == 2);
    REQUIRE(process.on_rows[0]->kind == ast::StmtKind::ForEachRow);
    const auto& loop = static_cast<const ast::ForEachRowStmt&>(*process.on_rows[0]);
    REQUIRE(loop.body.size() == 3);
    const auto& increment = static_cast<const ast::AssignStmt&>(*loop.body[0]);
    CHECK(increment.target.text == "n");
    CHECK(Sexpr(*increment.value) == "(+ n 1)");
    CHECK(parsed.Text(increment.range) == "n = n + 1;");
    REQUIRE(loop.body[1]->kind == ast::StmtKind::If);
    const auto& if_stmt = static_cast<const ast::IfStmt&>(*loop.body[1]);
    REQUIRE(if_stmt.branches.size() == 1);
    CHECK(Sexpr(*if_stmt.branches[0].condition) == "(IS NULL first_ts)");
    CHECK(if_stmt.branches[0].body.size() == 1);
    CHECK_FALSE(if_stmt.has_else);
    CHECK(parsed.Text(if_stmt.range) == "IF first_ts IS NULL THEN first_ts = ts; END IF;");
    REQUIRE(process.on_rows[1]->kind == ast::StmtKind::SetTimeout);
    CHECK(Sexpr(*static_cast<const ast::SetTimeoutStmt&>(*process.on_rows[1]).at) ==
          "(+ last_ts INTERVAL'30'MINUTE)");

    CHECK(process.has_on_timeout);
    REQUIRE(process.on_timeout.size() == 2);
    CHECK(static_cast<const ast::EmitStmt&>(*process.on_timeout[0]).values.size() == 4);
    CHECK(process.on_timeout[1]->kind == ast::StmtKind::ClearState);
    CHECK(parsed.Text(process.on_timeout_range).starts_with("ON TIMEOUT {"));
    CHECK(parsed.Text(process.on_timeout_range).ends_with("}"));
    REQUIRE(process.emits.size() == 4);
    CHECK(process.emits[3].name.text == "session_end");
    CHECK(parsed.Text(process.range).starts_with("PROCESS clicks"));
    CHECK(parsed.Text(process.range).ends_with("session_end TIMESTAMP)"));
}
