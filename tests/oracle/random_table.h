// Random input rows for the SQLite oracle test: one table of typed cells, written twice — as CSV files
// the way Sluice's `file` source reads them, and as a SQL script that loads the very same values into a
// STRICT SQLite table. The two writers are the only place where the two systems' input forms meet.
#pragma once

#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <variant>
#include <vector>

namespace sluice::oracle {

/// A seeded random source whose sequence depends only on the seed (std:: distributions are
/// implementation-defined, so only the raw mt19937_64 output is used).
class Random {
public:
    explicit Random(uint64_t seed) : engine_(seed) {}

    uint64_t Next() { return engine_(); }
    /// Uniform in [lo, hi] (both inclusive); the modulo bias is irrelevant for test data.
    int64_t Between(int64_t lo, int64_t hi);
    /// True with probability p.
    bool Chance(double p) { return static_cast<double>(Next() >> 11) * 0x1.0p-53 < p; }
    template <typename T> const T& Pick(const std::vector<T>& items) {
        return items[static_cast<size_t>(Between(0, static_cast<int64_t>(items.size()) - 1))];
    }

private:
    std::mt19937_64 engine_;
};

/// Column types of the generated tables, with their Sluice and SQLite spellings. SQLite has no DECIMAL: a
/// Cents column is DECIMAL(12, 2) in Sluice and an INTEGER number of cents in SQLite, so that SQLite's
/// arithmetic on it is exact too (queries divide by 100 where they need the value).
enum class ColumnType { Bigint, Int, Double, String, Timestamp, Boolean, Cents, Date };

/// A generated value: monostate is NULL; BIGINT, INT, TIMESTAMP (microseconds since the epoch), DECIMAL
/// (cents) and DATE (days since the epoch) are int64_t; BOOLEAN is bool.
using Cell = std::variant<std::monostate, int64_t, double, std::string, bool>;

/// One column: its name, type and how its values are drawn.
struct ColumnSpec {
    std::string name;
    ColumnType type;
    std::function<Cell(Random&)> generate;
};

/// How a table's CSV files are written; mirrors the csv format options of the Sluice source.
struct CsvDialect {
    char delimiter = ',';
    /// The text of NULL; an empty string means an empty unquoted field.
    std::string null_value;
    bool header = false;
};

/// A table of generated rows.
struct RandomTable {
    std::string name;
    std::vector<ColumnSpec> columns;
    std::vector<std::vector<Cell>> rows;

    /// Appends `count` rows; column 0 gets `first_id`, `first_id + 1`, … so every row can be told apart.
    void Generate(Random& random, int count, int64_t first_id);

    /// The column list of a Sluice `CREATE SOURCE`: `id BIGINT, a BIGINT, …`.
    std::string SluiceColumns() const;

    /// Writes the rows into `files` CSV files under `dir`. Besides what the values require (quotes
    /// around text with a delimiter, quote or line break, around empty strings and around text equal to
    /// null_value), it varies everything a reader must accept: optional quotes around any value, the
    /// accepted spellings of booleans, timestamps and doubles, one file with CRLF line ends and one
    /// without a final line break.
    void WriteCsvFiles(const std::string& dir, const CsvDialect& dialect, int files, Random& random) const;

    /// A SQL script that creates the table as STRICT (so no value changes type on the way in) and
    /// inserts every row with typed literals: NULL is NULL, a timestamp is its canonical text, a
    /// boolean is 1 or 0.
    std::string SqliteScript() const;
};

/// The canonical text of a timestamp, as Sluice writes it: `YYYY-MM-DD HH:MM:SS[.ffffff]` in UTC, the
/// fraction only when nonzero and without trailing zeros.
std::string FormatTimestamp(int64_t micros);

/// `YYYY-MM-DD` of a day number.
std::string FormatDate(int64_t days);

/// Parses `YYYY-MM-DD HH:MM:SS[.f…]` (1 to 6 fraction digits); false when `text` is anything else.
bool ParseTimestamp(std::string_view text, int64_t* micros);

/// The shortest text that reads back as the same double.
std::string ShortestDouble(double value);

} // namespace sluice::oracle
