#include "compiler/parse/parser.h"

#include <algorithm>
#include <cstdio>

#include <BailErrorStrategy.h>
#include <CommonToken.h>
#include <CommonTokenStream.h>
#include <Exceptions.h>
#include <atn/ParserATNSimulator.h>
#include <atn/PredictionMode.h>

#include "SluiceLexer.h"
#include "SluiceParser.h"
#include "compiler/parse/ast_builder.h"
#include "compiler/parse/source_char_stream.h"
#include "compiler/parse/syntax_error_strategy.h"
#include "compiler/parse/token_vocabulary.h"

namespace sluice {

namespace {

using grammar::SluiceLexer;
using grammar::SluiceParser;

/// Nesting deeper than this (parentheses, braces, CASE, prefix operators) is refused before
/// parsing: the parser and every later phase recurse once per level, and a stack overflow is not a
/// diagnostic.
constexpr size_t kMaxNesting = 256;
/// More binary operators than this in one statement are refused for the same reason: a chain of
/// them becomes a left-deep tree as deep as the chain is long.
constexpr size_t kMaxOperators = 10000;

bool IsBinaryOperator(size_t type) {
    switch (type) {
    case SluiceParser::PLUS:
    case SluiceParser::MINUS:
    case SluiceParser::STAR:
    case SluiceParser::SLASH:
    case SluiceParser::PERCENT:
    case SluiceParser::CONCAT:
    case SluiceParser::EQ:
    case SluiceParser::DOUBLE_EQ:
    case SluiceParser::NEQ:
    case SluiceParser::BANG_EQ:
    case SluiceParser::LT:
    case SluiceParser::LTE:
    case SluiceParser::GT:
    case SluiceParser::GTE:
    case SluiceParser::AND:
    case SluiceParser::OR:
        return true;
    default:
        return false;
    }
}

/// "'#'" for a printable ASCII character, "U+00A0" otherwise.
std::string DescribeCharacter(std::string_view text) {
    unsigned char c = static_cast<unsigned char>(text.front());
    if (text.size() == 1 && c > 0x20 && c < 0x7F)
        return {'\'', text.front(), '\''};
    char32_t code_point = c;
    if (c >= 0x80) {
        // A well-formed sequence (malformed ones are reported as invalid UTF-8 instead).
        int continuation = static_cast<int>(text.size()) - 1;
        code_point = c & (0x3F >> continuation);
        for (int i = 1; i <= continuation; ++i)
            code_point = (code_point << 6) | (static_cast<unsigned char>(text[i]) & 0x3F);
    }
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(code_point));
    return buffer;
}

/// Parses one file: lexes it completely, re-types keywords, reports lexical errors, then parses
/// statement by statement — SLL prediction first, full LL only for a statement where SLL fails —
/// and resynchronizes at the next `;` after a syntax error.
class ScriptParser {
public:
    ScriptParser(const SourceFile& file, uint32_t file_id, DiagnosticEngine& diags)
        : stream_(file.text(), file_id, file.name()), lexer_(&stream_), tokens_(&lexer_), parser_(&tokens_),
          diags_(diags) {
        lexer_.removeErrorListeners();
        parser_.removeErrorListeners();
    }

    ast::Script Run();

private:
    /// Lexes the whole file, turns keyword IDENTIFIERs into keyword tokens and reports lexical
    /// errors (their tokens are on the hidden channel; the parser never sees them).
    void PrepareTokens();
    /// The first on-channel token index at or after `index`.
    size_t NextOnChannel(size_t index);
    /// Where the statement starting at `start` ends, given that it is broken at or after `from`: the
    /// index after the first `;` outside braces at or after `from`, or a later CREATE (no
    /// statement contains one), or EOF.
    size_t StatementEnd(size_t start, size_t from);
    /// Refuses statements nested too deeply or with too many operators; true when it is fine.
    bool CheckLimits(size_t start, size_t end);
    /// Parses the statement at `start`; null after a syntax error, which is then in `error`.
    SluiceParser::SingleStatementContext* ParseStatement(size_t start,
                                                         std::optional<parse::SyntaxError>& error);
    /// True when a lexical error token lies in [first, last]: a syntax error there is a consequence.
    bool LexicalErrorWithin(size_t first, size_t last) const;

