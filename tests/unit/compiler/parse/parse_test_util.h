#pragma once

// Helpers shared by the parser tests.

#include <string>

#include <catch2/catch.hpp>

#include "compiler/ast/ast.h"
#include "compiler/ast/ast_printer.h"
#include "compiler/parse/parser.h"

namespace sluice::testing {

/// Parses `text` as one file and keeps everything a test looks at.
class ParsedFile {
public:
    explicit ParsedFile(const std::string& text, const std::string& name = "test.stream") : diags(sources) {
        file = sources.Add(name, text);
        result = ParseScriptPartial(sources, file, diags);
    }

    const ast::Script& script() const { return result.script; }
    bool ok() const { return !result.has_errors; }
    std::string Errors() const { return diags.RenderText(); }
    /// The source text a range covers.
    std::string Text(const SourceRange& range) const { return std::string(sources.Get(file).Slice(range)); }
    template <typename T> const T& Statement(size_t index) const {
        return dynamic_cast<const T&>(*result.script.statements.at(index));
    }

    SourceManager sources;
    DiagnosticEngine diags;
    uint32_t file = 0;
    ParseResult result;
};

/// A compact prefix form of an expression for shape checks: `a + b * c` is `(+ a (* b c))`.
std::string Sexpr(const ast::Expr& expr);

/// Parses `CREATE VIEW v AS SELECT <expr> FROM t;` and keeps the expression.
class ParsedExpr : public ParsedFile {
public:
    static constexpr std::string_view kPrefix = "CREATE VIEW v AS SELECT ";

    explicit ParsedExpr(const std::string& expr) : ParsedFile(std::string(kPrefix) + expr + " FROM t;") {}

    const ast::Expr& expr() const {
        const auto& view = Statement<ast::CreateView>(0);
        return *view.body.query->selects.at(0).items.at(0).expr;
    }
    std::string sexpr() const { return Sexpr(expr()); }
};

} // namespace sluice::testing
