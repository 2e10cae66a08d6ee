#include "compiler/parse/token_vocabulary.h"

#include <algorithm>

#include <ANTLRInputStream.h>
#include <CommonTokenStream.h>

#include "SluiceLexer.h"
#include "SluiceParser.h"
#include "compiler/common/strings.h"

namespace sluice::parse {

using grammar::SluiceLexer;
using grammar::SluiceParser;

const TokenVocabulary& TokenVocabulary::Get() {
    static const TokenVocabulary vocabulary;
    return vocabulary;
}

TokenVocabulary::TokenVocabulary() {
    antlr4::ANTLRInputStream empty;
    SluiceLexer lexer(&empty);
    antlr4::CommonTokenStream tokens(&lexer);
    SluiceParser parser(&tokens);

    const antlr4::dfa::Vocabulary& vocabulary = parser.getVocabulary();
    const std::vector<std::string>& lexer_rules = lexer.getRuleNames();
    size_t max_type = vocabulary.getMaxTokenType();
    spelling_.resize(max_type + 1);
    literal_names_.resize(max_type + 1);
    for (size_t type = 1; type <= max_type; ++type) {
        literal_names_[type] = vocabulary.getLiteralName(type);
        std::string symbol = vocabulary.getSymbolicName(type);
        if (symbol.empty() || std::find(lexer_rules.begin(), lexer_rules.end(), symbol) != lexer_rules.end())
            continue;
        // NULL_, TRUE_, FALSE_: the underscore only keeps the generated C++ away from macros.
        if (symbol.back() == '_')
            symbol.pop_back();
        keywords_.emplace(symbol, type);
        spelling_[type] = symbol;
    }
    const antlr4::atn::ATN& atn = parser.getATN();
    non_reserved_ = atn.nextTokens(atn.ruleToStartState[SluiceParser::RuleNonReserved]);
}

size_t TokenVocabulary::KeywordType(std::string_view word) const {
    auto it = keywords_.find(ToUpper(word));
    return it == keywords_.end() ? 0 : it->second;
}

std::string TokenVocabulary::ExpectedName(size_t type) const {
    switch (type) {
    case antlr4::Token::EOF:
        return "end of input";
    case SluiceParser::IDENTIFIER:
    case SluiceParser::QUOTED_IDENTIFIER:
    case SluiceParser::BACKQUOTED_IDENTIFIER:
        return "a name";
    case SluiceParser::STRING:
        return "a string";
    case SluiceParser::INTEGER_VALUE:
        return "an integer";
    case SluiceParser::DECIMAL_VALUE:
    case SluiceParser::DOUBLE_VALUE:
        return "a number";
    default:
        break;
    }
    if (IsKeyword(type))
        return "'" + spelling_[type] + "'";
    if (type < literal_names_.size() && !literal_names_[type].empty())
        return literal_names_[type];
    return "token " + std::to_string(type);
}

} // namespace sluice::parse
