#include "tests/oracle/result_set.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "tests/oracle/random_table.h"

namespace sluice::oracle {

namespace {

/// A field as read from the text, before conversion to its column's kind.
struct Token {
    std::string text;
    /// Quoted in the text: in Sluice's csv a quoted empty field is an empty string, not NULL; in SQLite's
    /// quote mode only a quoted token is text.
    bool quoted = false;
};

bool ParseInteger(std::string_view text, int64_t* out) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
    return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

bool ParseDouble(std::string_view text, double* out) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
    return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

std::string Describe(const Token& token) {
    return token.quoted ? "\"" + token.text + "\"" : "'" + token.text + "'";
}

// Sluice's csv: fields separated by commas, rows by '\n', a quoted field doubles its quotes.
bool SplitCsv(std::string_view text, std::vector<std::vector<Token>>* rows, std::string* error) {
    size_t pos = 0;
    while (pos < text.size()) {
        std::vector<Token> row;
        for (;;) {
            Token token;
            if (pos < text.size() && text[pos] == '"') {
                token.quoted = true;
                ++pos;
                for (;;) {
                    if (pos >= text.size()) {
                        *error = "a quoted field is never closed";
                        return false;
                    }
                    if (text[pos] == '"') {
                        if (pos + 1 < text.size() && text[pos + 1] == '"') {
                            token.text.push_back('"');
                            pos += 2;
                            continue;
                        }
                        ++pos;
                        break;
                    }
                    token.text.push_back(text[pos++]);
                }
            } else {
                while (pos < text.size() && text[pos] != ',' && text[pos] != '\n')
                    token.text.push_back(text[pos++]);
            }
            row.push_back(std::move(token));
            if (pos < text.size() && text[pos] == ',') {
                ++pos;
                continue;
            }
            if (pos < text.size() && text[pos] != '\n') {
                *error = "unexpected text after a closing quote at byte " + std::to_string(pos);
                return false;
            }
            ++pos; // the '\n' (or the end)
            break;
        }
        rows->push_back(std::move(row));
    }
    return true;
}

// sqlite3's quote mode: SQL literals (NULL, 'text' with '' doubled, numbers, Inf/-Inf) separated by commas,
// rows by '\n'; a string may itself contain line breaks.
bool SplitQuote(std::string_view text, std::vector<std::vector<Token>>* rows, std::string* error) {
    size_t pos = 0;
    while (pos < text.size()) {
        std::vector<Token> row;
        for (;;) {
            Token token;
            if (pos < text.size() && text[pos] == '\'') {
                token.quoted = true;
                ++pos;
                for (;;) {
                    if (pos >= text.size()) {
                        *error = "a quoted string is never closed";
                        return false;
                    }
                    if (text[pos] == '\'') {
                        if (pos + 1 < text.size() && text[pos + 1] == '\'') {
                            token.text.push_back('\'');
                            pos += 2;
                            continue;
                        }
                        ++pos;
                        break;
                    }
                    token.text.push_back(text[pos++]);
                }
            } else {
                while (pos < text.size() && text[pos] != ',' && text[pos] != '\n')
                    token.text.push_back(text[pos++]);
                if (token.text.empty() || token.text.starts_with("X'")) {
                    *error = "unexpected value '" + token.text + "' at byte " + std::to_string(pos);
                    return false;
                }
            }
            row.push_back(std::move(token));
            if (pos < text.size() && text[pos] == ',') {
                ++pos;
                continue;
            }
            if (pos < text.size() && text[pos] != '\n') {
                *error = "unexpected text after a string at byte " + std::to_string(pos);
                return false;
            }
            ++pos;
            break;
        }
        rows->push_back(std::move(row));
    }
    return true;
}

bool ConvertSluice(const Token& token, char kind, Value* value) {
    if (!token.quoted && token.text.empty()) {
        value->kind = Value::Kind::Null;
        return true;
    }
    switch (kind) {
    case 'I':
        value->kind = Value::Kind::Integer;
        return ParseInteger(token.text, &value->integer);
    case 'D':
        value->kind = Value::Kind::Double;
        return ParseDouble(token.text, &value->real);
    case 'S':
        value->kind = Value::Kind::String;
        value->text = token.text;
        return true;
    case 'B':
        value->kind = Value::Kind::Boolean;
        value->integer = token.text == "true";
        return token.text == "true" || token.text == "false";
    case 'T':
        value->kind = Value::Kind::Timestamp;
        return ParseTimestamp(token.text, &value->integer);
    }
    return false;
}

bool ConvertSqlite(const Token& token, char kind, Value* value) {
    if (!token.quoted && token.text == "NULL") {
        value->kind = Value::Kind::Null;
        return true;
    }
    switch (kind) {
    case 'I':
        value->kind = Value::Kind::Integer;
        return !token.quoted && ParseInteger(token.text, &value->integer);
    case 'D':
        // An integer is fine where a double is expected: SQLite's COALESCE, CASE and UNION ALL keep each
        // value's own type, where Sluice converts them all to the common type DOUBLE.
        value->kind = Value::Kind::Double;
        return !token.quoted && ParseDouble(token.text, &value->real);
    case 'S':
        value->kind = Value::Kind::String;
        value->text = token.text;
        return token.quoted;
    case 'B':
        // SQLite has no boolean type: a comparison or a logical operator gives the integer 1 or 0.
        value->kind = Value::Kind::Boolean;
        return !token.quoted && ParseInteger(token.text, &value->integer) &&
               (value->integer == 0 || value->integer == 1);
    case 'T':
        // The table keeps timestamps as their canonical text; strftime() may add a 3-digit fraction.
        value->kind = Value::Kind::Timestamp;
        return token.quoted && ParseTimestamp(token.text, &value->integer);
    }
    return false;
}

bool Convert(const std::vector<std::vector<Token>>& tokens, const std::string& kinds, bool sluice,
             std::vector<Row>* rows, std::string* error) {
    for (size_t r = 0; r < tokens.size(); ++r) {
        if (tokens[r].size() != kinds.size()) {
            *error = "row " + std::to_string(r + 1) + " has " + std::to_string(tokens[r].size()) +
                     " fields, the query has " + std::to_string(kinds.size()) + " columns";
            return false;
        }
        Row row(kinds.size());
        for (size_t c = 0; c < kinds.size(); ++c) {
            if (!(sluice ? ConvertSluice : ConvertSqlite)(tokens[r][c], kinds[c], &row[c])) {
                *error = "row " + std::to_string(r + 1) + ", column " + std::to_string(c + 1) + ": " +
                         Describe(tokens[r][c]) + " is not a value of kind " + kinds[c];
                return false;
            }
        }
        rows->push_back(std::move(row));
    }
    return true;
}

template <typename T> int Order(const T& a, const T& b) {
    return a < b ? -1 : b < a ? 1 : 0;
}

// A total order over values of one column (NULL first, NaN after every other double), used to sort.
int CompareExact(const Value& a, const Value& b) {
    if (a.kind != b.kind)
        return Order(static_cast<int>(a.kind), static_cast<int>(b.kind));
    switch (a.kind) {
    case Value::Kind::Null:
        return 0;
    case Value::Kind::Double:
        if (std::isnan(a.real) || std::isnan(b.real))
            return Order(std::isnan(a.real), std::isnan(b.real));
        return Order(a.real, b.real);
    case Value::Kind::String:
        return Order(a.text, b.text);
    default:
        return Order(a.integer, b.integer);
    }
}

bool DoublesClose(double a, double b) {
    if (std::isnan(a) || std::isnan(b))
        return std::isnan(a) && std::isnan(b);
    if (a == b)
        return true;
    return std::fabs(a - b) <= 1e-9 * std::max(std::fabs(a), std::fabs(b));
}

// Like CompareExact, but doubles within the tolerance are equal; used to pair the sorted rows up.
int CompareRows(const Row& a, const Row& b, bool tolerant) {
    for (size_t c = 0; c < a.size() && c < b.size(); ++c) {
        if (tolerant && a[c].kind == Value::Kind::Double && b[c].kind == Value::Kind::Double &&
            DoublesClose(a[c].real, b[c].real))
            continue;
        if (int order = CompareExact(a[c], b[c]))
            return order;
    }
    return Order(a.size(), b.size());
}

} // namespace

std::string Value::ToString() const {
    switch (kind) {
    case Kind::Null:
        return "NULL";
    case Kind::Integer:
        return std::to_string(integer);
    case Kind::Double: {
        char buf[40];
        std::snprintf(buf, sizeof buf, "%.17g", real);
        return buf;
    }
    case Kind::String: {
        std::string out = "'";
        for (char c : text) {
            if (c == '\n')
                out += "\\n";
            else if (c == '\r')
                out += "\\r";
            else if (c == '\t')
                out += "\\t";
            else if (c == '\'')
                out += "''";
            else
                out.push_back(c);
        }
        return out + "'";
    }
    case Kind::Boolean:
        return integer ? "true" : "false";
    case Kind::Timestamp:
        return "TIMESTAMP '" + FormatTimestamp(integer) + "'";
    }
    return "?";
}

std::string RowToString(const Row& row) {
    std::string out = "(";
    for (size_t c = 0; c < row.size(); ++c)
        out += (c > 0 ? ", " : "") + row[c].ToString();
    return out + ")";
}

bool ParseSluiceCsv(std::string_view text, const std::string& kinds, std::vector<Row>* rows,
                    std::string* error) {
    std::vector<std::vector<Token>> tokens;
    return SplitCsv(text, &tokens, error) && Convert(tokens, kinds, true, rows, error);
}

bool ParseSqliteQuote(std::string_view text, const std::string& kinds, std::vector<Row>* rows,
                      std::string* error) {
    std::vector<std::vector<Token>> tokens;
    return SplitQuote(text, &tokens, error) && Convert(tokens, kinds, false, rows, error);
}

RowDiff CompareMultisets(std::vector<Row> sluice, std::vector<Row> sqlite) {
    auto less = [](const Row& a, const Row& b) { return CompareRows(a, b, false) < 0; };
    std::sort(sluice.begin(), sluice.end(), less);
    std::sort(sqlite.begin(), sqlite.end(), less);
    // Both sides sorted by the exact order: rows that are equal within the tolerance end up at the same
    // place in both lists, so one merge pairs them.
    RowDiff diff;
    size_t i = 0, j = 0;
    while (i < sluice.size() && j < sqlite.size()) {
        int order = CompareRows(sluice[i], sqlite[j], true);
        if (order == 0) {
            ++i;
            ++j;
        } else if (order < 0) {
            diff.only_in_sluice.push_back(sluice[i++]);
        } else {
            diff.only_in_sqlite.push_back(sqlite[j++]);
        }
    }
    diff.only_in_sluice.insert(diff.only_in_sluice.end(), sluice.begin() + i, sluice.end());
    diff.only_in_sqlite.insert(diff.only_in_sqlite.end(), sqlite.begin() + j, sqlite.end());
    return diff;
}

} // namespace sluice::oracle
