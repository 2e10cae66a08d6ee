#include <catch2/catch.hpp>

#include "tests/unit/compiler/sema/sema_test_util.h"

using sluice::test::BindExpr;

TEST_CASE("arithmetic widens operands and follows Spark's result types", "[sema][types]") {
    CHECK(BindExpr("1 + 2") == "(1 + 2) : INT");
    CHECK(BindExpr("n + 1") == "(n + CAST(1 AS BIGINT)) : BIGINT");
    CHECK(BindExpr("i * n") == "(CAST(i AS BIGINT) * n) : BIGINT");
    CHECK(BindExpr("7 / 2") == "(CAST(7 AS DOUBLE) / CAST(2 AS DOUBLE)) : DOUBLE");
    CHECK(BindExpr("amount / 2") == "(amount / CAST(2 AS DECIMAL(10,0))) : DECIMAL(38,6)");
    CHECK(BindExpr("amount * amount") == "(amount * amount) : DECIMAL(21,4)");
    CHECK(BindExpr("amount + 1") ==
          "(CAST(amount AS DECIMAL(12,2)) + CAST(1 AS DECIMAL(12,2))) : DECIMAL(13,2)");
    CHECK(BindExpr("amount + d") == "(CAST(amount AS DOUBLE) + d) : DOUBLE");
    CHECK(BindExpr("n % 3") == "(n % CAST(3 AS BIGINT)) : BIGINT");
    CHECK(BindExpr("-i") == "(-i) : INT");
}

TEST_CASE("time arithmetic", "[sema][types]") {
    CHECK(BindExpr("ts + INTERVAL '1' HOUR") == "(ts + INTERVAL '3600' SECOND) : TIMESTAMP");
    CHECK(BindExpr("INTERVAL '1' SECOND + ts") == "(ts + INTERVAL '1' SECOND) : TIMESTAMP");
    CHECK(BindExpr("ts - ts") == "(ts - ts) : INTERVAL");
    CHECK(BindExpr("day + INTERVAL 2 DAYS") ==
          "(CAST(day AS TIMESTAMP) + INTERVAL '172800' SECOND) : TIMESTAMP");
    CHECK(BindExpr("INTERVAL '1.5' SECOND * 2") == "(INTERVAL '1.5' SECOND * CAST(2 AS BIGINT)) : INTERVAL");
}

TEST_CASE("comparisons, logic and predicates", "[sema][types]") {
    CHECK(BindExpr("ts >= '2026-01-01'") == "(ts >= TIMESTAMP '2026-01-01 00:00:00') : BOOLEAN");
    CHECK(BindExpr("i BETWEEN 1 AND n") == "((i >= 1) AND (CAST(i AS BIGINT) <= n)) : BOOLEAN");
    CHECK(BindExpr("name NOT LIKE 'a%'") == "(NOT (name LIKE 'a%')) : BOOLEAN");
    CHECK(BindExpr("i IN (1, 2, NULL)") == "(i IN (1, 2, NULL)) : BOOLEAN");
    CHECK(BindExpr("n NOT IN (1, 2)") == "(NOT (n IN (CAST(1 AS BIGINT), CAST(2 AS BIGINT)))) : BOOLEAN");
    CHECK(BindExpr("ok AND NULL") == "(ok AND NULL) : BOOLEAN");
    CHECK(BindExpr("name IS NOT NULL") == "(name IS NOT NULL) : BOOLEAN");
}

TEST_CASE("functions resolve to one overload", "[sema][functions]") {
    CHECK(BindExpr("SUBSTR(name, 2)") == "substr(name, CAST(2 AS BIGINT)) : STRING");
    CHECK(BindExpr("ROUND(d)") == "round(d) : DOUBLE");
    CHECK(BindExpr("ROUND(amount, 1)") == "round(amount, 1) : DECIMAL(10,2)");
    CHECK(BindExpr("ABS(i)") == "abs(i) : INT");
    CHECK(BindExpr("CONCAT(name, 'a', 'b')") == "concat(concat(name, 'a'), 'b') : STRING");
    CHECK(BindExpr("COALESCE(i, n, 0)") == "coalesce(CAST(i AS BIGINT), n, CAST(0 AS BIGINT)) : BIGINT");
    CHECK(BindExpr("GREATEST(i, d)") == "greatest(CAST(i AS DOUBLE), d) : DOUBLE");
    CHECK(BindExpr("NULLIF(name, '')") == "CASE WHEN (name = '') THEN NULL ELSE name END : STRING");
    CHECK(BindExpr("IF(ok, i, n)") == "CASE WHEN ok THEN CAST(i AS BIGINT) ELSE n END : BIGINT");
    CHECK(BindExpr("EXTRACT(HOUR FROM day)") == "extract('HOUR', CAST(day AS TIMESTAMP)) : BIGINT");
    CHECK(BindExpr("CURRENT_TIMESTAMP") == "current_timestamp() : TIMESTAMP");
    CHECK(BindExpr("MOD(n, 7)") == "mod(n, CAST(7 AS BIGINT)) : BIGINT");
}

TEST_CASE("CASE and CAST", "[sema][types]") {
    CHECK(BindExpr("CASE i WHEN 1 THEN 'one' WHEN 2 THEN 'two' END") ==
          "CASE WHEN (i = 1) THEN 'one' WHEN (i = 2) THEN 'two' END : STRING");
    CHECK(BindExpr("CASE WHEN ok THEN 1 ELSE 2.5 END") ==
          "CASE WHEN ok THEN CAST(1 AS DECIMAL(11,1)) ELSE CAST(2.5 AS DECIMAL(11,1)) END : DECIMAL(11,1)");
    CHECK(BindExpr("CAST(name AS INT)") == "CAST(name AS INT) : INT");
    CHECK(BindExpr("TRY_CAST(name AS TIMESTAMP)") == "TRY_CAST(name AS TIMESTAMP) : TIMESTAMP");
    CHECK(BindExpr("CAST(NULL AS DATE)") == "NULL : DATE");
}

TEST_CASE("literals get the narrowest type", "[sema][types]") {
    CHECK(BindExpr("2147483647") == "2147483647 : INT");
    CHECK(BindExpr("2147483648") == "2147483648 : BIGINT");
    CHECK(BindExpr("123456789012345678901234") == "123456789012345678901234 : DECIMAL(24,0)");
    CHECK(BindExpr("0.50") == "0.50 : DECIMAL(2,2)");
    CHECK(BindExpr("1.5e3") == "1500.0 : DOUBLE");
    CHECK(BindExpr("DATE '2024-02-29'") == "DATE '2024-02-29' : DATE");
}

TEST_CASE("a select without an alias is named after its text", "[sema]") {
    auto a =
        sluice::test::AnalyzeText(std::string(sluice::test::kTestSource) +
                                  "CREATE SINK k INTO memory () AS SELECT i, n  *   2, UPPER(name) FROM s;");
    REQUIRE(a->plan);
    const auto& schema = a->plan->schema;
    REQUIRE(schema.size() == 3);
    CHECK(schema[0].name == "i");
    CHECK(schema[1].name == "n * 2");
    CHECK(schema[2].name == "UPPER(name)");
}
