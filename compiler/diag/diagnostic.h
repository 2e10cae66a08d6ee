#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compiler/common/source.h"

namespace sluice {

/// Diagnostic codes; the catalogue is diag_codes.def.
enum class DiagCode {
#define DIAG(code, name, summary) code,
#include "compiler/diag/diag_codes.def"
#undef DIAG
};

std::string_view DiagCodeName(DiagCode code);    // "E0201"
std::string_view DiagCodeSummary(DiagCode code); // one line from the catalogue

enum class Severity { Error, Warning, Note };

/// A note attached to a diagnostic, optionally pointing at its own source range.
struct DiagNote {
    std::string message;
    SourceRange range; // may be invalid: the note then has no location
};

/// One diagnostic: severity, code, message, the primary range, and notes.
struct Diagnostic {
    Severity severity = Severity::Error;
    DiagCode code = DiagCode::E0101;
    std::string message;
    SourceRange range;
    std::vector<DiagNote> notes;
};

/// Collects the diagnostics of a compilation; phases keep going after an error where they can so
/// that one run reports several problems.
class DiagnosticEngine {
public:
    explicit DiagnosticEngine(const SourceManager& sources) : sources_(sources) {}

    /// Reports an error; the returned reference lets the caller attach notes.
    Diagnostic& Error(DiagCode code, SourceRange range, std::string message);
    Diagnostic& Warning(DiagCode code, SourceRange range, std::string message);

    bool HasErrors() const { return errors_ > 0; }
    size_t ErrorCount() const { return errors_; }
    const std::vector<Diagnostic>& diagnostics() const { return diags_; }
    const SourceManager& sources() const { return sources_; }

    /// `file:line:col: error[E0201]: message`, the source line, a caret line, then notes.
    std::string RenderText(bool color = false) const;
    /// A JSON array of diagnostics, for tools (`--diagnostics=json`).
    std::string RenderJson() const;

private:
    /// Phases report in their own order; users read files top to bottom.
    std::vector<const Diagnostic*> InSourceOrder() const;

    const SourceManager& sources_;
    std::vector<Diagnostic> diags_;
    size_t errors_ = 0;
};

/// The candidate closest to `name` by edit distance (case-insensitive), or "" when none is close
/// enough to be a plausible misspelling.
std::string SuggestName(std::string_view name, const std::vector<std::string>& candidates);

} // namespace sluice
