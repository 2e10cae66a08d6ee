#pragma once

// Internal to compiler/parse: ANTLR types do not leave this directory.

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <misc/IntervalSet.h>

namespace sluice::parse {

/// What the driver and the error messages need to know about token types beyond ANTLR's tables:
/// which words are keywords (the lexer emits every word as IDENTIFIER and the driver re-types
/// keywords case-insensitively), which keywords are reserved, and how a diagnostic names a token
/// type. Derived once from the generated lexer and parser, so the grammar stays the only list of
/// keywords: a keyword is a name in the grammar's `tokens {}` block (a token without a lexer rule),
/// and a non-reserved keyword is one the `nonReserved` rule accepts.
class TokenVocabulary {
public:
    static const TokenVocabulary& Get();

    /// The keyword token type of `word` in any case, or 0 when the word is not a keyword.
    size_t KeywordType(std::string_view word) const;
    bool IsKeyword(size_t type) const { return type < spelling_.size() && !spelling_[type].empty(); }
    bool IsNonReserved(size_t type) const { return non_reserved_.contains(type); }
    /// How an "expected …" list names a token type: "';'", "'FROM'", "a name", "a string".
    std::string ExpectedName(size_t type) const;

private:
    TokenVocabulary();

    /// Upper-case spelling -> token type.
    std::unordered_map<std::string, size_t> keywords_;
    /// Upper-case keyword spelling by token type; empty for tokens that are not keywords.
    std::vector<std::string> spelling_;
    /// Literal names ("';'") by token type, for punctuation.
    std::vector<std::string> literal_names_;
    antlr4::misc::IntervalSet non_reserved_;
};

} // namespace sluice::parse
