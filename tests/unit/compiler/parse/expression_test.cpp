// Expressions: precedence, associativity, every form, literals and node ranges.

#include "parse_test_util.h"

using namespace sluice;
using sluice::testing::ParsedExpr;

namespace {

/// The expression's prefix form, or the diagnostics when it did not parse.
std::string Shape(const std::string& text) {
    ParsedExpr parsed(text);
    if (!parsed.ok())
        return parsed.Errors();
    return parsed.sexpr();
}

const ast::Literal& AsLiteral(const ast::Expr& expr) {
    REQUIRE(expr.kind == ast::ExprKind::Literal);
    return static_cast<const ast::Literal&>(expr);
}

} // namespace

TEST_CASE("operator precedence follows SQL", "[parse][expr]") {
    CHECK(Shape("a OR b AND c") == "(OR a (AND b c))");
    CHECK(Shape("a AND b OR c") == "(OR (AND a b) c)");
    CHECK(Shape("NOT a AND b") == "(AND (NOT a) b)");
    CHECK(Shape("NOT a = b") == "(NOT (= a b))");
    CHECK(Shape("a = b AND c <> d") == "(AND (= a b) (<> c d))");
    CHECK(Shape("a < b || c") == "(< a (|| b c))");
    CHECK(Shape("a || b + c") == "(|| a (+ b c))");
    CHECK(Shape("a + b * c") == "(+ a (* b c))");
    CHECK(Shape("a * b + c") == "(+ (* a b) c)");
    CHECK(Shape("-a * b") == "(* (- a) b)");
    CHECK(Shape("a - -b") == "(- a (- b))");
    CHECK(Shape("+a") == "(+ a)");
    CHECK(Shape("(a + b) * c") == "(* (+ a b) c)");
    CHECK(Shape("a + b IS NULL") == "(IS NULL (+ a b))");
    CHECK(Shape("NOT a IS NOT NULL") == "(NOT (IS NOT NULL a))");
    CHECK(Shape("a BETWEEN 1 AND 2 AND b") == "(AND (BETWEEN a 1 2) b)");
    CHECK(Shape("a BETWEEN b + 1 AND c * 2") == "(BETWEEN a (+ b 1) (* c 2))");
    CHECK(Shape("a LIKE 'x' || '%' OR b") == "(OR (LIKE a (|| 'x' '%')) b)");
    CHECK(Shape("x + 1 IN (1, 2) AND y") == "(AND (IN (+ x 1) (1 2)) y)");
}

TEST_CASE("binary operators associate to the left", "[parse][expr]") {
    CHECK(Shape("a - b - c") == "(- (- a b) c)");
    CHECK(Shape("a - b + c") == "(+ (- a b) c)");
    CHECK(Shape("a / b * c % d") == "(% (* (/ a b) c) d)");
    CHECK(Shape("a || b || c") == "(|| (|| a b) c)");
    CHECK(Shape("a OR b OR c") == "(OR (OR a b) c)");
    CHECK(Shape("a AND b AND c") == "(AND (AND a b) c)");
    CHECK(Shape("a = b = c") == "(= (= a b) c)");
    CHECK(Shape("NOT NOT a") == "(NOT (NOT a))");
}

TEST_CASE("comparison operators", "[parse][expr]") {
    CHECK(Shape("a = b") == "(= a b)");
    CHECK(Shape("a == b") == "(= a b)");
    CHECK(Shape("a <> b") == "(<> a b)");
    CHECK(Shape("a != b") == "(<> a b)");
    CHECK(Shape("a < b") == "(< a b)");
    CHECK(Shape("a <= b") == "(<= a b)");
    CHECK(Shape("a > b") == "(> a b)");
    CHECK(Shape("a >= b") == "(>= a b)");
}

