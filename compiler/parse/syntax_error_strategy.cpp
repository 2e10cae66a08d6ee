#include "compiler/parse/syntax_error_strategy.h"

#include <algorithm>

#include <Exceptions.h>
#include <InputMismatchException.h>
#include <NoViableAltException.h>
#include <Parser.h>
#include <atn/ATN.h>

#include "SluiceParser.h"
#include "compiler/parse/token_vocabulary.h"

namespace sluice::parse {

using grammar::SluiceParser;

namespace {

/// Lists longer than this say "unexpected X" instead of naming every alternative.
constexpr size_t kMaxExpectedNames = 4;
/// Token text longer than this is shortened in messages.
constexpr size_t kMaxQuotedText = 40;

std::string_view RuleDescription(size_t rule) {
    switch (rule) {
    case SluiceParser::RuleExpression:
    case SluiceParser::RuleOrExpression:
    case SluiceParser::RuleAndExpression:
    case SluiceParser::RuleNotExpression:
    case SluiceParser::RulePredicateExpression:
    case SluiceParser::RuleConcatExpression:
    case SluiceParser::RuleAdditiveExpression:
    case SluiceParser::RuleMultiplicativeExpression:
    case SluiceParser::RuleUnaryExpression:
    case SluiceParser::RulePrimaryExpression:
        return "an expression";
    case SluiceParser::RuleSelectItem:
        return "an expression or '*'";
    case SluiceParser::RuleTypeName:
        return "a type";
    case SluiceParser::RuleIdentifier:
    case SluiceParser::RuleQualifiedName:
    case SluiceParser::RuleNonReserved:
        return "a name";
    case SluiceParser::RuleLiteral:
    case SluiceParser::RuleNumber:
    case SluiceParser::RuleOptionValue:
        return "a literal";
    case SluiceParser::RuleIntervalLiteral:
        return "an interval such as INTERVAL '5' SECOND";
    case SluiceParser::RuleQueryBody:
        return "a query or a PROCESS block";
    case SluiceParser::RuleQuery:
        return "a query";
    case SluiceParser::RuleRelation:
    case SluiceParser::RuleRelationPrimary:
        return "a source, table, view or subquery";
    case SluiceParser::RuleSingleStatement:
        return "a statement (CREATE SOURCE, TABLE, VIEW or SINK)";
    case SluiceParser::RuleHandlerStatement:
        return "a statement";
    default:
        return {};
    }
}

/// Cuts `text` to about `limit` bytes without splitting a UTF-8 sequence.
std::string Shorten(std::string_view text, size_t limit) {
    if (text.size() <= limit)
        return std::string(text);
    size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    return std::string(text.substr(0, cut)) + "...";
}

} // namespace

std::string SyntaxErrorStrategy::DescribeToken(const antlr4::Token* token) const {
    if (token->getType() == antlr4::Token::EOF)
        return "end of input";
    std::string text = Shorten(stream_.Slice(stream_.Range(token)), kMaxQuotedText);
    if (token->getType() == SluiceParser::STRING)
        return "string " + text;
    return "'" + text + "'";
}

std::string SyntaxErrorStrategy::ExpectedConstruct(const antlr4::ParserRuleContext* ctx,
                                                   const antlr4::Token* offending) {
    // The outermost of the rules that began at the offending token says best what was expected:
    // in `WHERE )` that is the expression, not the primary expression inside it.
    std::string_view description;
    for (; ctx != nullptr && ctx->start == offending;
         ctx = dynamic_cast<const antlr4::ParserRuleContext*>(ctx->parent)) {
        std::string_view d = RuleDescription(ctx->getRuleIndex());
        if (!d.empty())
            description = d;
    }
    return std::string(description);
}

std::string SyntaxErrorStrategy::ExpectedList(const antlr4::misc::IntervalSet& expected) {
    const TokenVocabulary& vocabulary = TokenVocabulary::Get();
    // Where a name is expected, every non-reserved keyword is too; listing them helps nobody.
    bool name_expected = expected.contains(static_cast<size_t>(SluiceParser::IDENTIFIER));
    std::vector<std::string> names;
    for (ssize_t type : expected.toList()) {
        if (name_expected && vocabulary.IsNonReserved(type))
            continue;
        std::string name = vocabulary.ExpectedName(type);
        if (std::find(names.begin(), names.end(), name) == names.end())
            names.push_back(std::move(name));
    }
    if (names.empty() || names.size() > kMaxExpectedNames)
        return {};
    std::string out = names[0];
    for (size_t i = 1; i < names.size(); ++i)
        out += (i + 1 == names.size() ? " or " : ", ") + names[i];
    return out;
}

void SyntaxErrorStrategy::reportError(antlr4::Parser* parser, const antlr4::RecognitionException& e) {
    if (error_)
        return;
    antlr4::Token* offending = e.getOffendingToken();
    SyntaxError error;
    error.token_index = offending->getTokenIndex();
    error.range = stream_.Range(offending);

    // A no-viable-alternative error found past the decision's first token knows no useful expected
    // set: the set belongs to the decision's start.
    auto* no_viable = dynamic_cast<const antlr4::NoViableAltException*>(&e);
    bool at_decision_start = no_viable == nullptr || no_viable->getStartToken() == offending;
    antlr4::misc::IntervalSet expected;
    if (at_decision_start) {
        expected = e.getExpectedTokens();
        expected.addAll(expected_since_match_);
        expected.remove(antlr4::Token::EPSILON);
    }

    // At the end of the input or at the next statement's CREATE the statement stopped short: point
    // just past its last token, where something is missing.
    size_t type = offending->getType();
    antlr4::Token* previous = nullptr;
    if (type == antlr4::Token::EOF || type == SluiceParser::CREATE) {
        antlr4::TokenStream* tokens = parser->getTokenStream();
        for (size_t i = offending->getTokenIndex(); i > 0 && previous == nullptr; --i)
            if (tokens->get(i - 1)->getChannel() == antlr4::Token::DEFAULT_CHANNEL)
                previous = tokens->get(i - 1);
        if (previous != nullptr) {
            uint32_t end = stream_.Range(previous).end;
            error.range = {stream_.file_id(), end, end};
        }
    }
    if (previous != nullptr && expected.contains(static_cast<size_t>(SluiceParser::SEMICOLON))) {
        error.message = "expected ';' after the statement";
        error_ = std::move(error);
        return;
    }

    std::string construct = at_decision_start ? ExpectedConstruct(parser->getContext(), offending) : "";
    std::string list = construct.empty() && at_decision_start ? ExpectedList(expected) : "";
    std::string what = !construct.empty() ? construct : list;
    if (type == antlr4::Token::EOF)
        error.message = "unexpected end of input" + (what.empty() ? "" : ", expected " + what);
    else if (previous != nullptr)
        error.message = (what.empty() ? "the statement is incomplete" : "expected " + what) + " after " +
                        DescribeToken(previous);
    else if (!what.empty())
        error.message = "expected " + what + ", found " + DescribeToken(offending);
    else
        error.message = "unexpected " + DescribeToken(offending);

    if (parser->getContext()->getRuleIndex() == SluiceParser::RuleSingleStatement &&
        (type == SluiceParser::SELECT || type == SluiceParser::WITH))
        error.notes.push_back({"a query stands in a view or a sink: CREATE VIEW name AS SELECT ..., or "
                               "CREATE SINK name INTO connector (...) AS SELECT ...",
                               {}});
    error_ = std::move(error);
}

void SyntaxErrorStrategy::sync(antlr4::Parser* parser) {
    // Operators that could extend the expression before the error are true alternatives but
    // rarely what is missing: `IN (1, 2;` should say "expected ',' or ')'", not list `+`.
    static const antlr4::misc::IntervalSet kExpressionContinuations = [] {
        antlr4::misc::IntervalSet set;
        for (size_t type :
             {SluiceParser::PLUS,    SluiceParser::MINUS,   SluiceParser::STAR, SluiceParser::SLASH,
              SluiceParser::PERCENT, SluiceParser::CONCAT,  SluiceParser::EQ,   SluiceParser::DOUBLE_EQ,
              SluiceParser::NEQ,     SluiceParser::BANG_EQ, SluiceParser::LT,   SluiceParser::LTE,
              SluiceParser::GT,      SluiceParser::GTE,     SluiceParser::AND,  SluiceParser::OR,
              SluiceParser::NOT,     SluiceParser::IS,      SluiceParser::IN,   SluiceParser::BETWEEN,
              SluiceParser::LIKE,    SluiceParser::DOT})
            set.add(type);
        return set;
    }();
    const antlr4::atn::ATN& atn = parser->getATN();
    expected_since_match_.addAll(
        atn.nextTokens(atn.states[parser->getState()]).subtract(kExpressionContinuations));
}

void SyntaxErrorStrategy::reportMatch(antlr4::Parser* parser) {
    DefaultErrorStrategy::reportMatch(parser);
    expected_since_match_.clear();
}

void SyntaxErrorStrategy::recover(antlr4::Parser*, std::exception_ptr) {
    throw antlr4::ParseCancellationException();
}

antlr4::Token* SyntaxErrorStrategy::recoverInline(antlr4::Parser* parser) {
    throw antlr4::InputMismatchException(parser);
}

} // namespace sluice::parse
