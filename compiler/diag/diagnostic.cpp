#include "compiler/diag/diagnostic.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <tuple>

#include "compiler/common/strings.h"

namespace sluice {

namespace {

struct CodeInfo {
    std::string_view name;
    std::string_view summary;
};

constexpr CodeInfo kCodes[] = {
#define DIAG(code, name, summary) {#code, summary},
#include "compiler/diag/diag_codes.def"
#undef DIAG
};

std::string_view SeverityName(Severity s) {
    switch (s) {
    case Severity::Error:
        return "error";
    case Severity::Warning:
        return "warning";
    case Severity::Note:
        return "note";
    }
    return "error";
}

constexpr size_t kMaxShownLineBytes = 160;
constexpr size_t kMaxRenderedErrors = 100;

bool IsContinuation(char c) {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Renders "   12 | text" and the caret line under `range` (clipped to the first line of the range). A long
// line is cut to a window around the caret, so that a huge line cannot flood the output.
void RenderSnippet(std::string& out, const SourceFile& file, const SourceRange& range) {
    LineCol begin = file.Locate(range.begin);
    std::string_view line = file.Line(begin.line);
    size_t col = std::min<size_t>(range.begin - file.LineStart(begin.line), line.size());
    size_t end = std::min<size_t>(col + (range.end > range.begin ? range.end - range.begin : 1), line.size());
    std::string prefix, suffix;
    if (line.size() > kMaxShownLineBytes) {
        size_t from = col > 60 ? col - 60 : 0;
        while (from > 0 && IsContinuation(line[from]))
            --from;
        size_t to = std::min(line.size(), from + kMaxShownLineBytes);
        while (to < line.size() && IsContinuation(line[to]))
            ++to;
        prefix = from > 0 ? "..." : "";
        suffix = to < line.size() ? "..." : "";
        line = line.substr(from, to - from);
        col -= from;
        end = std::min(end - from, line.size());
    }
    std::string number = std::to_string(begin.line);
    std::string gutter(number.size() + 4, ' ');
    out += "   " + number + " | " + prefix + std::string(line) + suffix + "\n";
    // One caret column per character, not per byte.
    std::string pad(prefix.size(), ' ');
    for (size_t i = 0; i < col; ++i)
        if (!IsContinuation(line[i]))
            pad += line[i] == '\t' ? '\t' : ' ';
    size_t width = 0;
    for (size_t i = col; i < end; ++i)
        width += IsContinuation(line[i]) ? 0 : 1;
    width = std::max<size_t>(width, 1);
    out += gutter + "| " + pad + "^" + std::string(width - 1, '~') + "\n";
}

} // namespace

std::string_view DiagCodeName(DiagCode code) {
    return kCodes[static_cast<int>(code)].name;
}
std::string_view DiagCodeSummary(DiagCode code) {
    return kCodes[static_cast<int>(code)].summary;
}

Diagnostic& DiagnosticEngine::Error(DiagCode code, SourceRange range, std::string message) {
    ++errors_;
    diags_.push_back({Severity::Error, code, std::move(message), range, {}});
    return diags_.back();
}

Diagnostic& DiagnosticEngine::Warning(DiagCode code, SourceRange range, std::string message) {
    diags_.push_back({Severity::Warning, code, std::move(message), range, {}});
    return diags_.back();
}

std::vector<const Diagnostic*> DiagnosticEngine::InSourceOrder() const {
    std::vector<const Diagnostic*> out;
    for (const Diagnostic& d : diags_)
        out.push_back(&d);
    std::stable_sort(out.begin(), out.end(), [](const Diagnostic* a, const Diagnostic* b) {
        return std::tie(a->range.file, a->range.begin) < std::tie(b->range.file, b->range.begin);
    });
    return out;
}

std::string DiagnosticEngine::RenderText(bool color) const {
    std::string out;
    size_t shown = 0;
    for (const Diagnostic* dp : InSourceOrder()) {
        const Diagnostic& d = *dp;
        if (d.severity == Severity::Error && ++shown > kMaxRenderedErrors) {
            out += "... and " + std::to_string(errors_ - kMaxRenderedErrors) + " more errors\n";
            break;
        }
        const SourceFile& file = sources_.Get(d.range.file);
        if (d.range.file != 0) {
            LineCol lc = file.Locate(d.range.begin);
            out += file.name() + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.col) + ": ";
        }
        std::string head =
            std::string(SeverityName(d.severity)) + "[" + std::string(DiagCodeName(d.code)) + "]";
        if (color)
            head = (d.severity == Severity::Error ? "\x1b[1;31m" : "\x1b[1;35m") + head + "\x1b[0m";
        out += head + ": " + d.message + "\n";
        if (d.range.file != 0)
            RenderSnippet(out, file, d.range);
        for (const DiagNote& n : d.notes) {
            if (n.range.file != 0) {
                const SourceFile& nf = sources_.Get(n.range.file);
                LineCol lc = nf.Locate(n.range.begin);
                out += nf.name() + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.col) +
                       ": note: " + n.message + "\n";
                RenderSnippet(out, nf, n.range);
            } else {
                out += "note: " + n.message + "\n";
            }
        }
    }
    return out;
}

std::string DiagnosticEngine::RenderJson() const {
    auto location = [this](const SourceRange& r, nlohmann::json& j) {
        if (r.file == 0)
            return;
        const SourceFile& f = sources_.Get(r.file);
        LineCol b = f.Locate(r.begin), e = f.Locate(std::max(r.end, r.begin));
        j["file"] = f.name();
        j["line"] = b.line;
        j["column"] = b.col;
        j["end_line"] = e.line;
        j["end_column"] = e.col;
    };
    nlohmann::json arr = nlohmann::json::array();
    size_t shown = 0;
    for (const Diagnostic* dp : InSourceOrder()) {
        const Diagnostic& d = *dp;
        if (d.severity == Severity::Error && ++shown > kMaxRenderedErrors) {
            arr.push_back(
                {{"severity", "note"},
                 {"message", std::to_string(errors_ - kMaxRenderedErrors) + " more errors not shown"},
                 {"notes", nlohmann::json::array()}});
            break;
        }
        nlohmann::json j;
        j["severity"] = SeverityName(d.severity);
        j["code"] = DiagCodeName(d.code);
        j["message"] = d.message;
        location(d.range, j);
        nlohmann::json notes = nlohmann::json::array();
        for (const DiagNote& n : d.notes) {
            nlohmann::json jn;
            jn["message"] = n.message;
            location(n.range, jn);
            notes.push_back(jn);
        }
        j["notes"] = notes;
        arr.push_back(j);
    }
    // Messages quote the source, which need not be valid UTF-8: replace what is not.
    return arr.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string SuggestName(std::string_view name, const std::vector<std::string>& candidates) {
    std::string lower = ToLower(name);
    std::string best;
    size_t best_distance = std::string::npos;
    for (const std::string& c : candidates) {
        size_t d = EditDistance(lower, ToLower(c));
        if (d < best_distance) {
            best_distance = d;
            best = c;
        }
    }
    // A plausible misspelling: at most a third of the name differs (and at least one edit is allowed).
    size_t limit = std::max<size_t>(1, name.size() / 3);
    return best_distance <= limit ? best : std::string();
}

} // namespace sluice