TEST_CASE("SQL predicates and their negations", "[parse][expr]") {
    CHECK(Shape("a IS NULL") == "(IS NULL a)");
    CHECK(Shape("a IS NOT NULL") == "(IS NOT NULL a)");
    CHECK(Shape("a IN (1)") == "(IN a (1))");
    CHECK(Shape("a NOT IN ('x', 'y', b)") == "(NOT IN a ('x' 'y' b))");
    CHECK(Shape("a BETWEEN 1 AND 10") == "(BETWEEN a 1 10)");
    CHECK(Shape("a NOT BETWEEN 1 AND 10") == "(NOT BETWEEN a 1 10)");
    CHECK(Shape("a LIKE 'x%'") == "(LIKE a 'x%')");
    CHECK(Shape("a NOT LIKE 'x%'") == "(NOT LIKE a 'x%')");
}

TEST_CASE("literals", "[parse][expr]") {
    CHECK(Shape("42") == "42");
    CHECK(AsLiteral(ParsedExpr("42").expr()).literal_kind == ast::LiteralKind::Integer);
    CHECK(AsLiteral(ParsedExpr("4.2").expr()).literal_kind == ast::LiteralKind::Decimal);
    CHECK(AsLiteral(ParsedExpr(".5").expr()).literal_kind == ast::LiteralKind::Decimal);
    CHECK(AsLiteral(ParsedExpr("4.2e3").expr()).literal_kind == ast::LiteralKind::Double);
    CHECK(AsLiteral(ParsedExpr("4E-3").expr()).text == "4E-3");
    CHECK(AsLiteral(ParsedExpr("9223372036854775807").expr()).literal_kind == ast::LiteralKind::Integer);
    // Beyond BIGINT: a DECIMAL literal while it fits 38 digits.
    CHECK(AsLiteral(ParsedExpr("9223372036854775808").expr()).literal_kind == ast::LiteralKind::Decimal);
    CHECK(AsLiteral(ParsedExpr("00000000000000000000042").expr()).literal_kind == ast::LiteralKind::Integer);
    CHECK(AsLiteral(ParsedExpr(std::string(38, '9')).expr()).literal_kind == ast::LiteralKind::Decimal);
    CHECK(Shape("'it''s'") == "'it''s'");
    CHECK(AsLiteral(ParsedExpr("'it''s'").expr()).text == "it's");
    CHECK(AsLiteral(ParsedExpr("''").expr()).text == "");
    CHECK(Shape("TRUE") == "TRUE");
    CHECK(Shape("false") == "FALSE");
    CHECK(Shape("NULL") == "NULL");
    CHECK(Shape("TIMESTAMP '2026-01-01 00:00:00'") == "TIMESTAMP'2026-01-01 00:00:00'");
    CHECK(Shape("timestamp '2026-01-01T10:20:30.123456Z'") == "TIMESTAMP'2026-01-01T10:20:30.123456Z'");
    CHECK(Shape("DATE '2024-02-29'") == "DATE'2024-02-29'");
    CHECK(Shape("-5") == "(- 5)");
}

TEST_CASE("interval literals in all their spellings", "[parse][expr]") {
    CHECK(Shape("INTERVAL '10' SECOND") == "INTERVAL'10'SECOND");
    CHECK(Shape("INTERVAL 10 SECONDS") == "INTERVAL'10'SECOND");
    CHECK(Shape("interval 3 minutes") == "INTERVAL'3'MINUTE");
    CHECK(Shape("INTERVAL '10 seconds'") == "INTERVAL'10'SECOND");
    CHECK(Shape("INTERVAL '1 minute 30 seconds'") == "INTERVAL'90'SECOND");
    CHECK(Shape("INTERVAL '1.5' SECOND") == "INTERVAL'1.5'SECOND");
    CHECK(Shape("INTERVAL -2 HOURS") == "INTERVAL'-2'HOUR");
    CHECK(Shape("INTERVAL '1' MICROSECOND") == "INTERVAL'1'MICROSECOND");
    CHECK(Shape("INTERVAL '1' MILLISECONDS") == "INTERVAL'1'MILLISECOND");
    CHECK(Shape("INTERVAL '1' day") == "INTERVAL'1'DAY");
    CHECK(Shape("INTERVAL '2' WEEKS") == "INTERVAL'2'WEEK");
    CHECK(Shape("INTERVAL '10' SECOND AS pause") == "INTERVAL'10'SECOND");
    ParsedExpr parsed("INTERVAL '10' SECOND");
    CHECK(parsed.Text(parsed.expr().range) == "INTERVAL '10' SECOND");
}

