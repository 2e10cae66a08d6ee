#include "runtime/sinks/console/console_sink.h"

#include <algorithm>
#include <iostream>
#include <mutex>

#include "runtime/formats/cell_text.h"

namespace sluice::rt {

namespace {

/// Spark's show cuts cells to this many characters when truncating.
constexpr size_t kTruncateChars = 20;
/// Spark's minimum column width.
constexpr size_t kMinColumnWidth = 3;

/// Decodes the UTF-8 code point at `pos` and moves past it; a byte that does not start a valid
/// sequence counts as one character.
char32_t NextCodePoint(std::string_view s, size_t& pos) {
    auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
    unsigned char b = byte(pos);
    size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || pos + len > s.size()) {
        ++pos;
        return b;
    }
    char32_t cp = len == 1 ? b : b & (0x7F >> len);
    for (size_t i = 1; i < len; ++i) {
        if ((byte(pos + i) & 0xC0) != 0x80) {
            ++pos;
            return b;
        }
        cp = (cp << 6) | (byte(pos + i) & 0x3F);
    }
    pos += len;
    return cp;
}

/// The code points Spark's Utils.stringHalfWidth counts as two columns wide.
bool IsFullWidth(char32_t c) {
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE10 && c <= 0xFE19) || (c >= 0xFE30 && c <= 0xFE6F) ||
           (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6);
}

size_t DisplayWidth(std::string_view s) {
    size_t width = 0;
    for (size_t pos = 0; pos < s.size();)
        width += IsFullWidth(NextCodePoint(s, pos)) ? 2 : 1;
    return width;
}

size_t CountChars(std::string_view s) {
    size_t n = 0;
    for (size_t pos = 0; pos < s.size(); ++n)
        NextCodePoint(s, pos);
    return n;
}

/// The first `n` characters of `s`.
std::string_view PrefixChars(std::string_view s, size_t n) {
    size_t pos = 0;
    for (size_t i = 0; i < n && pos < s.size(); ++i)
        NextCodePoint(s, pos);
    return s.substr(0, pos);
}

/// Spark's SchemaUtils.escapeMetaCharacters: control characters would break the table's lines.
std::string EscapeMetaCharacters(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\v':
            out += "\\v";
            break;
        case '\a':
            out += "\\a";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string ShowCell(std::string_view text, bool truncate) {
    std::string cell = EscapeMetaCharacters(text);
    if (truncate && CountChars(cell) > kTruncateChars)
        return std::string(PrefixChars(cell, kTruncateChars - 3)) + "...";
    return cell;
}

void AppendRow(std::string& out, const std::vector<std::string>& cells, const std::vector<size_t>& widths,
               bool right_align) {
    out += '|';
    for (size_t i = 0; i < cells.size(); ++i) {
        std::string padding(widths[i] - DisplayWidth(cells[i]), ' ');
        out += right_align ? padding + cells[i] : cells[i] + padding;
        out += '|';
    }
    out += '\n';
}

/// Console sinks of concurrent queries share stdout: one lock keeps each batch's text in one piece.
std::mutex& OutputMutex() {
    static std::mutex mu;
    return mu;
}

} // namespace

ConsoleSink::ConsoleSink(const SinkSpec& spec, const SinkEnv&, std::ostream* out)
    : out_(out != nullptr ? out : &std::cout),
      num_rows_(std::max<int64_t>(spec.options.GetInt("num_rows"), 0)),
      truncate_(spec.options.GetBool("truncate")) {
    for (const auto& col : spec.schema)
        header_.push_back(col.name);
}

std::string ConsoleSink::FormatTable(const std::vector<std::string>& header,
                                     const std::vector<std::vector<std::string>>& rows, bool more,
                                     int64_t num_rows, bool truncate) {
    // Spark escapes the column names but never truncates them.
    std::vector<std::vector<std::string>> cells;
    cells.reserve(rows.size() + 1);
    cells.emplace_back();
    for (const auto& name : header)
        cells.back().push_back(EscapeMetaCharacters(name));
    for (const auto& row : rows) {
        cells.emplace_back();
        for (const auto& text : row)
            cells.back().push_back(ShowCell(text, truncate));
    }
    std::vector<size_t> widths(header.size(), kMinColumnWidth);
    for (const auto& row : cells)
        for (size_t i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], DisplayWidth(row[i]));

    std::string separator = "+";
    for (size_t w : widths)
        separator += std::string(w, '-') + "+";
    separator += '\n';

    std::string out = separator;
    AppendRow(out, cells[0], widths, truncate);
    out += separator;
    for (size_t r = 1; r < cells.size(); ++r)
        AppendRow(out, cells[r], widths, truncate);
    out += separator;
    if (more)
        out += "only showing top " + std::to_string(num_rows) + (num_rows == 1 ? " row\n" : " rows\n");
    return out;
}

bool ConsoleSink::BeginBatch(int64_t) {
    shown_.clear();
    total_rows_ = 0;
    return true;
}

void ConsoleSink::Write(const Batch& rows) {
    for (int64_t r = 0; r < rows.num_rows() && static_cast<int64_t>(shown_.size()) < num_rows_; ++r) {
        std::vector<std::string> cells;
        cells.reserve(rows.num_columns());
        for (int c = 0; c < rows.num_columns(); ++c)
            cells.push_back(CellText(rows, c, r).value_or("null"));
        shown_.push_back(std::move(cells));
    }
    total_rows_ += rows.num_rows();
}

void ConsoleSink::CommitBatch(int64_t batch_id) {
    // Spark prints the banner with println and the table with println(showString): hence the empty
    // line that ends each batch.
    std::string text = "-------------------------------------------\nBatch: " + std::to_string(batch_id) +
                       "\n-------------------------------------------\n" +
                       FormatTable(header_, shown_, total_rows_ > num_rows_, num_rows_, truncate_) + "\n";
    std::lock_guard<std::mutex> lock(OutputMutex());
    out_->write(text.data(), static_cast<std::streamsize>(text.size()));
    out_->flush();
}

} // namespace sluice::rt