    parse::SourceCharStream stream_;
    SluiceLexer lexer_;
    antlr4::CommonTokenStream tokens_;
    SluiceParser parser_;
    DiagnosticEngine& diags_;
    /// Indexes of the error tokens of the lexer, ascending.
    std::vector<size_t> lexical_errors_;
};

ast::Script ScriptParser::Run() {
    PrepareTokens();
    ast::Script script;
    size_t index = NextOnChannel(0);
    while (tokens_.get(index)->getType() != antlr4::Token::EOF) {
        if (tokens_.get(index)->getType() == SluiceParser::SEMICOLON) { // an empty statement
            index = NextOnChannel(index + 1);
            continue;
        }
        size_t end = StatementEnd(index, index);
        if (!CheckLimits(index, end)) {
            index = end;
            continue;
        }
        std::optional<parse::SyntaxError> error;
        if (SluiceParser::SingleStatementContext* ctx = ParseStatement(index, error)) {
            size_t errors_before = diags_.ErrorCount();
            parse::AstBuilder builder(stream_, diags_);
            ast::StatementPtr statement = builder.BuildStatement(ctx);
            size_t next = tokens_.index();
            // A statement with a stray character or a bad literal in it is reported, not kept.
            if (diags_.ErrorCount() == errors_before && !LexicalErrorWithin(index, next))
                script.statements.push_back(std::move(statement));
            index = next;
        } else {
            if (!LexicalErrorWithin(index, error->token_index))
                diags_.Error(DiagCode::E0101, error->range, error->message).notes = error->notes;
            index = StatementEnd(index, error->token_index);
        }
        // The parse trees of this statement are no longer needed.
        parser_.getTreeTracker().reset();
    }
    return script;
}

void ScriptParser::PrepareTokens() {
    tokens_.fill();
    const parse::TokenVocabulary& vocabulary = parse::TokenVocabulary::Get();
    // A file that is not UTF-8 usually has many bad bytes; the first one says enough.
    if (!stream_.invalid_utf8().empty()) {
        uint32_t at = stream_.invalid_utf8().front();
        char byte[8];
        std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(stream_.text()[at]));
        diags_.Error(DiagCode::E0103, {stream_.file_id(), at, at + 1},
                     std::string("invalid UTF-8 (byte ") + byte + "); .stream files must be UTF-8");
    }
    for (antlr4::Token* token : tokens_.getTokens()) {
        SourceRange range = stream_.Range(token);
        SourceRange first_char = {range.file, range.begin, range.begin + 1};
        switch (token->getType()) {
        case SluiceParser::IDENTIFIER:
            if (size_t keyword = vocabulary.KeywordType(stream_.Slice(range)))
                static_cast<antlr4::CommonToken*>(token)->setType(keyword);
            continue;
        case SluiceParser::UNTERMINATED_STRING:
            diags_.Error(DiagCode::E0103, first_char,
                         "unterminated string literal: the closing ' is missing");
            break;
        case SluiceParser::UNTERMINATED_QUOTED_IDENTIFIER:
            diags_.Error(DiagCode::E0103, first_char,
                         "unterminated quoted name: the closing " + std::string(stream_.Slice(first_char)) +
                             " is missing");
            break;
        case SluiceParser::UNTERMINATED_COMMENT:
            diags_.Error(DiagCode::E0103, {range.file, range.begin, range.begin + 2},
                         "unterminated comment: '/*' without a matching '*/'");
            break;
        case SluiceParser::ERROR_CHARACTER: {
            bool invalid_utf8 =
                std::binary_search(stream_.invalid_utf8().begin(), stream_.invalid_utf8().end(), range.begin);
            if (!invalid_utf8)
                diags_.Error(DiagCode::E0103, range,
                             "unexpected character " + DescribeCharacter(stream_.Slice(range)));
            break;
        }
        default:
            continue;
        }
        lexical_errors_.push_back(token->getTokenIndex());
    }
}

size_t ScriptParser::NextOnChannel(size_t index) {
    while (tokens_.get(index)->getChannel() != antlr4::Token::DEFAULT_CHANNEL)
        ++index;
    return index;
}

size_t ScriptParser::StatementEnd(size_t start, size_t from) {
    int brace_depth = 0;
    for (size_t i = start;; i = NextOnChannel(i + 1)) {
        size_t type = tokens_.get(i)->getType();
        if (type == antlr4::Token::EOF || (type == SluiceParser::CREATE && i > start))
            return i;
        if (type == SluiceParser::LBRACE)
            ++brace_depth;
        else if (type == SluiceParser::RBRACE)
            --brace_depth;
        else if (type == SluiceParser::SEMICOLON && brace_depth <= 0 && i >= from)
            return NextOnChannel(i + 1);
    }
}

