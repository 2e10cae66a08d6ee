#include "tests/oracle/random_table.h"

#include <charconv>
#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace sluice::oracle {

namespace {

constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kMicrosPerDay = 86400 * kMicrosPerSecond;

// Proleptic Gregorian calendar <-> days since 1970-01-01 (H. Hinnant's algorithms), written here rather
// than taken from Sluice so that the oracle shares no code with what it checks.
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;
    const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, int64_t* m, int64_t* d) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

int64_t FloorDiv(int64_t a, int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

std::string Quoted(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        out.push_back(c);
        if (c == '"')
            out.push_back('"');
    }
    out.push_back('"');
    return out;
}

// The accepted spellings of a timestamp on input (docs/language.md, "Text forms"): a `T` instead of the
// space, a trailing `Z`, the fraction padded to six digits, a bare date for midnight.
std::string TimestampVariant(int64_t micros, Random& random) {
    std::string text = FormatTimestamp(micros);
    const bool midnight = micros % kMicrosPerDay == 0;
    if (midnight && random.Chance(0.5))
        return text.substr(0, 10);
    if (random.Chance(0.15)) {
        const int64_t fraction = ((micros % kMicrosPerSecond) + kMicrosPerSecond) % kMicrosPerSecond;
        char padded[8];
        std::snprintf(padded, sizeof padded, ".%06lld", static_cast<long long>(fraction));
        text = text.substr(0, 19) + padded;
    }
    if (random.Chance(0.2))
        text[10] = 'T';
    if (random.Chance(0.15))
        text += 'Z';
    return text;
}

// Every double is written exactly (any of these reads back as the same bits); the forms differ so that
// the reader meets long, exponent and integral spellings.
std::string DoubleVariant(double value, Random& random) {
    char buf[64];
    if (random.Chance(0.2)) {
        std::snprintf(buf, sizeof buf, "%.17g", value);
        return buf;
    }
    if (random.Chance(0.15)) {
        auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
        return std::string(buf, end);
    }
    return ShortestDouble(value);
}

// A DECIMAL(12, 2) value in cents, with two decimals, or fewer when the dropped digits are zeros
// (`12.30`, `12.3`; `7.00`, `7.0`, `7`).
std::string CentsVariant(int64_t cents, Random& random) {
    const uint64_t magnitude = cents < 0 ? 0 - static_cast<uint64_t>(cents) : static_cast<uint64_t>(cents);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s%llu.%02llu", cents < 0 ? "-" : "",
                  static_cast<unsigned long long>(magnitude / 100),
                  static_cast<unsigned long long>(magnitude % 100));
    std::string text = buf;
    if (random.Chance(0.3)) {
        if (text.back() == '0')
            text.pop_back();
        if (text.back() == '0' && random.Chance(0.5))
            text.resize(text.size() - 2);
    }
    return text;
}

std::string BooleanVariant(bool value, Random& random) {
    static const std::vector<std::string> kTrue = {"true", "TRUE", "True", "1"};
    static const std::vector<std::string> kFalse = {"false", "FALSE", "False", "0"};
    return random.Pick(value ? kTrue : kFalse);
}

std::string SqlString(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        out.push_back(c);
        if (c == '\'')
            out.push_back('\'');
    }
    out.push_back('\'');
    return out;
}

} // namespace

int64_t Random::Between(int64_t lo, int64_t hi) {
    const uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo) + 1;
    if (span == 0) // the whole int64 range
        return static_cast<int64_t>(Next());
    return static_cast<int64_t>(static_cast<uint64_t>(lo) + Next() % span);
}

std::string FormatDate(int64_t days) {
    return FormatTimestamp(days * kMicrosPerDay).substr(0, 10);
}

std::string FormatTimestamp(int64_t micros) {
    const int64_t days = FloorDiv(micros, kMicrosPerDay);
    const int64_t in_day = micros - days * kMicrosPerDay;
    int64_t y, m, d;
    CivilFromDays(days, &y, &m, &d);
    const int64_t seconds = in_day / kMicrosPerSecond;
    int64_t fraction = in_day % kMicrosPerSecond;
    char buf[64];
    int n = std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld %02lld:%02lld:%02lld",
                          static_cast<long long>(y), static_cast<long long>(m), static_cast<long long>(d),
                          static_cast<long long>(seconds / 3600), static_cast<long long>(seconds / 60 % 60),
                          static_cast<long long>(seconds % 60));
    std::string text(buf, static_cast<size_t>(n));
    if (fraction != 0) {
        char digits[8];
        std::snprintf(digits, sizeof digits, "%06lld", static_cast<long long>(fraction));
        std::string f = digits;
        while (f.back() == '0')
            f.pop_back();
        text += "." + f;
    }
    return text;
}

bool ParseTimestamp(std::string_view text, int64_t* micros) {
    auto number = [&](size_t pos, size_t len, int64_t* out) {
        if (pos + len > text.size())
            return false;
        int64_t v = 0;
        for (size_t i = pos; i < pos + len; ++i) {
            if (text[i] < '0' || text[i] > '9')
                return false;
            v = v * 10 + (text[i] - '0');
        }
        *out = v;
        return true;
    };
    int64_t y, mo, d, h, mi, s;
    if (text.size() < 19 || text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' ||
        text[16] != ':' || !number(0, 4, &y) || !number(5, 2, &mo) || !number(8, 2, &d) ||
        !number(11, 2, &h) || !number(14, 2, &mi) || !number(17, 2, &s) || mo < 1 || mo > 12 || d < 1 ||
        d > 31 || h > 23 || mi > 59 || s > 59)
        return false;
    int64_t fraction = 0;
    if (text.size() > 19) {
        const size_t digits = text.size() - 20;
        if (text[19] != '.' || digits < 1 || digits > 6 || !number(20, digits, &fraction))
            return false;
        for (size_t i = digits; i < 6; ++i)
            fraction *= 10;
    }
    *micros = (DaysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s) * kMicrosPerSecond + fraction;
    return true;
}

