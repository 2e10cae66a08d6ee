#include "tests/e2e/runner/test_script.h"

#include <sstream>
#include <stdexcept>

namespace sluice::e2e {

namespace {

std::string Trim(const std::string& s) {
    size_t b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos)
        return "";
    size_t e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

std::vector<std::string> Words(const std::string& s) {
    std::istringstream in(s);
    std::vector<std::string> out;
    std::string w;
    while (in >> w)
        out.push_back(w);
    return out;
}

} // namespace

std::vector<Record> ParseTestScript(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        lines.push_back(line);
    }
    std::vector<Record> records;
    size_t i = 0;
    while (i < lines.size()) {
        std::string t = Trim(lines[i]);
        if (t.empty() || t[0] == '#') {
            ++i;
            continue;
        }
        Record r;
        std::vector<std::string> words = Words(t);
        r.command = words[0];
        r.args.assign(words.begin() + 1, words.end());
        r.line = static_cast<int>(i) + 1;
        ++i;
        r.body_line = static_cast<int>(i) + 1;
        bool in_expected = false;
        for (; i < lines.size() && !Trim(lines[i]).empty(); ++i) {
            if (Trim(lines[i]) == "----") {
                if (in_expected)
                    throw std::runtime_error("line " + std::to_string(i + 1) + ": a second ----");
                in_expected = true;
                continue;
            }
            if (!in_expected && Trim(lines[i])[0] == '#')
                continue;
            (in_expected ? r.expected : r.body).push_back(lines[i]);
        }
        records.push_back(std::move(r));
    }
    return records;
}

Row ParseRow(const std::string& line) {
    Row row;
    size_t i = 0;
    auto skip_spaces = [&] {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
            ++i;
    };
    while (true) {
        skip_spaces();
        std::optional<std::string> cell;
        if (i < line.size() && line[i] == '\'') {
            std::string v;
            ++i;
            while (true) {
                if (i >= line.size())
                    throw std::runtime_error("unterminated quote in row: " + line);
                if (line[i] == '\'') {
                    if (i + 1 < line.size() && line[i + 1] == '\'') {
                        v += '\'';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                v += line[i++];
            }
            cell = v;
            skip_spaces();
        } else {
            size_t start = i;
            while (i < line.size() && line[i] != ',')
                ++i;
            std::string v = Trim(line.substr(start, i - start));
            if (v == "NULL" || v == "null")
                cell = std::nullopt;
            else
                cell = v;
        }
        row.push_back(cell);
        if (i >= line.size())
            break;
        if (line[i] != ',')
            throw std::runtime_error("expected ',' in row: " + line);
        ++i;
    }
    return row;
}

std::string FormatRow(const Row& row) {
    std::string out;
    for (size_t i = 0; i < row.size(); ++i) {
        if (i)
            out += ", ";
        if (!row[i]) {
            out += "NULL";
            continue;
        }
        const std::string& v = *row[i];
        bool quote = v.empty() || v.find_first_of(",' ") != std::string::npos || v == "NULL" || v == "null";
        if (!quote) {
            out += v;
            continue;
        }
        out += '\'';
        for (char c : v)
            out += c == '\'' ? std::string("''") : std::string(1, c);
        out += '\'';
    }
    return out;
}

} // namespace sluice::e2e
