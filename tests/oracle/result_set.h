// Query results of both systems in one representation, and their comparison as multisets of rows.
//
// Each query declares the kind of every output column (one letter: I integer, D double, S string,
// B boolean, T timestamp). The parsers read each system's own text form strictly into that kind — Sluice's
// csv file sink (`true`/`false`, timestamps as text, an empty unquoted field is NULL) and the sqlite3 CLI's
// `.mode quote` (SQL literals, so NULL, '' and 'NULL' stay apart; booleans are 1/0) — so a value of the
// wrong type is a failure, not something a lenient conversion hides.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::oracle {

/// One normalized value. Timestamps are microseconds since the epoch in `integer`.
struct Value {
    enum class Kind { Null, Integer, Double, String, Boolean, Timestamp };
    Kind kind = Kind::Null;
    int64_t integer = 0;
    double real = 0;
    std::string text;

    /// A readable form for failure messages: NULL, 42, 0.5, 'text' (with \n, \t escaped), true, the
    /// canonical timestamp text.
    std::string ToString() const;
};

using Row = std::vector<Value>;

/// Parses the csv files Sluice's file sink wrote (concatenated) into rows of the given column kinds.
/// Returns false and sets `error` when a field does not read as its kind or a row has the wrong width.
bool ParseSluiceCsv(std::string_view text, const std::string& kinds, std::vector<Row>* rows,
                    std::string* error);

/// Parses the output of `sqlite3` in `.mode quote` into rows of the given column kinds.
bool ParseSqliteQuote(std::string_view text, const std::string& kinds, std::vector<Row>* rows,
                      std::string* error);

/// The difference of two multisets of rows: doubles are equal within a relative tolerance of 1e-9 (NaN
/// equals NaN, infinities equal themselves), every other kind must be equal exactly.
struct RowDiff {
    std::vector<Row> only_in_sluice;
    std::vector<Row> only_in_sqlite;
    bool empty() const { return only_in_sluice.empty() && only_in_sqlite.empty(); }
};

RowDiff CompareMultisets(std::vector<Row> sluice, std::vector<Row> sqlite);

std::string RowToString(const Row& row);

} // namespace sluice::oracle
