#pragma once

// Internal to compiler/parse: ANTLR types do not leave this directory.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <DefaultErrorStrategy.h>

#include "compiler/diag/diagnostic.h"
#include "compiler/parse/source_char_stream.h"

namespace sluice::parse {

/// The first syntax error of a statement, worded for a user.
struct SyntaxError {
    std::string message;
    SourceRange range;
    std::vector<DiagNote> notes;
    /// Index of the offending token in the token stream; the driver resynchronizes from there.
    size_t token_index = 0;
};

/// Error strategy of the full-LL pass over a statement that failed the fast SLL pass. It words the
/// first error the way a user reads it ("expected ';' after the statement", "expected an
/// expression, found ')'", "unexpected end of input") instead of ANTLR's token dump, then abandons
/// the statement by throwing ParseCancellationException; the driver resynchronizes at the next
/// `;`. ANTLR's own repairs (token insertion and deletion) are disabled: their guesses produce
/// cascades of follow-on errors that confuse more than they help.
class SyntaxErrorStrategy : public antlr4::DefaultErrorStrategy {
public:
    explicit SyntaxErrorStrategy(const SourceCharStream& stream) : stream_(stream) {}

    void reportError(antlr4::Parser* parser, const antlr4::RecognitionException& e) override;
    void recover(antlr4::Parser* parser, std::exception_ptr e) override;
    antlr4::Token* recoverInline(antlr4::Parser* parser) override;
    /// Called before each optional clause and loop: remembers what the clause could have started
    /// with. ANTLR skips a clause that does not match without complaint, so without this an error
    /// after `FROM t u` would only list the last expected token (';') instead of WHERE, JOIN, ...
    void sync(antlr4::Parser* parser) override;
    void reportMatch(antlr4::Parser* parser) override;

    const std::optional<SyntaxError>& error() const { return error_; }

private:
    /// "end of input", "'FROM'", "string 'abc'".
    std::string DescribeToken(const antlr4::Token* token) const;
    /// What the rules that start at the offending token parse ("an expression"), or "".
    static std::string ExpectedConstruct(const antlr4::ParserRuleContext* ctx,
                                         const antlr4::Token* offending);
    /// "';' or ')'"; "" when the set is too large to be useful.
    static std::string ExpectedList(const antlr4::misc::IntervalSet& expected);

    const SourceCharStream& stream_;
    std::optional<SyntaxError> error_;
    /// Tokens that could have followed the last matched token, gathered at the sync points since.
    antlr4::misc::IntervalSet expected_since_match_;
};

} // namespace sluice::parse
