#pragma once

// Internal to compiler/parse: ANTLR types do not leave this directory.

#include <string>
#include <vector>

#include "SluiceParser.h"
#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/parse/source_char_stream.h"

namespace sluice::parse {

/// Builds the AST of one statement from its parse tree and gives every node the byte range of its
/// text (a node covers all of its text; Binary::op_range is the operator token). It also reports
/// what the grammar accepts but the language does not: invalid literals (E0102), unknown or
/// malformed type names (E0306), a second WATERMARK in a source (E0404), a sink clause given twice,
/// FOR EACH ROW outside ON ROWS, an unquoted option value or a subquery without alias (E0101). The
/// statement is still built completely after such an error; the driver then drops it.
///
/// Representation choices (see ast.h for the nodes):
///   - `x NOT IN (…)`, `NOT BETWEEN`, `NOT LIKE`, `IS NOT NULL` set `negated`; prefix `NOT` is a Unary.
///   - Parentheses leave no node: `(a + b)` is the Binary, its range without the parentheses.
///   - An integer literal beyond BIGINT is a Decimal literal (up to 38 digits).
///   - `INTERVAL '1 minute 30 seconds'` becomes one literal in the smallest unit (90 SECOND).
///   - `DESCRIPTOR(ts)` in a windowing table function (Flink's spelling) is the column `ts`.
class AstBuilder {
public:
    using P = grammar::SluiceParser;

    AstBuilder(const SourceCharStream& stream, DiagnosticEngine& diags) : stream_(stream), diags_(diags) {}

    ast::StatementPtr BuildStatement(P::SingleStatementContext* ctx);

private:
    /// Where a handler statement stands; FOR EACH ROW is only allowed directly under ON ROWS.
    enum class HandlerPlace { OnRows, OnTimeout, ForEachRow };

    // Statements
    ast::StatementPtr BuildSource(ast::StatementKind kind, P::IdentifierContext* name,
                                  P::SourceDefinitionContext* ctx);
    ast::StatementPtr BuildSink(P::CreateSinkContext* ctx);
    ast::ColumnDef BuildColumn(P::ColumnDefinitionContext* ctx);
    ast::TypeName BuildType(P::TypeNameContext* ctx);
    ast::ConnectorSpec BuildConnector(P::ConnectorSpecContext* ctx);
    std::vector<ast::Option> BuildOptions(P::OptionListContext* ctx);
    ast::Option BuildOption(P::OptionContext* ctx);
    ast::TriggerDef BuildTrigger(P::TriggerClauseContext* ctx);
    ast::QueryBody BuildQueryBody(P::QueryBodyContext* ctx);

    // PROCESS
    std::unique_ptr<ast::Process> BuildProcess(P::ProcessDefinitionContext* ctx);
    ast::Block BuildBlock(const std::vector<P::HandlerStatementContext*>& statements, HandlerPlace place);
    ast::StmtPtr BuildHandlerStatement(P::HandlerStatementContext* ctx, HandlerPlace place);

    // Queries
    ast::QueryPtr BuildQuery(P::QueryContext* ctx);
    ast::Select BuildSelect(P::SelectBlockContext* ctx);
    ast::SelectItem BuildSelectItem(P::SelectItemContext* ctx);
    ast::TableRefPtr BuildRelation(P::RelationContext* ctx);
    ast::TableRefPtr BuildRelationPrimary(P::RelationPrimaryContext* ctx);
    ast::OrderItem BuildOrderItem(P::OrderItemContext* ctx);

    // Expressions
    ast::ExprPtr BuildExpr(P::ExpressionContext* ctx);
    std::vector<ast::ExprPtr> BuildExprs(const std::vector<P::ExpressionContext*>& contexts);
    /// A left-associative chain `operand (op operand)*` of one precedence level.
    template <typename Operand>
    ast::ExprPtr BuildChain(antlr4::ParserRuleContext* ctx,
                            ast::ExprPtr (AstBuilder::*build_operand)(Operand*));
    ast::ExprPtr BuildAnd(P::AndExpressionContext* ctx);
    ast::ExprPtr BuildNot(P::NotExpressionContext* ctx);
    ast::ExprPtr BuildPredicate(P::PredicateExpressionContext* ctx);
    ast::ExprPtr BuildConcat(P::ConcatExpressionContext* ctx);
    ast::ExprPtr BuildAdditive(P::AdditiveExpressionContext* ctx);
    ast::ExprPtr BuildMultiplicative(P::MultiplicativeExpressionContext* ctx);
    ast::ExprPtr BuildUnary(P::UnaryExpressionContext* ctx);
    ast::ExprPtr BuildPrimary(P::PrimaryExpressionContext* ctx);
    ast::ExprPtr BuildCall(P::CallPrimaryContext* ctx);
    ast::ExprPtr BuildCase(P::CasePrimaryContext* ctx);
    ast::ExprPtr BuildLiteral(P::LiteralContext* ctx);
    ast::ExprPtr BuildNumber(P::NumberContext* ctx);
    ast::ExprPtr BuildInterval(P::IntervalLiteralContext* ctx);

    // Names and text
    ast::Identifier BuildIdentifier(P::IdentifierContext* ctx);
    ast::QualifiedName BuildQualifiedName(P::QualifiedNameContext* ctx);
    /// The value of a string literal token: quotes removed, `''` resolved.
    std::string StringValue(antlr4::tree::TerminalNode* token) const;

    SourceRange Range(antlr4::ParserRuleContext* ctx) const { return stream_.Range(ctx); }
    SourceRange Range(antlr4::tree::TerminalNode* node) const { return stream_.Range(node->getSymbol()); }
    std::string_view Text(const SourceRange& range) const { return stream_.Slice(range); }

    const SourceCharStream& stream_;
    DiagnosticEngine& diags_;
};

} // namespace sluice::parse
