#include "tests/oracle/oracle_queries.h"

#include <cstdint>
#include <limits>

namespace sluice::oracle {

namespace {

constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();
constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
constexpr int64_t kInt32Min = std::numeric_limits<int32_t>::min();
constexpr int64_t kInt32Max = std::numeric_limits<int32_t>::max();
constexpr int64_t kMicrosPerDay = int64_t{86400} * 1000000;

int64_t Pow10(int64_t n) {
    int64_t v = 1;
    while (n-- > 0)
        v *= 10;
    return v;
}

// Magnitudes up to 1e12, so that `a * b` (|b| <= 20) and `a + b * i` stay far from BIGINT overflow, which
// Sluice reports as an error and SQLite turns into a REAL.
Cell ModerateBigint(Random& r) {
    if (r.Chance(0.1))
        return {};
    if (r.Chance(0.1))
        return int64_t{0};
    const int64_t limit = Pow10(r.Between(0, 12));
    return r.Between(-limit, limit);
}

// Decimal fractions with up to six places, mostly below 1e7 in magnitude, some up to 1e13, some tiny.
Cell FractionalDouble(Random& r) {
    if (r.Chance(0.1))
        return {};
    if (r.Chance(0.05))
        return 0.0;
    if (r.Chance(0.02))
        return -0.0;
    double v = static_cast<double>(r.Between(-9999999, 9999999)) / static_cast<double>(Pow10(r.Between(0, 6)));
    if (r.Chance(0.1))
        v *= 1e6;
    else if (r.Chance(0.05))
        v /= 1e6;
    return v;
}

// Strings that trip up CSV writers and readers and string functions: case, spaces at either end, tabs,
// the delimiters of both tables, quotes of both systems, LIKE wildcards, a backslash (always followed by
// a letter, so it is never a dangling LIKE escape), line breaks, multi-byte UTF-8 and the null_value of t2.
Cell TrickyString(Random& r) {
    static const std::vector<std::string> kPieces = {
        "a",         "A",          "b",    "B",        "ab",         "Ab",        "aB",    "abc",
        "ABC",       "hello",      "Hello World",      " lead",      "trail ",    "  both  ", "x,y",
        ",",         "say \"hi\"", "\"",   "it's",     "50%",        "a_b",       "_",     "%",
        "back\\slash", "tab\there", "line\nbreak",     "\xC3\xA9",   "\xC3\x89" "COLE", "\xE6\x97\xA5\xE6\x9C\xAC",
        "stra\xC3\x9F" "e", "N/A", "NULL", "true",    " ",          "z",         "Z",     "a;b"};
    static const std::vector<std::string> kLetters = {"a", "b", "A", "B", " ", "_", "%", ",", "x", "\xC3\xA9"};
    if (r.Chance(0.08))
        return {};
    if (r.Chance(0.06))
        return std::string();
    std::string s;
    if (r.Chance(0.7)) {
        for (int64_t n = r.Between(1, 3); n > 0; --n)
            s += r.Pick(kPieces);
    } else {
        for (int64_t n = r.Between(1, 6); n > 0; --n)
            s += r.Pick(kLetters);
    }
    return s;
}

Cell Timestamp(Random& r) {
    if (r.Chance(0.06))
        return {};
    int64_t micros;
    if (r.Chance(0.1)) // around the epoch, where flooring and negative values matter
        micros = r.Between(-3 * kMicrosPerDay, 3 * kMicrosPerDay);
    else // 1990-01-01 .. 2030-12-31
        micros = r.Between(631152000, 1924905600) * int64_t{1000000};
    const double form = static_cast<double>(r.Between(0, 99)) / 100;
    if (form < 0.15) // midnight
        micros -= ((micros % kMicrosPerDay) + kMicrosPerDay) % kMicrosPerDay;
    else if (form < 0.6) // whole seconds
        micros -= ((micros % 1000000) + 1000000) % 1000000;
    else if (form < 0.8) // milliseconds
        micros -= ((micros % 1000) + 1000) % 1000;
    return micros;
}

ColumnSpec Id() {
    return {"id", ColumnType::Bigint, nullptr};
}

} // namespace

RandomTable MakeTableT(Random& random, int rows) {
    RandomTable t;
    t.name = "t";
    t.columns = {
        Id(),
        {"a", ColumnType::Bigint, ModerateBigint},
        {"b", ColumnType::Bigint,
         [](Random& r) -> Cell {
             if (r.Chance(0.12))
                 return {};
             return r.Chance(0.08) ? 0 : r.Between(-20, 20);
         }},
        // Anywhere in the BIGINT range, including both ends: only compared, taken % b and converted, never
        // added to or multiplied.
        {"big", ColumnType::Bigint,
         [](Random& r) -> Cell {
             static const std::vector<int64_t> kEdges = {kInt64Min, kInt64Min + 1, kInt64Max, -1, 0, 1};
             if (r.Chance(0.1))
                 return {};
             return r.Chance(0.15) ? r.Pick(kEdges) : static_cast<int64_t>(r.Next());
         }},
        {"i", ColumnType::Int,
         [](Random& r) -> Cell {
             if (r.Chance(0.1))
                 return {};
             return r.Chance(0.08) ? 0 : r.Between(-50000, 50000);
         }},
        {"j", ColumnType::Int,
         [](Random& r) -> Cell {
             if (r.Chance(0.1))
                 return {};
             return r.Between(-10, 10);
         }},
        // The INT range with both ends, used like `big`.
        {"k", ColumnType::Int,
         [](Random& r) -> Cell {
             static const std::vector<int64_t> kEdges = {kInt32Min, kInt32Max, -1, 0, 1};
             if (r.Chance(0.1))
                 return {};
             return r.Chance(0.15) ? r.Pick(kEdges) : r.Between(kInt32Min, kInt32Max);
         }},
        {"d", ColumnType::Double, FractionalDouble},
        {"e", ColumnType::Double,
         [](Random& r) -> Cell {
             if (r.Chance(0.1))
                 return {};
             return r.Chance(0.15) ? 0.0 : static_cast<double>(r.Between(-1000, 1000)) / 100;
         }},
        {"s", ColumnType::String, TrickyString},
        {"u", ColumnType::String,
         [](Random& r) -> Cell {
             static const std::vector<std::string> kCodes = {"ab", "AB",    "Ab", "a", "",   "x_y",
                                                             "xzy", "x%y", "b c", "N/A", "\xC3\xA9", "hello"};
             if (r.Chance(0.1))
                 return {};
             return r.Pick(kCodes);
         }},
        {"ts", ColumnType::Timestamp, Timestamp},
        {"flag", ColumnType::Boolean,
         [](Random& r) -> Cell {
             if (r.Chance(0.15))
                 return {};
             return r.Chance(0.5);
         }},
    };
    t.Generate(random, rows, 1);
    // Corner rows the random ones hit rarely: the remainders that trap in C (INT64_MIN % -1, INT32_MIN % -1),
    // the other ends of the ranges, a row of NULLs, and the microsecond before the epoch.
    auto corner = [&](auto&& set) {
        t.Generate(random, 1, static_cast<int64_t>(t.rows.size()) + 1);
        set(t.rows.back());
    };
    corner([](std::vector<Cell>& row) {
        row[2] = int64_t{-1};     // b
        row[3] = kInt64Min;       // big
        row[5] = int64_t{-1};     // j
        row[6] = kInt32Min;       // k
    });
    corner([](std::vector<Cell>& row) {
        row[2] = int64_t{-1};
        row[3] = kInt64Max;
        row[5] = int64_t{-1};
        row[6] = kInt32Max;
    });
    corner([](std::vector<Cell>& row) {
        for (size_t c = 1; c < row.size(); ++c)
            row[c] = std::monostate();
    });
    corner([](std::vector<Cell>& row) { row[11] = int64_t{-1}; }); // ts = 1969-12-31 23:59:59.999999
    return t;
}

RandomTable MakeTableT2(Random& random, int rows) {
    RandomTable t2;
    t2.name = "t2";
    t2.columns = {
        Id(),
        {"a", ColumnType::Bigint, ModerateBigint},
        {"d", ColumnType::Double, FractionalDouble},
        {"s", ColumnType::String, TrickyString},
        {"ts", ColumnType::Timestamp, Timestamp},
    };
    t2.Generate(random, rows, 1000001);
    return t2;
}

CsvDialect DialectT() {
    return {',', "", true};
}

CsvDialect DialectT2() {
    return {';', "N/A", false};
}

std::string SluiceFormatT() {
    return "FORMAT csv (header = true)";
}

std::string SluiceFormatT2() {
    return "FORMAT csv (delimiter = ';', null_value = 'N/A')";
}

// Dialect differences, and how each is handled (the comparison itself is never loosened):
// - Integer `/`: Sluice divides as DOUBLE (`7 / 2` is 3.5, as in Spark); SQLite truncates. Where a query
//   divides integers on purpose, the SQLite text casts the dividend to REAL.
// - Division and % by zero are NULL in both systems; nothing to do.
// - LIKE: SQLite's is case-insensitive unless `PRAGMA case_sensitive_like = ON` (set by the runner for every
//   query), and has no escape character unless `ESCAPE '\'` is given, while Sluice's `\` always escapes.
// - Type names in CAST: SQLite derives an affinity from the name, so `CAST(x AS STRING)` would be NUMERIC;
//   VARCHAR (TEXT affinity), DOUBLE (REAL) and INT/BIGINT (INTEGER) mean the same in both; BOOLEAN and
//   DECIMAL have no SQLite equivalent and get an explicit expression.
// - Booleans are 1/0 in SQLite; the result parser maps them, and only them, to true/false.
// - Timestamps are TEXT in canonical form in SQLite (see RandomTable::SqliteScript); since that form is
//   fixed-width up to the seconds and its fraction has no trailing zeros, comparing the text orders exactly
//   like comparing the instants, so `ts > '2026-01-01 00:00:00'` is one text for both. Date parts and
//   arithmetic use strftime() on `substr(ts, 1, 19)`: strftime keeps only milliseconds and rounds, so
//   `…:59.9996` would become the next second; the fraction is cut off first and appended again where kept.
// - SQLite's multi-argument max()/min() are NULL when any argument is NULL; GREATEST/LEAST skip NULLs.
// - SUBSTR with a start of 0: Sluice (like Spark) takes 0 as 1, SQLite counts one position before the
//   first character; only a data-driven start can be 0, and its SQLite text maps 0 to 1.
std::vector<OracleQuery> OracleQueries() {
    return {
        {"read every column of t", "IIIIIIIDDSSTB",
         "SELECT id, a, b, big, i, j, k, d, e, s, u, ts, flag FROM t", ""},

        {"read every column of t2 (delimiter ';', NULL as N/A, no header)", "IIDST",
         "SELECT id, a, d, s, ts FROM t2", ""},

        // AND binds tighter than OR.
        {"filter with comparisons, AND over OR", "IIII",
         "SELECT id, a, b, i FROM t WHERE a > b AND b <> 0 OR i <= -100 AND j != 3", ""},

        {"integer arithmetic and precedence", "IIIIIIIIII",
         "SELECT id, a + b AS c1, a - b AS c2, a * b AS c3, i + j AS c4, i * j AS c5, -a AS c6, "
         "i - j - b AS c7, a + b * i - j % 3 AS c8, CAST(k AS BIGINT) * 2 + i AS c9 FROM t",
         ""},

        {"integer division is fractional in Sluice, NULL by zero", "IDDDDD",
         "SELECT id, a / b AS q1, i / j AS q2, b / 4 AS q3, CAST(a AS DOUBLE) / i AS q4, 7 / 2 AS q5 FROM t",
         "SELECT id, CAST(a AS REAL) / b, CAST(i AS REAL) / j, CAST(b AS REAL) / 4, CAST(a AS DOUBLE) / i, "
         "7.0 / 2 FROM t"},

        // SQLite's mod() is a math function that returns REAL; its % is the integer remainder, with the
        // dividend's sign like Sluice's MOD and %. The corner rows hold INT64_MIN % -1 and INT32_MIN % -1.
        {"remainders: sign of the dividend, by zero, at the ends of the range", "IIIIIII",
         "SELECT id, a % b AS r1, i % j AS r2, big % b AS r3, k % j AS r4, MOD(a, j) AS r5, -7 % 2 AS r6 FROM t",
         "SELECT id, a % b, i % j, big % b, k % j, a % j, -7 % 2 FROM t"},

        {"double arithmetic, NULL by zero", "IDDDDDDDD",
         "SELECT id, d + e AS s1, d - e AS s2, d * e AS s3, d / e AS s4, d * 2.5 AS s5, d + a AS s6, "
         "d / 0 AS s7, e * -1 AS s8 FROM t",
         ""},

        // Decimal literals make DECIMAL results in Sluice; SQLite computes in REAL. The values are exact in
        // both (multiples of 0.25, 0.5, 0.75 below 2^53) except the division by 7, which Sluice rounds half up
        // to 6 places (DECIMAL(38, 6)); SQLite's round(x, 6) gives the same, and no tie can occur
        // (i / 7 * 10^6 is never k + 0.5).
        {"decimal arithmetic against REAL", "IDDDDD",
         "SELECT id, i * 1.25 AS m1, a + 0.5 AS m2, i / 4.0 AS m3, CAST(i AS DECIMAL(12, 2)) / 7 AS m4, "
         "b - 0.75 AS m5 FROM t",
         "SELECT id, i * 1.25, a + 0.5, i / 4.0, round(CAST(i AS REAL) / 7, 6), b - 0.75 FROM t"},

        {"three-valued AND, OR, NOT", "IBBBBBBBBB",
         "SELECT id, a > 0 AND b > 0 AS l1, a > 0 OR b > 0 AS l2, NOT (a > b) AS l3, flag AND b > 0 AS l4, "
         "flag OR i < 0 AS l5, NOT flag AS l6, flag AND NULL AS l7, flag OR NULL AS l8, "
         "NOT a > 0 AND b > 0 OR flag AS l9 FROM t",
         ""},

        {"WHERE keeps only TRUE, not NULL", "IIIB",
         "SELECT id, a, b, flag FROM t WHERE NOT (a > 0 AND b < 5) OR NOT (flag OR j > 0)", ""},

        {"IS NULL and IS NOT NULL", "IBBBBB",
         "SELECT id, a IS NULL AS n1, s IS NOT NULL AS n2, d IS NULL AS n3, ts IS NULL AS n4, "
         "flag IS NOT NULL AS n5 FROM t WHERE d IS NULL OR u IS NOT NULL",
         ""},

        {"IN lists with NULL items and NULL operands", "IBBBBBBB",
         "SELECT id, b IN (1, 2, 3) AS i1, b IN (0, NULL) AS i2, b NOT IN (1, NULL) AS i3, "
         "u IN ('ab', 'AB', '') AS i4, u NOT IN ('a', 'x_y') AS i5, j IN (b, i, -1) AS i6, "
         "d IN (0.5, 1.5, 0) AS i7 FROM t",
         ""},

        // `b NOT IN (…, NULL)` is never TRUE, so only the left side of the OR can keep a row.
        {"IN in WHERE", "ISI",
         "SELECT id, u, b FROM t WHERE u IN ('ab', 'x%y', NULL) OR b NOT IN (0, 1, 2, NULL)", ""},

        {"BETWEEN over numbers, strings and timestamps", "IBBBBB",
         "SELECT id, b BETWEEN -3 AND 3 AS w1, a NOT BETWEEN b AND i AS w2, d BETWEEN -1.5 AND 2.5 AS w3, "
         "ts BETWEEN '2020-01-01 00:00:00' AND '2026-06-30 12:00:00.5' AS w4, s BETWEEN 'A' AND 'b' AS w5 "
         "FROM t",
         ""},

        {"LIKE with % and _, case-sensitive, on multi-byte text", "IBBBBBBBBBB",
         "SELECT id, s LIKE 'a%' AS k1, s LIKE '%b_' AS k2, s LIKE '%,%' AS k3, s NOT LIKE '%A%' AS k4, "
         "u LIKE 'x_y' AS k5, s LIKE '_' AS k6, s LIKE '%\xC3\xA9%' AS k7, s LIKE '' AS k8, "
         "s LIKE '_%_' AS k9, s LIKE '%\n%' AS k10 FROM t",
         ""},

        {"LIKE with the backslash escape and patterns from the data", "IBBBB",
         "SELECT id, u LIKE 'x\\_y' AS e1, s LIKE '%\\%%' AS e2, s LIKE '%\\\\%' AS e3, u LIKE s AS e4 FROM t",
         "SELECT id, u LIKE 'x\\_y' ESCAPE '\\', s LIKE '%\\%%' ESCAPE '\\', s LIKE '%\\\\%' ESCAPE '\\', "
         "u LIKE s ESCAPE '\\' FROM t"},

        {"CASE, searched and simple, with and without ELSE", "ISSDIS",
         "SELECT id, CASE WHEN a > 0 THEN 'pos' WHEN a < 0 THEN 'neg' WHEN a = 0 THEN 'zero' END AS c1, "
         "CASE b WHEN 0 THEN 'z' WHEN 1 THEN 'one' WHEN -1 THEN 'minus one' ELSE u END AS c2, "
         "CASE WHEN flag THEN i ELSE d END AS c3, CASE WHEN b > 5 THEN a WHEN b < -5 THEN i END AS c4, "
         "CASE s WHEN '' THEN 'empty' WHEN NULL THEN 'never' ELSE 'other' END AS c5 FROM t",
         ""},

        {"COALESCE and NULLIF", "IISISDSI",
         "SELECT id, COALESCE(a, b, -1) AS f1, COALESCE(s, u, 'none') AS f2, NULLIF(b, 0) AS f3, "
         "NULLIF(u, '') AS f4, COALESCE(d, i) AS f5, NULLIF(s, u) AS f6, COALESCE(NULLIF(j, 0), 99) AS f7 FROM t",
         ""},

        // UPPER/LOWER change ASCII letters only in both (SQLite without ICU); LENGTH counts code points in both;
        // TRIM removes spaces only (not tabs) in both.
        {"string functions and ||", "ISSISSSSSIS",
         "SELECT id, UPPER(s) AS f1, LOWER(s) AS f2, LENGTH(s) AS f3, TRIM(s) AS f4, LTRIM(s) AS f5, "
         "RTRIM(s) AS f6, REPLACE(s, 'a', 'XY') AS f7, s || '|' || u AS f8, LENGTH(u || s) AS f9, "
         "REPLACE(u, 'b', '') AS f10 FROM t",
         ""},

        {"SUBSTR with positive, negative and out-of-range positions", "ISSSSSSSS",
         "SELECT id, SUBSTR(s, 2, 3) AS p1, SUBSTR(s, -3) AS p2, SUBSTR(s, -4, 2) AS p3, SUBSTR(s, 3) AS p4, "
         "SUBSTR(s, 1, 1) AS p5, SUBSTR(s, 20) AS p6, SUBSTR(u, -10, 12) AS p7, SUBSTR(s, j, 2) AS p8 FROM t",
         "SELECT id, substr(s, 2, 3), substr(s, -3), substr(s, -4, 2), substr(s, 3), substr(s, 1, 1), "
         "substr(s, 20), substr(u, -10, 12), substr(s, CASE WHEN j = 0 THEN 1 ELSE j END, 2) FROM t"},

        {"string functions in WHERE", "IS",
         "SELECT id, s FROM t WHERE UPPER(TRIM(s)) LIKE 'A%' OR LENGTH(s) > 8 AND s NOT LIKE '% %'", ""},

        {"string comparisons are byte-wise", "IBBBBB",
         "SELECT id, s < u AS o1, s = u AS o2, s >= 'M' AS o3, UPPER(u) = 'AB' AS o4, s <> '' AS o5 FROM t", ""},

        {"CAST between numbers, strings and booleans", "IIIDSIBDI",
         "SELECT id, CAST(i AS BIGINT) AS v1, CAST(d AS BIGINT) AS v2, CAST(i AS DOUBLE) AS v3, "
         "CAST(i AS VARCHAR) AS v4, CAST(flag AS INT) AS v5, CAST(b AS BOOLEAN) AS v6, CAST(big AS DOUBLE) AS v7, "
         "CAST(e AS INT) AS v8 FROM t",
         "SELECT id, CAST(i AS BIGINT), CAST(d AS BIGINT), CAST(i AS DOUBLE), CAST(i AS VARCHAR), "
         "CAST(flag AS INT), b <> 0, CAST(big AS DOUBLE), CAST(e AS INT) FROM t"},

        {"date parts, epoch seconds and the text of a timestamp", "IIIIIIIIIIS",
         "SELECT id, YEAR(ts) AS y, MONTH(ts) AS mo, DAY(ts) AS dd, HOUR(ts) AS h, MINUTE(ts) AS mi, "
         "SECOND(ts) AS se, UNIX_TIMESTAMP(ts) AS ep, EXTRACT(DOW FROM ts) AS dow, EXTRACT(DOY FROM ts) AS doy, "
         "CAST(ts AS STRING) AS txt FROM t",
         "SELECT id, CAST(strftime('%Y', substr(ts, 1, 19)) AS INTEGER), "
         "CAST(strftime('%m', substr(ts, 1, 19)) AS INTEGER), CAST(strftime('%d', substr(ts, 1, 19)) AS INTEGER), "
         "CAST(strftime('%H', substr(ts, 1, 19)) AS INTEGER), CAST(strftime('%M', substr(ts, 1, 19)) AS INTEGER), "
         "CAST(strftime('%S', substr(ts, 1, 19)) AS INTEGER), CAST(strftime('%s', substr(ts, 1, 19)) AS INTEGER), "
         "CAST(strftime('%w', substr(ts, 1, 19)) AS INTEGER) + 1, "
         "CAST(strftime('%j', substr(ts, 1, 19)) AS INTEGER), ts FROM t"},

        {"timestamp arithmetic and DATE_TRUNC", "ITTTTT",
         "SELECT id, ts + INTERVAL '90' MINUTE AS t1, ts - INTERVAL '1' DAY AS t2, DATE_TRUNC('hour', ts) AS t3, "
         "DATE_TRUNC('day', ts) AS t4, DATE_TRUNC('month', ts) AS t5 FROM t",
         "SELECT id, strftime('%Y-%m-%d %H:%M:%S', substr(ts, 1, 19), '+90 minutes') || substr(ts, 20), "
         "strftime('%Y-%m-%d %H:%M:%S', substr(ts, 1, 19), '-1 day') || substr(ts, 20), "
         "strftime('%Y-%m-%d %H:00:00', substr(ts, 1, 19)), strftime('%Y-%m-%d 00:00:00', substr(ts, 1, 19)), "
         "strftime('%Y-%m-01 00:00:00', substr(ts, 1, 19)) FROM t"},

        {"timestamp comparisons with string literals", "IT",
         "SELECT id, ts FROM t WHERE ts > '2026-01-01 00:00:00' OR ts <= '1970-01-01 00:00:00.5'", ""},

        {"UNION ALL of two sources and three branches", "IISS",
         "SELECT id, a, s, 't' AS src FROM t WHERE b > 0 "
         "UNION ALL SELECT id, a, s, 't2' FROM t2 WHERE a < 0 OR a IS NULL "
         "UNION ALL SELECT id, b, u, 'u' FROM t WHERE b IS NULL",
         ""},

        {"UNION ALL widens INT and DOUBLE to DOUBLE", "ID",
         "SELECT id, i AS v FROM t WHERE j > 0 UNION ALL SELECT id, d FROM t2", ""},

        {"GREATEST and LEAST skip NULLs", "IIIDSD",
         "SELECT id, GREATEST(a, b) AS g1, LEAST(i, j) AS g2, GREATEST(d, e) AS g3, LEAST(s, u) AS g4, "
         "GREATEST(i, d) AS g5 FROM t",
         "SELECT id, COALESCE(max(a, b), a, b), COALESCE(min(i, j), i, j), COALESCE(max(d, e), d, e), "
         "COALESCE(min(s, u), s, u), COALESCE(max(i, d), i, d) FROM t"},

        // IF is iif, STRPOS is instr, CONCAT (NULL when any argument is) is || in SQLite.
        {"IF, STRPOS, CONCAT, ABS, SIGN", "ISIISIDI",
         "SELECT id, IF(b > 0, 'p', 'np') AS x1, IF(flag, i, j) AS x2, STRPOS(s, 'a') AS x3, "
         "CONCAT(u, '-', s) AS x4, ABS(a) AS x5, ABS(d) AS x6, SIGN(i) AS x7 FROM t",
         "SELECT id, iif(b > 0, 'p', 'np'), iif(flag, i, j), instr(s, 'a'), u || '-' || s, abs(a), abs(d), "
         "sign(i) FROM t"},

        {"ROUND, FLOOR, CEIL of doubles", "IDDDDD",
         "SELECT id, ROUND(d) AS r1, ROUND(d, 2) AS r2, FLOOR(d) AS r3, CEIL(d) AS r4, ROUND(e, 1) AS r5 FROM t",
         ""},

        {"WITH query, inlined and filtered", "IIS",
         "WITH pos AS (SELECT id, a * 2 AS a2, s FROM t WHERE b > 0) "
         "SELECT id, a2 + 1 AS a3, UPPER(s) AS us FROM pos WHERE a2 < 1000 OR s IS NULL",
         ""},

        {"subquery in FROM", "III",
         "SELECT id, q, q * 2 AS q2 FROM (SELECT id, a + b AS q FROM t WHERE j <> 0) AS sub "
         "WHERE q > 0 OR q IS NULL",
         ""},

        {"constant expressions", "IDIDISBII",
         "SELECT id, 7 / 2 AS k1, -7 % 2 AS k2, 1.0e0 / 0 AS k3, 10 % 0 AS k4, 'it''s' || 'x' AS k5, "
         "NULL IS NULL AS k6, 2 + 3 * 4 AS k7, (2 + 3) * 4 AS k8 FROM t WHERE id % 100 = 1",
         "SELECT id, 7.0 / 2, -7 % 2, 1.0e0 / 0, 10 % 0, 'it''s' || 'x', NULL IS NULL, 2 + 3 * 4, (2 + 3) * 4 "
         "FROM t WHERE id % 100 = 1"},

        {"strings of t2: N/A as text, ';' inside quotes", "ISIB",
         "SELECT id, s, LENGTH(s) AS n, s = 'N/A' AS na FROM t2 WHERE s IS NOT NULL", ""},

        {"comparisons at the ends of the BIGINT range", "IIBBBBB",
         "SELECT id, big, big > a AS c1, big = 9223372036854775807 AS c2, big < -9223372036854775807 AS c3, "
         "big >= 0 AS c4, CAST(big AS DOUBLE) > 1e18 AS c5 FROM t WHERE big IS NOT NULL",
         ""},
    };
}

} // namespace sluice::oracle