bool ScriptParser::CheckLimits(size_t start, size_t end) {
    size_t depth = 0, prefix_run = 0, operators = 0;
    for (size_t i = start; i < end; i = NextOnChannel(i + 1)) {
        antlr4::Token* token = tokens_.get(i);
        size_t type = token->getType();
        switch (type) {
        case SluiceParser::LPAREN:
        case SluiceParser::LBRACE:
        case SluiceParser::CASE:
            ++depth;
            break;
        case SluiceParser::RPAREN:
        case SluiceParser::RBRACE:
            depth -= depth > 0;
            break;
        case SluiceParser::END: // ends a CASE, unless it is END IF
            if (tokens_.get(NextOnChannel(i + 1))->getType() != SluiceParser::IF)
                depth -= depth > 0;
            break;
        default:
            break;
        }
        bool prefix = type == SluiceParser::NOT || type == SluiceParser::MINUS || type == SluiceParser::PLUS;
        prefix_run = prefix ? prefix_run + 1 : 0;
        operators += IsBinaryOperator(type);
        if (depth + prefix_run > kMaxNesting) {
            diags_.Error(DiagCode::E0101, stream_.Range(token),
                         "the statement is nested too deeply (more than " + std::to_string(kMaxNesting) +
                             " levels of parentheses, CASE or prefix operators)");
            return false;
        }
        if (operators > kMaxOperators) {
            diags_.Error(DiagCode::E0101, stream_.Range(token),
                         "the statement has more than " + std::to_string(kMaxOperators) + " operators");
            return false;
        }
    }
    return true;
}

SluiceParser::SingleStatementContext* ScriptParser::ParseStatement(size_t start,
                                                                   std::optional<parse::SyntaxError>& error) {
    auto* interpreter = parser_.getInterpreter<antlr4::atn::ParserATNSimulator>();
    // SLL prediction is much faster and almost always right; it can only fail where full LL might
    // still succeed, so a failure is retried in LL mode before it counts as an error.
    tokens_.seek(start);
    interpreter->setPredictionMode(antlr4::atn::PredictionMode::SLL);
    parser_.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    try {
        return parser_.singleStatement();
    } catch (const antlr4::ParseCancellationException&) {
    }

    tokens_.seek(start);
    interpreter->setPredictionMode(antlr4::atn::PredictionMode::LL);
    auto strategy = std::make_shared<parse::SyntaxErrorStrategy>(stream_);
    parser_.setErrorHandler(strategy);
    try {
        return parser_.singleStatement();
    } catch (const antlr4::ParseCancellationException&) {
        error = strategy->error();
        return nullptr;
    }
}

bool ScriptParser::LexicalErrorWithin(size_t first, size_t last) const {
    auto it = std::lower_bound(lexical_errors_.begin(), lexical_errors_.end(), first);
    return it != lexical_errors_.end() && *it <= last;
}

} // namespace

ParseResult ParseScriptPartial(const SourceManager& sources, uint32_t file_id, DiagnosticEngine& diags) {
    // Lexical errors are found before syntax errors; collect them apart and report all in source order.
    DiagnosticEngine local(sources);
    ParseResult result;
    result.script = ScriptParser(sources.Get(file_id), file_id, local).Run();
    std::vector<Diagnostic> found = local.diagnostics();
    std::stable_sort(found.begin(), found.end(),
                     [](const Diagnostic& a, const Diagnostic& b) { return a.range.begin < b.range.begin; });
    for (Diagnostic& d : found) {
        Diagnostic& reported = d.severity == Severity::Error
                                   ? diags.Error(d.code, d.range, std::move(d.message))
                                   : diags.Warning(d.code, d.range, std::move(d.message));
        reported.notes = std::move(d.notes);
    }
    result.has_errors = local.HasErrors();
    return result;
}

std::optional<ast::Script> ParseScript(const SourceManager& sources, uint32_t file_id,
                                       DiagnosticEngine& diags) {
    ParseResult result = ParseScriptPartial(sources, file_id, diags);
    if (result.has_errors)
        return std::nullopt;
    return std::move(result.script);
}

} // namespace sluice