TEST_CASE("CAST and TRY_CAST to every type", "[parse][expr]") {
    CHECK(Shape("CAST(a AS BOOLEAN)") == "(CAST a BOOLEAN)");
    CHECK(Shape("CAST(a AS bool)") == "(CAST a BOOLEAN)");
    CHECK(Shape("CAST(a AS INT)") == "(CAST a INT)");
    CHECK(Shape("CAST(a AS INTEGER)") == "(CAST a INT)");
    CHECK(Shape("CAST(a AS BIGINT)") == "(CAST a BIGINT)");
    CHECK(Shape("CAST(a AS LONG)") == "(CAST a BIGINT)");
    CHECK(Shape("CAST(a AS DOUBLE)") == "(CAST a DOUBLE)");
    CHECK(Shape("CAST(a AS DECIMAL(12, 3))") == "(CAST a DECIMAL(12,3))");
    CHECK(Shape("CAST(a AS DECIMAL(5))") == "(CAST a DECIMAL(5,0))");
    CHECK(Shape("CAST(a AS DECIMAL)") == "(CAST a DECIMAL(10,0))");
    CHECK(Shape("CAST(a AS NUMERIC(38, 38))") == "(CAST a DECIMAL(38,38))");
    CHECK(Shape("CAST(a AS STRING)") == "(CAST a STRING)");
    CHECK(Shape("CAST(a AS varchar)") == "(CAST a STRING)");
    CHECK(Shape("CAST(a AS TIMESTAMP)") == "(CAST a TIMESTAMP)");
    CHECK(Shape("CAST(a AS DATE)") == "(CAST a DATE)");
    CHECK(Shape("TRY_CAST(a + 1 AS BIGINT)") == "(TRY_CAST (+ a 1) BIGINT)");
}

TEST_CASE("CASE in both forms", "[parse][expr]") {
    CHECK(Shape("CASE WHEN a > 1 THEN 'big' WHEN a > 0 THEN 'small' ELSE 'none' END") ==
          "(CASE (WHEN (> a 1) 'big') (WHEN (> a 0) 'small') (ELSE 'none'))");
    CHECK(Shape("CASE a WHEN 1 THEN 'one' END") == "(CASE a (WHEN 1 'one'))");
    CHECK(Shape("CASE WHEN CASE WHEN a THEN b END THEN 1 END") == "(CASE (WHEN (CASE (WHEN a b)) 1))");
}

TEST_CASE("function calls, aggregates and the special forms", "[parse][expr]") {
    CHECK(Shape("COUNT(*)") == "(COUNT *)");
    CHECK(Shape("count(DISTINCT bidder)") == "(count DISTINCT bidder)");
    CHECK(Shape("SUM(price) FILTER (WHERE price > 10)") == "(SUM price FILTER (> price 10))");
    CHECK(Shape("COUNT(*) FILTER (WHERE a)") == "(COUNT * FILTER a)");
    CHECK(Shape("MIN_BY(x, key)") == "(MIN_BY x key)");
    CHECK(Shape("now()") == "(now)");
    CHECK(Shape("ROUND(price * 1.1, 2)") == "(ROUND (* price 1.1) 2)");
    CHECK(Shape("IF(a, b, c)") == "(IF a b c)");
    CHECK(Shape("date(ts)") == "(date ts)");
    CHECK(Shape("CURRENT_TIMESTAMP") == "(current_timestamp)");
    CHECK(Shape("current_timestamp()") == "(current_timestamp)");
    CHECK(Shape("EXTRACT(hour FROM ts)") == "(extract 'HOUR' ts)");
    CHECK(Shape("t.price") == "t.price");
    CHECK(Shape("a.b.c") == "a.b.c");

    ParsedExpr extract("EXTRACT(hour FROM ts)");
    const auto& call = static_cast<const ast::Call&>(extract.expr());
    CHECK(call.name.Key() == "extract");
    CHECK(extract.Text(call.args[0]->range) == "hour");
    CHECK(extract.Text(call.range) == "EXTRACT(hour FROM ts)");
}

