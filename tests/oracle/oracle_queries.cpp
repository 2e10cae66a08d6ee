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
    double v =
        static_cast<double>(r.Between(-9999999, 9999999)) / static_cast<double>(Pow10(r.Between(0, 6)));
    if (r.Chance(0.1))
        v *= 1e6;
    else if (r.Chance(0.05))
        v /= 1e6;
    return v;
}

// Strings that trip up CSV writers and readers and string functions: case, spaces at either end, tabs,
// the delimiters of both tables, quotes of both systems, LIKE wildcards, a backslash (always followed by
// a letter, so it is never a dangling LIKE escape), line breaks, multi-byte UTF-8 (up to 4 bytes) and the
// null_value of t2.
Cell TrickyString(Random& r) {
    static const std::vector<std::string> kPieces = {
        "a",           "A",           "b",        "B",      "ab",          "Ab",
        "aB",          "abc",         "ABC",      "hello",  "Hello World", " lead",
        "trail ",      "  both  ",    "x,y",      ",",      "say \"hi\"",  "\"",
        "it's",        "50%",         "a_b",      "_",      "%",           "back\\slash",
        "tab\there",   "line\nbreak", "cr\rhere", "\u00E9", "\u00C9COLE",  "\u65E5\u672C",
        "stra\u00DFe", "\U0001F600",  "N/A",      "NULL",   "true",        " ",
        "z",           "Z",           "a;b"};
    static const std::vector<std::string> kLetters = {"a", "b", "A", "B", " ", "_", "%", ",", "x", "\u00E9"};
    if (r.Chance(0.08))
        return {};
    if (r.Chance(0.06))
        return std::string();
    std::string s;
    if (r.Chance(0.02)) { // long enough to leave any inline or prefix representation of a string
        const std::string& piece = r.Pick(kPieces);
        for (int64_t n = r.Between(20, 200); n > 0; --n)
            s += piece;
    } else if (r.Chance(0.7)) {
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

// SQLite spellings of timestamp computations over the canonical text in column `ts` (see the comment
// above OracleQueries): `substr(ts, 1, 19)` is the text without its fraction.
const std::string kSeconds = "substr(ts, 1, 19)";

// The instant of `ts` in microseconds: epoch seconds of the whole-second part plus the fraction digits
// padded to six.
const std::string kMicros = "(CAST(strftime('%s', substr(ts, 1, 19)) AS INTEGER) * 1000000 + "
                            "CAST(substr(substr(ts, 21) || '000000', 1, 6) AS INTEGER))";

// Timestamp text of a microsecond count `us` (any SQL expression), with a six-digit fraction; the floor
// division is spelled out because SQLite's integer division truncates toward zero.
std::string SqliteTimestamp(const std::string& us) {
    const std::string fraction = "(((" + us + ") % 1000000 + 1000000) % 1000000)";
    return "strftime('%Y-%m-%d %H:%M:%S', ((" + us + ") - " + fraction + ") / 1000000, 'unixepoch') || " +
           "printf('.%06d', " + fraction + ")";
}

// The text of a decimal held as an integer count of units of 10^-scale (any SQL expression), as Sluice
// writes a DECIMAL: sign, integer part, exactly `scale` digits.
std::string SqliteDecimalText(const std::string& units, int scale) {
    const std::string unit = std::to_string(Pow10(scale));
    return "CASE WHEN " + units + " < 0 THEN '-' ELSE '' END || (abs(" + units + ") / " + unit +
           ") || '.' || " + "printf('%0" + std::to_string(scale) + "d', abs(" + units + ") % " + unit + ")";
}

// "lo, lo + step, …" up to hi, for IN lists.
std::string LongList(int64_t lo, int64_t hi, int64_t step) {
    std::string out;
    for (int64_t v = lo; v <= hi; v += step)
        out += (out.empty() ? "" : ", ") + std::to_string(v);
    return out;
}

// A date part of `ts` as an integer; `format` is one strftime() conversion.
std::string SqliteDatePart(const std::string& format) {
    return "CAST(strftime('" + format + "', " + kSeconds + ") AS INTEGER)";
}

// The six fraction digits of `ts` ('000000' when it has none).
const std::string kFraction = "substr(substr(ts, 21) || '000000', 1, 6)";

// m (in cents) rounded half away from zero to tenths.
const std::string kTenths = "(CASE WHEN m < 0 THEN -1 ELSE 1 END * ((abs(m) + 5) / 10))";

ColumnSpec Id() {
    return {"id", ColumnType::Bigint, nullptr};
}

} // namespace

RandomTable MakeTableT(Random& random, int rows) {
    RandomTable t{"t", {}, {}};
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
             static const std::vector<std::string> kCodes = {"ab",  "AB",  "Ab",  "a",   "",       "x_y",
                                                             "xzy", "x%y", "b c", "N/A", "\u00E9", "hello"};
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
        // DECIMAL(12, 2) below 1e7 in magnitude (SQLite keeps the cents, see ColumnType).
        {"m", ColumnType::Cents,
         [](Random& r) -> Cell {
             if (r.Chance(0.1))
                 return {};
             if (r.Chance(0.05))
                 return int64_t{0};
             const int64_t limit = Pow10(r.Between(0, 9));
             return r.Between(-limit, limit);
         }},
        // 1900-01-01 .. 2100-12-31.
        {"dt", ColumnType::Date,
         [](Random& r) -> Cell {
             if (r.Chance(0.1))
                 return {};
             return r.Between(-25567, 47846);
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
        row[2] = int64_t{-1}; // b
        row[3] = kInt64Min;   // big
        row[5] = int64_t{-1}; // j
        row[6] = kInt32Min;   // k
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
    RandomTable t2{"t2", {}, {}};
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
        // Reading: every column of both sources, passed through.
        {"read every column of t", "IIIIIIIDDSSTBDS",
         "SELECT id, a, b, big, i, j, k, d, e, s, u, ts, flag, m, dt FROM t",
         "SELECT id, a, b, big, i, j, k, d, e, s, u, ts, flag, m / 100.0, dt FROM t"},

        {"read every column of t2 (delimiter ';', NULL as N/A, no header)", "IIDST",
         "SELECT id, a, d, s, ts FROM t2", ""},

        {"strings of t2: N/A as text, ';' inside quotes", "ISIB",
         "SELECT id, s, LENGTH(s) AS n, s = 'N/A' AS na FROM t2 WHERE s IS NOT NULL", ""},

        // Without an id the rows repeat: the comparison counts duplicates. A single column also makes
        // Sluice's csv write NULL as an empty line and '' as "".
        {"one column with duplicates and NULLs", "S",
         "SELECT s FROM t WHERE id % 3 = 0 OR s = '' OR s IS NULL", ""},

        {"two columns with duplicates, filter on a third", "IB", "SELECT b, flag FROM t WHERE u IS NOT NULL",
         ""},

        {"SELECT * and alias.*", "IIDSTI",
         "SELECT x.*, x.a % 7 AS a7 FROM t2 AS x WHERE x.d > 0 OR x.s LIKE '%a%'", ""},

        // Arithmetic.
        {"integer arithmetic and precedence", "IIIIIIIIII",
         "SELECT id, a + b AS c1, a - b AS c2, a * b AS c3, i + j AS c4, i * j AS c5, -a AS c6, "
         "i - j - b AS c7, a + b * i - j % 3 AS c8, CAST(k AS BIGINT) * 2 + i AS c9 FROM t",
         ""},

        {"integer division is fractional in Sluice, NULL by zero", "IDDDDDDD",
         "SELECT id, a / b AS q1, i / j AS q2, b / 4 AS q3, CAST(a AS DOUBLE) / i AS q4, 7 / 2 AS q5, "
         "k / j AS q6, big / b AS q7 FROM t",
         "SELECT id, CAST(a AS REAL) / b, CAST(i AS REAL) / j, CAST(b AS REAL) / 4, CAST(a AS DOUBLE) / i, "
         "7.0 / 2, CAST(k AS REAL) / j, CAST(big AS REAL) / b FROM t"},

        // SQLite's mod() is a math function that returns REAL; its % is the integer remainder, with the
        // dividend's sign like Sluice's MOD and %. The corner rows hold INT64_MIN % -1 and INT32_MIN % -1.
        {"remainders: sign of the dividend, by zero, at the ends of the range", "IIIIIII",
         "SELECT id, a % b AS r1, i % j AS r2, big % b AS r3, k % j AS r4, MOD(a, j) AS r5, "
         "-7 % 2 AS r6 FROM t",
         "SELECT id, a % b, i % j, big % b, k % j, a % j, -7 % 2 FROM t"},

        // d * 1e300 overflows to an infinity for |d| > 1.8e8 (Sluice writes Infinity, SQLite Inf). Nothing
        // here makes a NaN, which SQLite would turn into NULL.
        {"double arithmetic, NULL by zero, infinities", "IDDDDDDDDDB",
         "SELECT id, d + e AS s1, d - e AS s2, d * e AS s3, d / e AS s4, d * 2.5 AS s5, d + a AS s6, "
         "d / 0 AS s7, e * -1 AS s8, d * 1e300 AS s9, d = 0 AS s10 FROM t",
         ""},

        // Decimal literals make DECIMAL results in Sluice; SQLite computes in REAL. The values are exact in
        // both (multiples of 0.25, 0.5, 0.75 below 2^53) except the division by 7, which Sluice rounds half
        // up to 6 places (DECIMAL(38, 6)); SQLite's round(x, 6) gives the same, and no tie can occur
        // (i / 7 * 10^6 is never k + 0.5).
        {"decimal literals against REAL", "IDDDDD",
         "SELECT id, i * 1.25 AS m1, a + 0.5 AS m2, i / 4.0 AS m3, CAST(i AS DECIMAL(12, 2)) / 7 AS m4, "
         "b - 0.75 AS m5 FROM t",
         "SELECT id, i * 1.25, a + 0.5, i / 4.0, round(CAST(i AS REAL) / 7, 6), b - 0.75 FROM t"},

        // SQLite keeps m in cents, so each expression is computed exactly on the cents and scaled at the
        // end: m + 1.005 has scale 3, m * 1.5 scale 3, m / 4 and m / 7 scale 6 (DECIMAL(38, 6), rounded
        // half up; m / 7 never ties, as above). CAST to one decimal rounds half away from zero (HALF_UP, as
        // in Spark). The texts of m and of the 1-decimal cast are compared exactly, as strings.
        {"DECIMAL column: arithmetic, rounding, text form, comparisons", "IDSDDDDSBDDDBB",
         "SELECT id, m, CAST(m AS STRING) AS m_text, m + 1.005 AS m1, m * 3 AS m2, m - i AS m3, "
         "m * 1.5 AS m4, CAST(CAST(m AS DECIMAL(12, 1)) AS STRING) AS m5, m > 100.10 AS m6, m / 4 AS m7, "
         "m / 7 AS m8, CAST(m AS DOUBLE) AS m9, m < d AS m10, m = 0 AS m11 FROM t",
         "SELECT id, m / 100.0, " + SqliteDecimalText("m", 2) + ", (m * 10 + 1005) / 1000.0, " +
             "m * 3 / 100.0, (m - i * 100) / 100.0, m * 15 / 1000.0, " + SqliteDecimalText(kTenths, 1) +
             ", m > 10010, m / 400.0, round(m / 700.0, 6), m / 100.0, m / 100.0 < d, m = 0 FROM t"},

        {"ROUND, FLOOR, CEIL of doubles", "IDDDDD",
         "SELECT id, ROUND(d) AS r1, ROUND(d, 2) AS r2, FLOOR(d) AS r3, CEIL(d) AS r4, "
         "ROUND(e, 1) AS r5 FROM t",
         ""},

        // SQRT, LN and LOG10 are NULL outside their domain in both. POWER(e, j) has an integer exponent, so
        // it never makes a NaN (which SQLite would turn into NULL); 0 to a negative power is an infinity.
        {"SQRT, LN, LOG10, EXP, POWER", "IDDDDD",
         "SELECT id, SQRT(d) AS w1, LN(d) AS w2, LOG10(ABS(e)) AS w3, EXP(e) AS w4, POWER(e, j) AS w5 FROM t",
         ""},

        // IF is iif, STRPOS is instr, CONCAT (NULL when any argument is) is || in SQLite.
        {"IF, STRPOS, CONCAT, ABS, SIGN", "ISIISIDI",
         "SELECT id, IF(b > 0, 'p', 'np') AS x1, IF(flag, i, j) AS x2, STRPOS(s, 'a') AS x3, "
         "CONCAT(u, '-', s) AS x4, ABS(a) AS x5, ABS(d) AS x6, SIGN(i) AS x7 FROM t",
         "SELECT id, iif(b > 0, 'p', 'np'), iif(flag, i, j), instr(s, 'a'), u || '-' || s, abs(a), "
         "abs(d), sign(i) FROM t"},

        // Comparisons and logic.
        {"filter with comparisons, AND over OR", "IIII",
         "SELECT id, a, b, i FROM t WHERE a > b AND b <> 0 OR i <= -100 AND j != 3", ""},

        // Sluice compares BIGINT with DOUBLE by widening the BIGINT (Spark's rule), which rounds above
        // 2^53; SQLite compares an INTEGER with a REAL exactly, so `big = CAST(big AS DOUBLE)` gets the
        // widening written out. The other comparisons have |a| <= 1e12 and i, k within INT, exact as
        // doubles.
        {"BIGINT and INT compared with DOUBLE", "IBBBBB",
         "SELECT id, big = CAST(big AS DOUBLE) AS x1, big < d AS x2, a = d AS x3, k >= e AS x4, "
         "i = CAST(i AS DOUBLE) + e AS x5 FROM t",
         "SELECT id, CAST(big AS REAL) = CAST(big AS REAL), big < d, a = d, k >= e, "
         "i = CAST(i AS DOUBLE) + e FROM t"},

        {"comparisons at the ends of the BIGINT range", "IIBBBBB",
         "SELECT id, big, big > a AS c1, big = 9223372036854775807 AS c2, "
         "big < -9223372036854775807 AS c3, big >= 0 AS c4, CAST(big AS DOUBLE) > 1e18 AS c5 "
         "FROM t WHERE big IS NOT NULL",
         ""},

        {"three-valued AND, OR, NOT", "IBBBBBBBBB",
         "SELECT id, a > 0 AND b > 0 AS l1, a > 0 OR b > 0 AS l2, NOT (a > b) AS l3, "
         "flag AND b > 0 AS l4, flag OR i < 0 AS l5, NOT flag AS l6, flag AND NULL AS l7, "
         "flag OR NULL AS l8, NOT a > 0 AND b > 0 OR flag AS l9 FROM t",
         ""},

        {"WHERE keeps only TRUE, not NULL", "IIIB",
         "SELECT id, a, b, flag FROM t WHERE NOT (a > 0 AND b < 5) OR NOT (flag OR j > 0)", ""},

        // Conditions an optimizer may be tempted to simplify: NULL inside OR/AND/NOT, x = x, NOT NOT.
        {"NULL and tautologies around column predicates", "IBBBBBBB",
         "SELECT id, b > 0 OR NULL AS y1, NOT (b < 0 AND NULL) AS y2, NOT NOT flag AS y3, "
         "flag = FALSE AS y4, (b > 0) = flag AS y5, b = b AS y6, b <> b OR b IS NULL AS y7 FROM t",
         ""},

        {"WHERE with NULL inside OR, AND, NOT", "IIB",
         "SELECT id, b, flag FROM t WHERE (b > 5 OR NULL) OR (NOT (b < -5 AND NULL) AND flag)", ""},

        {"IS NULL and IS NOT NULL", "IBBBBB",
         "SELECT id, a IS NULL AS n1, s IS NOT NULL AS n2, d IS NULL AS n3, ts IS NULL AS n4, "
         "flag IS NOT NULL AS n5 FROM t WHERE d IS NULL OR u IS NOT NULL",
         ""},

        {"IN lists with NULL items and NULL operands", "IBBBBBBB",
         "SELECT id, b IN (1, 2, 3) AS i1, b IN (0, NULL) AS i2, b NOT IN (1, NULL) AS i3, "
         "u IN ('ab', 'AB', '') AS i4, u NOT IN ('a', 'x_y') AS i5, j IN (b, i, -1) AS i6, "
         "d IN (0.5, 1.5, 0) AS i7 FROM t",
         ""},

        // Lists long enough that an implementation may switch from comparisons to a set lookup.
        {"IN with long lists", "IBBBB",
         "SELECT id, i IN (" + LongList(-50000, 50000, 1250) + ") AS h1, b NOT IN (" + LongList(-20, 30, 2) +
             ", NULL) AS h2, u IN ('ab', 'AB', 'Ab', 'aB', 'b c', 'x%y', 'N/A', '', 'q', 'r', 's', 't', "
             "'\u00E9', 'zz', 'yy', 'xx', 'ww', 'vv', 'uu', 'tt') AS h3, d IN (" +
             LongList(-40, 40, 1) + ") AS h4 FROM t",
         ""},

        // `b NOT IN (…, NULL)` is never TRUE, so only the left side of the OR can keep a row.
        {"IN in WHERE", "ISI",
         "SELECT id, u, b FROM t WHERE u IN ('ab', 'x%y', NULL) OR b NOT IN (0, 1, 2, NULL)", ""},

        {"BETWEEN over numbers, strings and timestamps, NULL bounds", "IBBBBBBB",
         "SELECT id, b BETWEEN -3 AND 3 AS w1, a NOT BETWEEN b AND i AS w2, "
         "d BETWEEN -1.5 AND 2.5 AS w3, "
         "ts BETWEEN '2020-01-01 00:00:00' AND '2026-06-30 12:00:00.5' AS w4, "
         "s BETWEEN 'A' AND 'b' AS w5, b BETWEEN NULL AND 5 AS w6, b NOT BETWEEN -5 AND NULL AS w7 FROM t",
         ""},

        {"CASE, searched and simple, with and without ELSE", "ISSDIS",
         "SELECT id, CASE WHEN a > 0 THEN 'pos' WHEN a < 0 THEN 'neg' WHEN a = 0 THEN 'zero' END AS c1, "
         "CASE b WHEN 0 THEN 'z' WHEN 1 THEN 'one' WHEN -1 THEN 'minus one' ELSE u END AS c2, "
         "CASE WHEN flag THEN i ELSE d END AS c3, CASE WHEN b > 5 THEN a WHEN b < -5 THEN i END AS c4, "
         "CASE s WHEN '' THEN 'empty' WHEN NULL THEN 'never' ELSE 'other' END AS c5 FROM t",
         ""},

        {"COALESCE and NULLIF", "IISISDSI",
         "SELECT id, COALESCE(a, b, -1) AS f1, COALESCE(s, u, 'none') AS f2, NULLIF(b, 0) AS f3, "
         "NULLIF(u, '') AS f4, COALESCE(d, i) AS f5, NULLIF(s, u) AS f6, "
         "COALESCE(NULLIF(j, 0), 99) AS f7 FROM t",
         ""},

        {"GREATEST and LEAST skip NULLs", "IIIDSD",
         "SELECT id, GREATEST(a, b) AS g1, LEAST(i, j) AS g2, GREATEST(d, e) AS g3, LEAST(s, u) AS g4, "
         "GREATEST(i, d) AS g5 FROM t",
         "SELECT id, COALESCE(max(a, b), a, b), COALESCE(min(i, j), i, j), COALESCE(max(d, e), d, e), "
         "COALESCE(min(s, u), s, u), COALESCE(max(i, d), i, d) FROM t"},

        // CASE, COALESCE, IF, GREATEST and LEAST over INT, BIGINT and DECIMAL take the common type.
        {"common types of conditional expressions", "IDDIDI",
         "SELECT id, CASE WHEN b > 0 THEN i ELSE 0.5 END AS t1, COALESCE(i, a, 1.25) AS t2, "
         "IF(flag, k, big) AS t3, GREATEST(i, 2.5) AS t4, LEAST(j, b, -1) AS t5 FROM t",
         "SELECT id, CASE WHEN b > 0 THEN i ELSE 0.5 END, COALESCE(i, a, 1.25), iif(flag, k, big), "
         "COALESCE(max(i, 2.5), i, 2.5), COALESCE(min(j, b, -1), min(j, -1), min(b, -1), -1) FROM t"},

        {"NULL in constant expressions", "IBBBBBBBIIIBI",
         "SELECT id, NULL = NULL AS z1, NOT (NULL OR FALSE) AS z2, NULL AND FALSE AS z3, "
         "NULL OR TRUE AS z4, 1 IN (NULL, 1) AS z5, 2 NOT IN (1, NULL) AS z6, "
         "NULL BETWEEN 1 AND 2 AS z7, CASE WHEN NULL THEN 1 ELSE 2 END AS z8, "
         "COALESCE(NULL, NULL, 3) AS z9, NULLIF(1, 1) AS z10, NOT NULL AS z11, 1 + NULL AS z12 "
         "FROM t WHERE id % 250 = 1",
         ""},

        {"constant expressions", "IDIDISBII",
         "SELECT id, 7 / 2 AS k1, -7 % 2 AS k2, 1.0e0 / 0 AS k3, 10 % 0 AS k4, 'it''s' || 'x' AS k5, "
         "NULL IS NULL AS k6, 2 + 3 * 4 AS k7, (2 + 3) * 4 AS k8 FROM t WHERE id % 100 = 1",
         "SELECT id, 7.0 / 2, -7 % 2, 1.0e0 / 0, 10 % 0, 'it''s' || 'x', NULL IS NULL, 2 + 3 * 4, "
         "(2 + 3) * 4 FROM t WHERE id % 100 = 1"},

        // Strings.
        {"LIKE with % and _, case-sensitive, on multi-byte text", "IBBBBBBBBBB",
         "SELECT id, s LIKE 'a%' AS k1, s LIKE '%b_' AS k2, s LIKE '%,%' AS k3, s NOT LIKE '%A%' AS k4, "
         "u LIKE 'x_y' AS k5, s LIKE '_' AS k6, s LIKE '%\u00E9%' AS k7, s LIKE '' AS k8, "
         "s LIKE '_%_' AS k9, s LIKE '%\n%' AS k10 FROM t",
         ""},

        {"LIKE with the backslash escape and patterns from the data", "IBBBB",
         "SELECT id, u LIKE 'x\\_y' AS e1, s LIKE '%\\%%' AS e2, s LIKE '%\\\\%' AS e3, "
         "u LIKE s AS e4 FROM t",
         "SELECT id, u LIKE 'x\\_y' ESCAPE '\\', s LIKE '%\\%%' ESCAPE '\\', "
         "s LIKE '%\\\\%' ESCAPE '\\', u LIKE s ESCAPE '\\' FROM t"},

        // UPPER/LOWER change ASCII letters only in both (SQLite without ICU); LENGTH counts code points in
        // both; TRIM removes spaces only (not tabs) in both.
        {"string functions and ||", "ISSISSSSSIS",
         "SELECT id, UPPER(s) AS f1, LOWER(s) AS f2, LENGTH(s) AS f3, TRIM(s) AS f4, LTRIM(s) AS f5, "
         "RTRIM(s) AS f6, REPLACE(s, 'a', 'XY') AS f7, s || '|' || u AS f8, LENGTH(u || s) AS f9, "
         "REPLACE(u, 'b', '') AS f10 FROM t",
         ""},

        {"string functions on multi-byte text", "ISSIIBS",
         "SELECT id, REPLACE(s, '\u00E9', 'E') AS r1, REPLACE(s, 'ab', '') AS r2, "
         "LENGTH(REPLACE(s, 'a', 'aa')) AS r3, STRPOS(s, '\u00E9') AS r4, "
         "LOWER(UPPER(s)) = LOWER(s) AS r5, SUBSTR(s, STRPOS(s, ' ') + 1) AS r6 FROM t",
         "SELECT id, replace(s, '\u00E9', 'E'), replace(s, 'ab', ''), length(replace(s, 'a', 'aa')), "
         "instr(s, '\u00E9'), lower(upper(s)) = lower(s), substr(s, instr(s, ' ') + 1) FROM t"},

        {"SUBSTR with positive, negative and out-of-range positions", "ISSSSSSSS",
         "SELECT id, SUBSTR(s, 2, 3) AS p1, SUBSTR(s, -3) AS p2, SUBSTR(s, -4, 2) AS p3, "
         "SUBSTR(s, 3) AS p4, SUBSTR(s, 1, 1) AS p5, SUBSTR(s, 20) AS p6, SUBSTR(u, -10, 12) AS p7, "
         "SUBSTR(s, j, 2) AS p8 FROM t",
         "SELECT id, substr(s, 2, 3), substr(s, -3), substr(s, -4, 2), substr(s, 3), substr(s, 1, 1), "
         "substr(s, 20), substr(u, -10, 12), substr(s, CASE WHEN j = 0 THEN 1 ELSE j END, 2) FROM t"},

        // Sluice takes a negative length as 0, like Spark; SQLite's substr counts it backwards from the
        // start. ENDS_WITH: when u is longer than s, SQLite's substr gets a start <= 0 and returns at most
        // s, which cannot equal u.
        {"SUBSTR with a length from the data, STARTS_WITH, ENDS_WITH", "ISBBSSS",
         "SELECT id, SUBSTR(s, 2, j) AS p1, STARTS_WITH(s, 'a') AS p2, ENDS_WITH(s, u) AS p3, "
         "UPPER(SUBSTR(REPLACE(s, ' ', '_'), 1, 4)) AS p4, SUBSTR(s, j) AS p5, REPLACE(s, '', 'x') AS p6 "
         "FROM t",
         "SELECT id, substr(s, 2, max(j, 0)), substr(s, 1, 1) = 'a', "
         "substr(s, length(s) - length(u) + 1) = u, upper(substr(replace(s, ' ', '_'), 1, 4)), substr(s, j), "
         "replace(s, '', 'x') FROM t"},

        {"string functions in WHERE", "IS",
         "SELECT id, s FROM t WHERE UPPER(TRIM(s)) LIKE 'A%' OR LENGTH(s) > 8 AND s NOT LIKE '% %'", ""},

        {"string comparisons are byte-wise", "IBBBBB",
         "SELECT id, s < u AS o1, s = u AS o2, s >= 'M' AS o3, UPPER(u) = 'AB' AS o4, s <> '' AS o5 "
         "FROM t",
         ""},

        // RE2's '.' does not match a line break unless (?s) is given; SQLite's regexp '.' matches any
        // character. SQLite's regexp takes a leading '^' as anchoring the whole pattern, every alternative
        // included, so `^ |\t|x,y` is three REGEXPs joined with OR there. Both search anywhere in the
        // text, as UTF-8.
        {"REGEXP_LIKE against the REGEXP of SQLite", "IBBBBBB",
         "SELECT id, REGEXP_LIKE(s, '^[a-z]+$') AS x1, REGEXP_LIKE(s, '[A-Z]{2}') AS x2, "
         "REGEXP_LIKE(s, '(?s)a.b') AS x3, REGEXP_LIKE(s, '(?s)^.$') AS x4, "
         "REGEXP_LIKE(s, '^ |\\t|x,y') AS x5, REGEXP_LIKE(s, 'l+o W?') AS x6 FROM t",
         "SELECT id, s REGEXP '^[a-z]+$', s REGEXP '[A-Z]{2}', s REGEXP 'a.b', s REGEXP '^.$', "
         "(s REGEXP '^ ' OR s REGEXP '\\t' OR s REGEXP 'x,y'), s REGEXP 'l+o W?' FROM t"},

        // Casts.
        {"CAST between numbers, strings and booleans", "IIIDSIBDI",
         "SELECT id, CAST(i AS BIGINT) AS v1, CAST(d AS BIGINT) AS v2, CAST(i AS DOUBLE) AS v3, "
         "CAST(i AS VARCHAR) AS v4, CAST(flag AS INT) AS v5, CAST(b AS BOOLEAN) AS v6, "
         "CAST(big AS DOUBLE) AS v7, CAST(e AS INT) AS v8 FROM t",
         "SELECT id, CAST(i AS BIGINT), CAST(d AS BIGINT), CAST(i AS DOUBLE), CAST(i AS VARCHAR), "
         "CAST(flag AS INT), b <> 0, CAST(big AS DOUBLE), CAST(e AS INT) FROM t"},

        // A value cast to text and back is itself; TRY_CAST gives NULL where CAST would fail (out of range)
        // and ignores surrounding spaces.
        {"CAST to text and back, TRY_CAST", "IIDTDIII",
         "SELECT id, CAST(CAST(i AS VARCHAR) AS INT) AS b1, CAST(CAST(d AS STRING) AS DOUBLE) AS b2, "
         "CAST(CAST(ts AS STRING) AS TIMESTAMP) AS b3, CAST(CAST(m AS STRING) AS DECIMAL(12, 2)) AS b4, "
         "TRY_CAST(CAST(big AS STRING) AS INT) AS b5, TRY_CAST(' ' || CAST(j AS STRING) || ' ' AS INT) AS "
         "b6, "
         "CAST(CAST(k AS STRING) || '0' AS BIGINT) AS b7 FROM t",
         "SELECT id, i, d, ts, m / 100.0, CASE WHEN big BETWEEN -2147483648 AND 2147483647 THEN big END, "
         "CAST(trim(' ' || j || ' ') AS INTEGER), CAST(k || '0' AS INTEGER) FROM t"},

        {"CAST of booleans and timestamps to text and numbers", "ISDII",
         "SELECT id, CAST(flag AS STRING) AS c1, CAST(b AS DOUBLE) AS c2, "
         "CAST(CAST(b AS BOOLEAN) AS INT) AS c3, CAST(ts AS BIGINT) AS c4 FROM t",
         "SELECT id, CASE flag WHEN 1 THEN 'true' WHEN 0 THEN 'false' END, CAST(b AS REAL), b <> 0, "
         "CAST(strftime('%s', " +
             kSeconds + ") AS INTEGER) FROM t"},

        // Timestamps and dates.
        {"timestamp comparisons with string literals", "IT",
         "SELECT id, ts FROM t WHERE ts > '2026-01-01 00:00:00' OR ts <= '1970-01-01 00:00:00.5'", ""},

        {"date parts, epoch seconds and the text of a timestamp", "IIIIIIIIIIS",
         "SELECT id, YEAR(ts) AS y, MONTH(ts) AS mo, DAY(ts) AS dd, HOUR(ts) AS h, MINUTE(ts) AS mi, "
         "SECOND(ts) AS se, UNIX_TIMESTAMP(ts) AS ep, EXTRACT(DOW FROM ts) AS dow, "
         "EXTRACT(DOY FROM ts) AS doy, CAST(ts AS STRING) AS txt FROM t",
         "SELECT id, " + SqliteDatePart("%Y") + ", " + SqliteDatePart("%m") + ", " + SqliteDatePart("%d") +
             ", " + SqliteDatePart("%H") + ", " + SqliteDatePart("%M") + ", " + SqliteDatePart("%S") + ", " +
             SqliteDatePart("%s") + ", " + SqliteDatePart("%w") + " + 1, " + SqliteDatePart("%j") +
             ", ts FROM t"},

        // EXTRACT(MILLISECOND | MICROSECOND) count within the minute, seconds included.
        {"EXTRACT of sub-second fields and EPOCH", "IIII",
         "SELECT id, EXTRACT(MILLISECOND FROM ts) AS f1, EXTRACT(MICROSECOND FROM ts) AS f2, "
         "EXTRACT(EPOCH FROM ts) AS f3 FROM t",
         "SELECT id, " + SqliteDatePart("%S") + " * 1000 + CAST(substr(" + kFraction +
             ", 1, 3) AS INTEGER), " + SqliteDatePart("%S") + " * 1000000 + CAST(" + kFraction +
             " AS INTEGER), " + SqliteDatePart("%s") + " FROM t"},

        {"timestamp arithmetic and DATE_TRUNC", "ITTTTT",
         "SELECT id, ts + INTERVAL '90' MINUTE AS t1, ts - INTERVAL '1' DAY AS t2, "
         "DATE_TRUNC('hour', ts) AS t3, DATE_TRUNC('day', ts) AS t4, DATE_TRUNC('month', ts) AS t5 FROM t",
         "SELECT id, strftime('%Y-%m-%d %H:%M:%S', " + kSeconds + ", '+90 minutes') || substr(ts, 20), " +
             "strftime('%Y-%m-%d %H:%M:%S', " + kSeconds + ", '-1 day') || substr(ts, 20), " +
             "strftime('%Y-%m-%d %H:00:00', " + kSeconds + "), strftime('%Y-%m-%d 00:00:00', " + kSeconds +
             "), strftime('%Y-%m-01 00:00:00', " + kSeconds + ") FROM t"},

        // Sub-second arithmetic, also before the epoch: the SQLite side computes in microseconds, since
        // strftime's modifiers keep only milliseconds.
        {"timestamp arithmetic with fractions of a second", "ITTTTTI",
         "SELECT id, ts + INTERVAL '1.5' SECOND AS t1, ts - INTERVAL '250' MILLISECOND AS t2, "
         "ts + INTERVAL '1' MICROSECOND AS t3, ts - INTERVAL '1 minute 30 seconds' AS t4, "
         "ts + INTERVAL '7' DAY * 2 AS t5, CAST(ts AS BIGINT) AS e1 FROM t",
         "SELECT id, " + SqliteTimestamp("us + 1500000") + ", " + SqliteTimestamp("us - 250000") + ", " +
             SqliteTimestamp("us + 1") + ", " + SqliteTimestamp("us - 90000000") + ", " +
             SqliteTimestamp("us + 14 * 86400000000") +
             ", (us - ((us % 1000000 + 1000000) % 1000000)) / 1000000 FROM (SELECT id, " + kMicros +
             " AS us FROM t)"},

        // DATE_TRUNC('week') goes back to Monday: SQLite's 'weekday 1' moves forward to the next Monday
        // (or stays), so 6 days back first. 'millisecond' keeps at most 3 fraction digits of the text.
        {"DATE_TRUNC to every unit, CAST to DATE, FROM_UNIXTIME", "ITTTTTTTSTI",
         "SELECT id, DATE_TRUNC('year', ts) AS u1, DATE_TRUNC('quarter', ts) AS u2, "
         "DATE_TRUNC('week', ts) AS u3, DATE_TRUNC('minute', ts) AS u4, DATE_TRUNC('second', ts) AS u5, "
         "DATE_TRUNC('millisecond', ts) AS u6, DATE_TRUNC('MM', ts) AS u7, "
         "CAST(CAST(ts AS DATE) AS STRING) AS u8, FROM_UNIXTIME(CAST(i AS BIGINT) * 1000) AS u9, "
         "EXTRACT(QUARTER FROM ts) AS u10 FROM t",
         "SELECT id, strftime('%Y-01-01 00:00:00', " + kSeconds + "), strftime('%Y-', " + kSeconds +
             ") || printf('%02d', (" + SqliteDatePart("%m") + " - 1) / 3 * 3 + 1) || '-01 00:00:00', " +
             "strftime('%Y-%m-%d 00:00:00', " + kSeconds + ", '-6 days', 'weekday 1'), " +
             "strftime('%Y-%m-%d %H:%M:00', " + kSeconds + "), " + kSeconds + ", substr(ts, 1, 23), " +
             "strftime('%Y-%m-01 00:00:00', " + kSeconds + "), date(" + kSeconds + "), " +
             "datetime(i * 1000, 'unixepoch'), (" + SqliteDatePart("%m") + " - 1) / 3 + 1 FROM t"},

        // DATE ± INTERVAL is a TIMESTAMP; a DATE is compared with a string literal read as a date, which
        // for SQLite's text dates (four-digit years) is the text order.
        {"DATE column: comparisons, arithmetic, casts", "ISBTTTIBS",
         "SELECT id, dt, dt >= DATE '2000-01-01' AS d1, dt + INTERVAL '1' DAY AS d2, "
         "CAST(dt AS TIMESTAMP) AS d3, dt - INTERVAL '90' MINUTE AS d4, YEAR(CAST(dt AS TIMESTAMP)) AS d5, "
         "dt < '1970-01-01' AS d6, CAST(dt AS STRING) AS d7 FROM t",
         "SELECT id, dt, dt >= '2000-01-01', datetime(dt, '+1 day'), dt || ' 00:00:00', "
         "datetime(dt, '-90 minutes'), CAST(strftime('%Y', dt) AS INTEGER), dt < '1970-01-01', dt FROM t"},

        // Query structure: UNION ALL, WITH, subqueries.
        {"UNION ALL of two sources and three branches", "IISS",
         "SELECT id, a, s, 't' AS src FROM t WHERE b > 0 "
         "UNION ALL SELECT id, a, s, 't2' FROM t2 WHERE a < 0 OR a IS NULL "
         "UNION ALL SELECT id, b, u, 'u' FROM t WHERE b IS NULL",
         ""},

        {"UNION ALL widens INT and DOUBLE to DOUBLE", "ID",
         "SELECT id, i AS v FROM t WHERE j > 0 UNION ALL SELECT id, d FROM t2", ""},

        {"filter over UNION ALL in a subquery", "IIS",
         "SELECT id, v, w FROM (SELECT id, a AS v, s AS w FROM t UNION ALL SELECT id, a, s FROM t2) "
         "AS both_tables WHERE v > 0 AND w IS NOT NULL",
         ""},

        {"WITH query, inlined and filtered", "IIS",
         "WITH pos AS (SELECT id, a * 2 AS a2, s FROM t WHERE b > 0) "
         "SELECT id, a2 + 1 AS a3, UPPER(s) AS us FROM pos WHERE a2 < 1000 OR s IS NULL",
         ""},

        {"subquery in FROM", "III",
         "SELECT id, q, q * 2 AS q2 FROM (SELECT id, a + b AS q FROM t WHERE j <> 0) AS sub "
         "WHERE q > 0 OR q IS NULL",
         ""},

        // Aggregations: COMPLETE mode's last batch is the whole result table, which must equal SQLite's
        // GROUP BY over all the rows.
        {"grouped COUNT, SUM, MIN, MAX by a string key", "SIIIISS",
         "SELECT u, COUNT(*) AS n, COUNT(a) AS na, SUM(a) AS sa, SUM(b) AS sb, MIN(s) AS mins, MAX(s) AS "
         "maxs "
         "FROM t GROUP BY u",
         "", OracleQuery::Mode::Complete},

        {"two keys, COUNT(DISTINCT), DECIMAL sum, timestamp MIN", "IBIDTI",
         "SELECT b, flag, COUNT(DISTINCT u) AS du, SUM(m) AS sm, MIN(ts) AS mt, MAX(j) AS mj FROM t GROUP BY "
         "b, flag",
         "SELECT b, flag, COUNT(DISTINCT u), SUM(m) / 100.0, MIN(ts), MAX(j) FROM t GROUP BY b, flag",
         OracleQuery::Mode::Complete},

        {"FILTER clauses and AVG", "IIID",
         "SELECT j, COUNT(*) FILTER (WHERE a > 0) AS pos, SUM(i) FILTER (WHERE flag) AS si, AVG(e) AS ae "
         "FROM t GROUP BY j",
         "", OracleQuery::Mode::Complete},

        {"one global group", "IIDDD",
         "SELECT COUNT(*) AS n, SUM(b) AS sb, MIN(d) AS mind, MAX(d) AS maxd, AVG(j) AS aj FROM t", "",
         OracleQuery::Mode::Complete},

        {"an expression key and HAVING", "III",
         "SELECT a % 7 AS r, COUNT(*) AS n, SUM(b) AS sb FROM t GROUP BY a % 7 HAVING COUNT(*) > 10", "",
         OracleQuery::Mode::Complete},

        {"daily windows in COMPLETE mode", "STI",
         "SELECT u, window_start, COUNT(*) AS n FROM t GROUP BY u, TUMBLE(ts, INTERVAL '1' DAY)",
         "SELECT u, date(ts) || ' 00:00:00', COUNT(*) FROM t WHERE ts IS NOT NULL GROUP BY u, date(ts)",
         OracleQuery::Mode::Complete},

        // APPEND mode over tw (t's rows in time order, watermarked): each window is written once, when
        // the watermark passes its end; the last one is closed by a far-future row that SQLite lacks.
        {"daily windows in APPEND mode, final after the last watermark", "STTII",
         "SELECT u, window_start, window_end, COUNT(*) AS n, MAX(a) AS ma FROM tw "
         "GROUP BY u, TUMBLE(ts, INTERVAL '1' DAY)",
         "SELECT u, date(ts) || ' 00:00:00', date(date(ts), '+1 day') || ' 00:00:00', COUNT(*), MAX(a) FROM "
         "t "
         "WHERE ts IS NOT NULL GROUP BY u, date(ts)"},

        {"SELECT DISTINCT over a stream", "SI", "SELECT DISTINCT u, j FROM t", ""},
    };
}

} // namespace sluice::oracle