std::string ShortestDouble(double value) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    return std::string(buf, end);
}

void RandomTable::Generate(Random& random, int count, int64_t first_id) {
    for (int r = 0; r < count; ++r) {
        std::vector<Cell> row;
        row.reserve(columns.size());
        row.emplace_back(first_id + r);
        for (size_t c = 1; c < columns.size(); ++c)
            row.push_back(columns[c].generate(random));
        rows.push_back(std::move(row));
    }
}

std::string RandomTable::SluiceColumns() const {
    static const char* const kNames[] = {"BIGINT",    "INT",     "DOUBLE",         "STRING",
                                         "TIMESTAMP", "BOOLEAN", "DECIMAL(12, 2)", "DATE"};
    std::string out;
    for (const ColumnSpec& column : columns) {
        if (!out.empty())
            out += ", ";
        out += column.name + " " + kNames[static_cast<int>(column.type)];
    }
    return out;
}

void RandomTable::WriteCsvFiles(const std::string& dir, const CsvDialect& dialect, int files,
                                Random& random) const {
    const std::string specials = std::string(1, dialect.delimiter) + "\"\r\n";
    for (int f = 0; f < files; ++f) {
        // File 1 ends its lines with CRLF; the last file has no line break after its last row.
        const std::string eol = f == 1 ? "\r\n" : "\n";
        std::string out;
        if (dialect.header) {
            for (size_t c = 0; c < columns.size(); ++c)
                out += (c > 0 ? std::string(1, dialect.delimiter) : "") + columns[c].name;
            out += eol;
        }
        const size_t begin = rows.size() * f / files, end = rows.size() * (f + 1) / files;
        for (size_t r = begin; r < end; ++r) {
            for (size_t c = 0; c < columns.size(); ++c) {
                if (c > 0)
                    out.push_back(dialect.delimiter);
                const Cell& cell = rows[r][c];
                std::string text;
                bool must_quote = false;
                switch (columns[c].type) {
                case ColumnType::Bigint:
                case ColumnType::Int:
                    if (auto* v = std::get_if<int64_t>(&cell))
                        text = std::to_string(*v);
                    break;
                case ColumnType::Double:
                    if (auto* v = std::get_if<double>(&cell))
                        text = DoubleVariant(*v, random);
                    break;
                case ColumnType::Timestamp:
                    if (auto* v = std::get_if<int64_t>(&cell))
                        text = TimestampVariant(*v, random);
                    break;
                case ColumnType::Boolean:
                    if (auto* v = std::get_if<bool>(&cell))
                        text = BooleanVariant(*v, random);
                    break;
                case ColumnType::Cents:
                    if (auto* v = std::get_if<int64_t>(&cell))
                        text = CentsVariant(*v, random);
                    break;
                case ColumnType::Date:
                    if (auto* v = std::get_if<int64_t>(&cell))
                        text = FormatDate(*v);
                    break;
                case ColumnType::String:
                    if (auto* v = std::get_if<std::string>(&cell)) {
                        text = *v;
                        must_quote = text.empty() || text == dialect.null_value ||
                                     text.find_first_of(specials) != std::string::npos;
                    }
                    break;
                }
                if (std::holds_alternative<std::monostate>(cell))
                    out += dialect.null_value;
                else if (must_quote || random.Chance(0.2))
                    out += Quoted(text);
                else
                    out += text;
            }
            if (!(f == files - 1 && r + 1 == end))
                out += eol;
        }
        char file_name[32];
        std::snprintf(file_name, sizeof file_name, "/%s-%02d.csv", name.c_str(), f);
        std::ofstream file(dir + file_name, std::ios::binary);
        file << out;
        if (!file.flush())
            throw std::runtime_error("cannot write " + dir + file_name);
    }
}

std::string RandomTable::SqliteScript() const {
    static const char* const kTypes[] = {"INTEGER", "INTEGER", "REAL",    "TEXT",
                                         "TEXT",    "INTEGER", "INTEGER", "TEXT"};
    std::string out = "CREATE TABLE " + name + " (";
    for (size_t c = 0; c < columns.size(); ++c)
        out += (c > 0 ? ", " : "") + columns[c].name + " " + kTypes[static_cast<int>(columns[c].type)];
    out += ") STRICT;\nBEGIN;\n";
    for (const std::vector<Cell>& row : rows) {
        out += "INSERT INTO " + name + " VALUES (";
        for (size_t c = 0; c < row.size(); ++c) {
            if (c > 0)
                out += ", ";
            const Cell& cell = row[c];
            if (std::holds_alternative<std::monostate>(cell))
                out += "NULL";
            else if (columns[c].type == ColumnType::Timestamp)
                out += SqlString(FormatTimestamp(std::get<int64_t>(cell)));
            else if (columns[c].type == ColumnType::Date)
                out += SqlString(FormatDate(std::get<int64_t>(cell)));
            else if (auto* i = std::get_if<int64_t>(&cell))
                out += std::to_string(*i);
            else if (auto* d = std::get_if<double>(&cell))
                out += ShortestDouble(*d);
            else if (auto* s = std::get_if<std::string>(&cell))
                out += SqlString(*s);
            else
                out += std::get<bool>(cell) ? "1" : "0";
        }
        out += ");\n";
    }
    out += "COMMIT;\n";
    return out;
}

} // namespace sluice::oracle
