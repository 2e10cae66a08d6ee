// The workload of the SQLite oracle test: the two input tables and the stateless queries run over them.
#pragma once

#include <string>
#include <vector>

#include "tests/oracle/random_table.h"

namespace sluice::oracle {

/// Table `t`: every column type, with negatives, zeros, NULLs, extreme integers, fractions, tricky strings
/// and timestamps on both sides of the epoch; `rows` random rows followed by a few corner rows.
RandomTable MakeTableT(Random& random, int rows);

/// Table `t2`: a second source with other csv options (`;`, no header, NULL written as N/A), for UNION ALL.
RandomTable MakeTableT2(Random& random, int rows);

/// The csv options each table's files are written with, and the same options as Sluice's FORMAT clause.
CsvDialect DialectT();
CsvDialect DialectT2();
std::string SluiceFormatT();
std::string SluiceFormatT2();

/// One query, run by both systems over the same rows.
struct OracleQuery {
    std::string name;
    /// One letter per output column: I integer, D double (also DECIMAL), S string, B boolean, T timestamp.
    std::string kinds;
    /// The query as Sluice runs it: the AS part of a CREATE SINK over sources t and t2.
    std::string sluice;
    /// The query as sqlite3 runs it over tables t and t2, when the dialects differ; empty: same text.
    std::string sqlite;
    /// How Sluice's sink runs it: APPEND (every batch's rows are part of the result; also a windowed
    /// aggregation over tw, whose last batch finalizes every window), or COMPLETE (the last batch's rows
    /// are the whole result).
    enum class Mode { Append, Complete };
    Mode mode = Mode::Append;

    const std::string& SqliteText() const { return sqlite.empty() ? sluice : sqlite; }
};

std::vector<OracleQuery> OracleQueries();

} // namespace sluice::oracle
