#pragma once

// The front end's entry point: text of a `.stream` file -> AST. No ANTLR type appears here.

#include <cstdint>
#include <optional>

#include "compiler/ast/ast.h"
#include "compiler/common/source.h"
#include "compiler/diag/diagnostic.h"

namespace sluice {

/// The outcome of parsing one file.
struct ParseResult {
    /// Every statement that parsed without an error, in file order.
    ast::Script script;
    /// True when any error (E0101 syntax, E0102 invalid literal, E0103 lexical, E0306 unknown type,
    /// E0404 second WATERMARK) was reported for this file.
    bool has_errors = false;
};

/// Parses file `file_id` of `sources`, reporting every error to `diags` in source order. After an
/// error the parser resynchronizes at the next `;` (or `CREATE`), so one run reports one error per
/// broken statement and keeps the statements that are fine — useful for tools that want to go on
/// checking them.
ParseResult ParseScriptPartial(const SourceManager& sources, uint32_t file_id, DiagnosticEngine& diags);

/// Like ParseScriptPartial, but nullopt when any error was reported.
std::optional<ast::Script> ParseScript(const SourceManager& sources, uint32_t file_id,
                                       DiagnosticEngine& diags);

} // namespace sluice