TEST_CASE("expression nodes cover their text", "[parse][expr][range]") {
    ParsedExpr parsed("(a + b) * fn(c, 2)");
    REQUIRE(parsed.ok());
    const auto& mul = static_cast<const ast::Binary&>(parsed.expr());
    CHECK(parsed.Text(mul.range) == "(a + b) * fn(c, 2)");
    CHECK(parsed.Text(mul.op_range) == "*");
    const auto& add = static_cast<const ast::Binary&>(*mul.left);
    CHECK(parsed.Text(add.range) == "a + b");
    CHECK(parsed.Text(add.op_range) == "+");
    CHECK(parsed.Text(mul.right->range) == "fn(c, 2)");

    ParsedExpr chain("a - b + c");
    const auto& outer = static_cast<const ast::Binary&>(chain.expr());
    CHECK(chain.Text(outer.range) == "a - b + c");
    CHECK(chain.Text(outer.left->range) == "a - b");

    ParsedExpr predicate("x NOT BETWEEN 1 AND 2 IS NULL");
    CHECK(predicate.sexpr() == "(IS NULL (NOT BETWEEN x 1 2))");
    const auto& is_null = static_cast<const ast::IsNull&>(predicate.expr());
    CHECK(predicate.Text(is_null.range) == "x NOT BETWEEN 1 AND 2 IS NULL");
    CHECK(predicate.Text(is_null.operand->range) == "x NOT BETWEEN 1 AND 2");

    ParsedExpr comparison("price >= 10");
    CHECK(comparison.Text(static_cast<const ast::Binary&>(comparison.expr()).op_range) == ">=");
    ParsedExpr negation("NOT  a");
    CHECK(negation.Text(negation.expr().range) == "NOT  a");
    ParsedExpr cast("TRY_CAST(x AS DECIMAL(4, 1))");
    CHECK(cast.Text(static_cast<const ast::Cast&>(cast.expr()).target.range) == "DECIMAL(4, 1)");
}

TEST_CASE("keywords are case-insensitive", "[parse][expr]") {
    CHECK(Shape("a iS nOt NuLl aNd b") == "(AND (IS NOT NULL a) b)");
    CHECK(Shape("cAsE wHeN a tHeN 1 eNd") == "(CASE (WHEN a 1))");
}

TEST_CASE("TIMESTAMP and DATE literals are checked as CAST reads them", "[parse][expr][literal]") {
    for (const char* good :
         {"TIMESTAMP '2026-01-01'", "TIMESTAMP '2026-01-01 10:20'", "TIMESTAMP ' 2026-01-01 10:20:30 '",
          "TIMESTAMP '2024-02-29T23:59:59.999999Z'", "DATE '2000-02-29'"})
        CHECK(ParsedExpr(good).ok());
    for (const char* bad :
         {"TIMESTAMP '2026-01-01 24:00:00'", "TIMESTAMP '2026-13-01'", "TIMESTAMP 'yesterday'",
          "TIMESTAMP '2026-01-01 10:00:61'", "DATE '2023-02-29'", "DATE '2026-01-01 00:00:00'", "DATE ''"}) {
        ParsedExpr parsed(bad);
        REQUIRE(parsed.diags.ErrorCount() == 1);
        CHECK(parsed.diags.diagnostics()[0].code == DiagCode::E0102);
    }
    // The text is kept without the surrounding spaces.
    CHECK(ParsedExpr("TIMESTAMP ' 2026-01-01 10:20:30 '").sexpr() == "TIMESTAMP'2026-01-01 10:20:30'");
}
