#include <catch2/catch.hpp>

#include "compiler/explain/explain.h"
#include "compiler/optimizer/optimizer.h"
#include "compiler/plan/expr/evaluator.h"
#include "tests/unit/compiler/sema/sema_test_util.h"

using namespace sluice;

namespace {

std::string Optimized(const std::string& query, const std::set<std::string>& disabled = {}) {
    auto a =
        test::AnalyzeText(std::string(test::kTestSource) + "CREATE SINK k INTO memory () AS " + query + ";");
    REQUIRE(a->plan);
    plan::LogicalNodePtr root = std::move(a->result.sinks[0].plan);
    optimizer::Optimize(root, {disabled});
    return explain::ExplainLogical(*root, explain::Format::Text);
}

std::string Folded(const std::string& expr) {
    return Optimized("SELECT " + expr + " AS x FROM s").substr(0, std::string::npos);
}

} // namespace

TEST_CASE("constant folding follows three-valued logic", "[optimizer]") {
    CHECK_THAT(Folded("NULL AND FALSE"), Catch::Contains("x: FALSE"));
    CHECK_THAT(Folded("NULL OR TRUE"), Catch::Contains("x: TRUE"));
    CHECK_THAT(Folded("NULL AND TRUE"), Catch::Contains("x: NULL"));
    CHECK_THAT(Folded("ok AND FALSE"), Catch::Contains("x: FALSE"));
    CHECK_THAT(Folded("NOT (ok OR FALSE)"), Catch::Contains("x: (NOT ok)"));
    CHECK_THAT(Folded("1 IN (2, NULL)"), Catch::Contains("x: NULL"));
    CHECK_THAT(Folded("1 IN (1, NULL)"), Catch::Contains("x: TRUE"));
    CHECK_THAT(Folded("5 / 0"), Catch::Contains("x: NULL"));
    CHECK_THAT(Folded("-7 % 2"), Catch::Contains("x: -1"));
    CHECK_THAT(Folded("TIMESTAMP '2026-01-01 00:00:00' + INTERVAL '90' MINUTE"),
               Catch::Contains("x: TIMESTAMP '2026-01-01 01:30:00'"));
    CHECK_THAT(Folded("CAST('42' AS INT) + 1"), Catch::Contains("x: 43"));
    CHECK_THAT(Folded("'a' || 'b'"), Catch::Contains("x: 'ab'"));
}

TEST_CASE("constant folding leaves errors to run time", "[optimizer]") {
    // Overflow and a failed CAST must be run-time errors that name the row.
    CHECK_THAT(Folded("2147483647 + 1"), Catch::Contains("(2147483647 + 1)"));
    CHECK_THAT(Folded("CAST('x' AS INT)"), Catch::Contains("CAST('x' AS INT)"));
    CHECK_THAT(Folded("TRY_CAST('x' AS INT)"), Catch::Contains("x: NULL"));
    // Conversions the evaluator does not cover are left alone, not folded to NULL.
    CHECK_THAT(Folded("TRY_CAST('1.5' AS DECIMAL(3,1))"), Catch::Contains("TRY_CAST('1.5' AS DECIMAL(3,1))"));
    CHECK_THAT(Folded("TRY_CAST('true' AS BOOLEAN)"), Catch::Contains("TRY_CAST('true' AS BOOLEAN)"));
    // Too many digits for the target: left for the run-time error, computed without overflow.
    CHECK_THAT(Folded("CAST(100 AS DECIMAL(38,37))"), Catch::Contains("CAST(100 AS DECIMAL(38,37))"));
    CHECK_THAT(Folded("TRY_CAST(100 AS DECIMAL(38,37))"), Catch::Contains("x: NULL"));
    CHECK_THAT(Folded("CAST(12 AS DECIMAL(4,2))"), Catch::Contains("x: 12.00"));
}

TEST_CASE("filters move below projections and scans keep only used columns", "[optimizer]") {
    std::string plan = Optimized("SELECT n * 2 AS doubled FROM (SELECT n, name FROM s) AS t WHERE n > 10");
    CHECK(plan == "#4 Sink [append] { k: memory, trigger: default }\n"
                  "└─#3 Project { doubled: (n * 2) }\n"
                  "  └─#2 Filter { (n > 10) }\n"
                  "    └─#1 Source { s: memory, columns: [n] }\n");
}

TEST_CASE("every rule can be switched off", "[optimizer]") {
    // A query each rule changes.
    const char* most = "SELECT x2 + (1 + 1) AS x FROM (SELECT n * 2 AS x2, name FROM s) AS t WHERE x2 > 1";
    const char* self_union = "SELECT n FROM s UNION ALL SELECT i FROM s";
    for (const std::string& rule : optimizer::RuleNames()) {
        INFO(rule);
        const char* query = rule == "shared_scans" ? self_union : most;
        CHECK(Optimized(query) != Optimized(query, {rule}));
    }
    CHECK(optimizer::RuleNames() == std::vector<std::string>{"constant_folding", "filter_pushdown",
                                                             "projection_pruning", "project_merge",
                                                             "shared_scans"});
}

TEST_CASE("a source read twice is one source of the plan", "[optimizer]") {
    std::string plan = Optimized("SELECT n FROM s UNION ALL SELECT i FROM s");
    CHECK_THAT(plan, Catch::Contains("columns: [i, n]"));
    CHECK_THAT(plan, !Catch::Contains("columns: [n]"));
}
