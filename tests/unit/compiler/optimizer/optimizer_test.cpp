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
}

TEST_CASE("filters move below projections and scans keep only used columns", "[optimizer]") {
    std::string plan = Optimized("SELECT n * 2 AS doubled FROM (SELECT n, name FROM s) AS t WHERE n > 10");
    CHECK(plan == "#4 Sink [append] { k: memory, trigger: default }\n"
                  "└─#3 Project { doubled: (n * 2) }\n"
                  "  └─#2 Filter { (n > 10) }\n"
                  "    └─#1 Source { s: memory, columns: [n] }\n");
}

TEST_CASE("every rule can be switched off", "[optimizer]") {
    for (const std::string& rule : optimizer::RuleNames()) {
        INFO(rule);
        const char* query =
            "SELECT x2 + (1 + 1) AS x FROM (SELECT n * 2 AS x2, name FROM s) AS t WHERE x2 > 1";
        std::string with = Optimized(query);
        std::string without = Optimized(query, {rule});
        CHECK(with != without);
    }
    CHECK(optimizer::RuleNames() == std::vector<std::string>{"constant_folding", "filter_pushdown",
                                                             "projection_pruning", "project_merge"});
}
