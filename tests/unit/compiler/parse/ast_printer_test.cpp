// PrintAst and AstToJson: the tree `sluice explain --level ast` shows.

#include "parse_test_util.h"

using namespace sluice;
using sluice::testing::ParsedFile;

TEST_CASE("PrintAst renders every statement kind as an indented tree", "[parse][ast_printer]") {
    ParsedFile parsed(
        "CREATE SOURCE bids (auction BIGINT, price DECIMAL(10, 2), ts TIMESTAMP,\n"
        "  WATERMARK FOR ts AS ts - INTERVAL '4' SECOND) FROM kafka (topic = 'bids') FORMAT json;\n"
        "CREATE TABLE users (id INT) FROM file (path = 'u.csv') FORMAT csv (header = true);\n"
        "CREATE VIEW v AS SELECT DISTINCT b.auction, COUNT(DISTINCT id) FILTER (WHERE price > 1) AS n\n"
        "  FROM TUMBLE(bids, ts, INTERVAL '10' SECOND) b LEFT JOIN users AS \"U\" ON b.auction = \"U\".id\n"
        "  WHERE price BETWEEN 1 AND 2 AND NOT auction IN (1, 2) DEDUPLICATE BY (auction) WITHIN WATERMARK\n"
        "  GROUP BY b.auction HAVING COUNT(*) > 1 UNION ALL SELECT * FROM w ORDER BY 1 DESC LIMIT 3;\n"
        "CREATE SINK s INTO console () OUTPUT MODE UPDATE TRIGGER PROCESSING TIME INTERVAL '5' SECOND\n"
        "  CHECKPOINT 'cp' WITH (state_partitions = -8) AS\n"
        "  PROCESS v KEY BY auction STATE (k BIGINT = 0) TIMEOUT EVENT TIME\n"
        "  ON ROWS { FOR EACH ROW { k = k + 1; } IF k > 2 THEN EMIT (auction, k); ELSE CLEAR STATE; END IF; "
        "}\n"
        "  ON TIMEOUT { SET TIMEOUT CURRENT_TIMESTAMP; } EMITS (auction BIGINT, k BIGINT);\n");
    REQUIRE(parsed.Errors() == "");
    CHECK(ast::PrintAst(parsed.script()) == R"(Script
  CreateSource bids
    Column auction BIGINT
    Column price DECIMAL(10,2)
    Column ts TIMESTAMP
    Watermark ts
      Binary -
        ColumnRef ts
        Literal INTERVAL '4' SECOND
    Connector kafka FORMAT json
      Option topic
        Literal 'bids'
  CreateTable users
    Column id INT
    Connector file FORMAT csv
      Option path
        Literal 'u.csv'
      FormatOptions
        Option header
          Literal TRUE
  CreateView v
    Query UNION ALL
      Select DISTINCT
        Item
          ColumnRef b.auction
        Item AS n
          Call COUNT DISTINCT
            ColumnRef id
            Filter
              Binary >
                ColumnRef price
                Literal 1
        From
          Join LEFT
            TableFunction TUMBLE AS b
              Table bids
              ColumnRef ts
              Literal INTERVAL '10' SECOND
            Table users AS "U"
            On
              Binary =
                ColumnRef b.auction
                ColumnRef "U".id
        Where
          Binary AND
            Between
              ColumnRef price
              Literal 1
              Literal 2
            Unary NOT
              InList
                ColumnRef auction
                List
                  Literal 1
                  Literal 2
        Deduplicate WITHIN WATERMARK
          ColumnRef auction
        GroupBy
          ColumnRef b.auction
        Having
          Binary >
            Call COUNT
              Star *
            Literal 1
      Select
        Item
          Star *
        From
          Table w
      OrderBy
        OrderItem DESC
          Literal 1
      Limit
        Literal 3
  CreateSink s
    Connector console
    OutputMode UPDATE
    Trigger PROCESSING TIME
      Literal INTERVAL '5' SECOND
    Checkpoint 'cp'
    Settings
      Option state_partitions
        Unary -
          Literal 8
    Process v
      KeyBy
        ColumnRef auction
      State
        StateVar k BIGINT
          Literal 0
      Timeout EVENT TIME
      OnRows
        ForEachRow
          Assign k
            Binary +
              ColumnRef k
              Literal 1
        If
          Branch
            Binary >
              ColumnRef k
              Literal 2
            Then
              Emit
                ColumnRef auction
                ColumnRef k
          Else
            ClearState
      OnTimeout
        SetTimeout
          Call current_timestamp
      Emits
        Column auction BIGINT
        Column k BIGINT
)");
}

TEST_CASE("PrintAst can show byte ranges", "[parse][ast_printer]") {
    ParsedFile parsed("CREATE VIEW v AS SELECT a + 1 FROM t;");
    CHECK(ast::PrintAst(parsed.script(), true) == R"(Script
  CreateView v @0..36
    Query @17..36
      Select @17..36
        Item @24..29
          Binary + @24..29
            ColumnRef a @24..25
            Literal 1 @28..29
        From
          Table t @35..36
)");
}

TEST_CASE("AstToJson mirrors the tree with fields and ranges", "[parse][ast_printer]") {
    ParsedFile parsed("CREATE VIEW v AS SELECT a + 1 AS b FROM t WHERE x IS NOT NULL;");
    nlohmann::json json = ast::AstToJson(parsed.script());
    CHECK(json["node"] == "Script");
    const nlohmann::json& view = json["statements"][0];
    CHECK(view["node"] == "CreateView");
    CHECK(view["name"] == nlohmann::json({{"text", "v"}, {"quoted", false}}));
    CHECK(view["range"] == nlohmann::json::array({0, 61}));
    const nlohmann::json& select = view["body"]["selects"][0];
    const nlohmann::json& item = select["items"][0];
    CHECK(item["alias"]["text"] == "b");
    CHECK(item["expr"]["node"] == "Binary");
    CHECK(item["expr"]["op"] == "+");
    CHECK(item["expr"]["op_range"] == nlohmann::json::array({26, 27}));
    CHECK(item["expr"]["left"]["name"][0]["text"] == "a");
    CHECK(item["expr"]["right"]["literal_kind"] == "integer");
    CHECK(item["expr"]["right"]["text"] == "1");
    CHECK(select["from"]["node"] == "Table");
    CHECK(select["where"]["node"] == "IsNull");
    CHECK(select["where"]["negated"] == true);
    CHECK(select["group_by"].empty());
    CHECK_FALSE(select.contains("having"));
    // Deterministic: the same script gives the same document.
    CHECK(json.dump() == ast::AstToJson(parsed.script()).dump());
}
