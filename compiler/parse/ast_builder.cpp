#include "compiler/parse/ast_builder.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "compiler/common/strings.h"
#include "compiler/parse/literal_values.h"
#include "runtime/common/value_format.h"

namespace sluice::parse {

using P = grammar::SluiceParser;

namespace {

/// The most digits a DECIMAL holds, and so the most an integer or decimal literal may have.
constexpr size_t kMaxLiteralDigits = Type::kMaxDecimalPrecision;
/// DECIMAL without (p, s), as in Spark.
constexpr uint8_t kDefaultDecimalPrecision = 10;

/// `text` without its first and last character (the quotes), each doubled quote made single.
std::string Unquote(std::string_view text) {
    char quote = text.front();
    std::string out;
    out.reserve(text.size());
    for (size_t i = 1; i + 1 < text.size(); ++i) {
        out += text[i];
        if (text[i] == quote)
            ++i;
    }
    return out;
}

std::string_view Trim(std::string_view text) {
    size_t begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string_view::npos)
        return {};
    return text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
}

std::vector<std::string_view> SplitWords(std::string_view text) {
    std::vector<std::string_view> words;
    size_t pos = 0;
    while ((pos = text.find_first_not_of(" \t\r\n", pos)) != std::string_view::npos) {
        size_t end = text.find_first_of(" \t\r\n", pos);
        words.push_back(text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
        pos = end;
    }
    return words;
}

/// `[+|-]digits[.digits]`.
bool IsNumberText(std::string_view text, bool allow_fraction) {
    size_t pos = text.starts_with('-') || text.starts_with('+') ? 1 : 0;
    size_t digits = 0;
    bool point = false;
    for (; pos < text.size(); ++pos) {
        if (text[pos] >= '0' && text[pos] <= '9')
            ++digits;
        else if (text[pos] == '.' && allow_fraction && !point)
            point = true;
        else
            return false;
    }
    return digits > 0;
}

std::string_view StripLeadingZeros(std::string_view digits) {
    size_t first = digits.find_first_not_of('0');
    return first == std::string_view::npos ? digits.substr(digits.size() - 1) : digits.substr(first);
}

ast::BinaryOp BinaryOpFor(size_t token_type) {
    switch (token_type) {
    case P::OR:
        return ast::BinaryOp::Or;
    case P::AND:
        return ast::BinaryOp::And;
    case P::CONCAT:
        return ast::BinaryOp::Concat;
    case P::PLUS:
        return ast::BinaryOp::Add;
    case P::MINUS:
        return ast::BinaryOp::Sub;
    case P::STAR:
        return ast::BinaryOp::Mul;
    case P::SLASH:
        return ast::BinaryOp::Div;
    case P::PERCENT:
        return ast::BinaryOp::Mod;
    case P::EQ:
    case P::DOUBLE_EQ:
        return ast::BinaryOp::Eq;
    case P::NEQ:
    case P::BANG_EQ:
        return ast::BinaryOp::Ne;
    case P::LT:
        return ast::BinaryOp::Lt;
    case P::LTE:
        return ast::BinaryOp::Le;
    case P::GT:
        return ast::BinaryOp::Gt;
    case P::GTE:
        return ast::BinaryOp::Ge;
    default:
        // The grammar's operator rules list exactly the tokens above.
        throw std::logic_error("AstBuilder: token type " + std::to_string(token_type) +
                               " is not a binary operator");
    }
}

std::unique_ptr<ast::Literal> MakeLiteral(ast::LiteralKind kind, std::string text, SourceRange range) {
    auto literal = std::make_unique<ast::Literal>();
    literal->literal_kind = kind;
    literal->text = std::move(text);
    literal->range = range;
    return literal;
}

struct TypeSpelling {
    std::string_view name;
    TypeId id;
};

constexpr std::array<TypeSpelling, 13> kTypeNames = {{
    {"BOOLEAN", TypeId::Boolean},
    {"BOOL", TypeId::Boolean},
    {"INT", TypeId::Int},
    {"INTEGER", TypeId::Int},
    {"BIGINT", TypeId::BigInt},
    {"LONG", TypeId::BigInt},
    {"DOUBLE", TypeId::Double},
    {"DECIMAL", TypeId::Decimal},
    {"NUMERIC", TypeId::Decimal},
    {"STRING", TypeId::String},
    {"VARCHAR", TypeId::String},
    {"TIMESTAMP", TypeId::Timestamp},
    {"DATE", TypeId::Date},
}};

} // namespace

// ---------------------------------------------------------------------------------------------
// Statements

ast::StatementPtr AstBuilder::BuildStatement(P::SingleStatementContext* ctx) {
    P::CreateBodyContext* body = ctx->createBody();
    ast::StatementPtr statement;
    if (auto* source = dynamic_cast<P::CreateSourceContext*>(body)) {
        statement =
            BuildSource(ast::StatementKind::CreateSource, source->identifier(), source->sourceDefinition());
    } else if (auto* table = dynamic_cast<P::CreateTableContext*>(body)) {
        statement =
            BuildSource(ast::StatementKind::CreateTable, table->identifier(), table->sourceDefinition());
    } else if (auto* view_ctx = dynamic_cast<P::CreateViewContext*>(body)) {
        auto view = std::make_unique<ast::CreateView>();
        view->name = BuildIdentifier(view_ctx->identifier());
        view->body = BuildQueryBody(view_ctx->queryBody());
        statement = std::move(view);
    } else {
        statement = BuildSink(static_cast<P::CreateSinkContext*>(body));
    }
    statement->range = SourceRange::Cover(Range(ctx->CREATE()), Range(body));
    return statement;
}

ast::StatementPtr AstBuilder::BuildSource(ast::StatementKind kind, P::IdentifierContext* name,
                                          P::SourceDefinitionContext* ctx) {
    auto source = std::make_unique<ast::CreateSource>(kind);
    source->name = BuildIdentifier(name);
    for (P::TableElementContext* element : ctx->tableElement()) {
        if (auto* column = dynamic_cast<P::ColumnElementContext*>(element)) {
            source->columns.push_back(BuildColumn(column->columnDefinition()));
            continue;
        }
        auto* watermark_ctx = static_cast<P::WatermarkElementContext*>(element);
        ast::WatermarkDef watermark;
        watermark.column = BuildIdentifier(watermark_ctx->identifier());
        watermark.expr = BuildExpr(watermark_ctx->expression());
        watermark.range = Range(watermark_ctx);
        if (source->watermark) {
            diags_.Error(DiagCode::E0404, watermark.range, "a source has at most one WATERMARK")
                .notes.push_back({"the first WATERMARK is here", source->watermark->range});
            continue;
        }
        source->watermark = std::move(watermark);
    }
    source->from = BuildConnector(ctx->connectorSpec());
    return source;
}

ast::StatementPtr AstBuilder::BuildSink(P::CreateSinkContext* ctx) {
    auto sink = std::make_unique<ast::CreateSink>();
    sink->name = BuildIdentifier(ctx->identifier());
    sink->into = BuildConnector(ctx->connectorSpec());

    // The clauses may come in any order, each at most once.
    SourceRange seen_mode, seen_trigger, seen_checkpoint, seen_settings;
    auto first_time = [&](SourceRange& seen, std::string_view clause, SourceRange range) {
        if (seen.Valid()) {
            diags_.Error(DiagCode::E0101, range, std::string(clause) + " is given more than once")
                .notes.push_back({"first given here", seen});
            return false;
        }
        seen = range;
        return true;
    };
    for (P::SinkClauseContext* clause : ctx->sinkClause()) {
        SourceRange range = Range(clause);
        if (auto* mode = dynamic_cast<P::OutputModeClauseContext*>(clause)) {
            if (!first_time(seen_mode, "OUTPUT MODE", range))
                continue;
            sink->output_mode = mode->APPEND()   ? ast::OutputMode::Append
                                : mode->UPDATE() ? ast::OutputMode::Update
                                                 : ast::OutputMode::Complete;
            sink->output_mode_range = range;
        } else if (auto* trigger = dynamic_cast<P::TriggerClauseContext*>(clause)) {
            if (first_time(seen_trigger, "TRIGGER", range))
                sink->trigger = BuildTrigger(trigger);
        } else if (auto* checkpoint = dynamic_cast<P::CheckpointClauseContext*>(clause)) {
            if (!first_time(seen_checkpoint, "CHECKPOINT", range))
                continue;
            sink->checkpoint = StringValue(checkpoint->STRING());
            sink->checkpoint_range = range;
        } else if (first_time(seen_settings, "WITH", range)) {
            sink->settings = BuildOptions(static_cast<P::SettingsClauseContext*>(clause)->optionList());
        }
    }
    sink->body = BuildQueryBody(ctx->queryBody());
    return sink;
}

ast::ColumnDef AstBuilder::BuildColumn(P::ColumnDefinitionContext* ctx) {
    return {BuildIdentifier(ctx->identifier()), BuildType(ctx->typeName()), Range(ctx)};
}

ast::TypeName AstBuilder::BuildType(P::TypeNameContext* ctx) {
    ast::TypeName type{Type::Null(), Range(ctx)};
    if (ctx->INTERVAL()) {
        diags_.Error(DiagCode::E0306, type.range,
                     "INTERVAL is not a column type; intervals are literals, such as INTERVAL '10' SECOND");
        return type;
    }
    std::string name = ToUpper(BuildIdentifier(ctx->identifier()).text);
    const TypeSpelling* spelling = nullptr;
    for (const TypeSpelling& candidate : kTypeNames)
        if (candidate.name == name)
            spelling = &candidate;
    if (spelling == nullptr) {
        std::vector<std::string> candidates;
        for (const TypeSpelling& candidate : kTypeNames)
            candidates.emplace_back(candidate.name);
        Diagnostic& error =
            diags_.Error(DiagCode::E0306, Range(ctx->identifier()), "unknown type '" + name + "'");
        if (std::string suggestion = SuggestName(name, candidates); !suggestion.empty())
            error.notes.push_back({"did you mean " + suggestion + "?", {}});
        return type;
    }

    std::vector<antlr4::tree::TerminalNode*> parameters = ctx->INTEGER_VALUE();
    if (spelling->id != TypeId::Decimal) {
        if (!parameters.empty()) {
            diags_.Error(DiagCode::E0306, type.range,
                         spelling->id == TypeId::String
                             ? name + " takes no length: strings have no maximum length"
                             : "type " + name + " takes no parameters");
            return type;
        }
        type.type.id = spelling->id;
        return type;
    }
    // DECIMAL(p, s): 1 <= p <= 38, 0 <= s <= p.
    uint32_t values[2] = {kDefaultDecimalPrecision, 0};
    for (size_t i = 0; i < parameters.size(); ++i) {
        std::string_view digits = Text(Range(parameters[i]));
        auto [end, status] = std::from_chars(digits.data(), digits.data() + digits.size(), values[i]);
        if (status != std::errc() || end != digits.data() + digits.size())
            values[i] = std::numeric_limits<uint32_t>::max();
    }
    if (values[0] < 1 || values[0] > Type::kMaxDecimalPrecision) {
        diags_.Error(DiagCode::E0306, Range(parameters[0]),
                     "DECIMAL precision must be between 1 and " + std::to_string(Type::kMaxDecimalPrecision));
        return type;
    }
    if (values[1] > values[0]) {
        diags_.Error(DiagCode::E0306, Range(parameters[1]),
                     "DECIMAL scale must be between 0 and the precision (" + std::to_string(values[0]) + ")");
        return type;
    }
    type.type = Type::Decimal(static_cast<uint8_t>(values[0]), static_cast<uint8_t>(values[1]));
    return type;
}

ast::ConnectorSpec AstBuilder::BuildConnector(P::ConnectorSpecContext* ctx) {
    ast::ConnectorSpec spec;
    spec.connector = BuildIdentifier(ctx->identifier());
    if (P::OptionListContext* options = ctx->optionList()) {
        spec.options = BuildOptions(options);
        spec.options_range = Range(options);
    }
    if (P::FormatClauseContext* format = ctx->formatClause()) {
        spec.format = BuildIdentifier(format->identifier());
        if (format->optionList())
            spec.format_options = BuildOptions(format->optionList());
    }
    spec.range = Range(ctx);
    return spec;
}

std::vector<ast::Option> AstBuilder::BuildOptions(P::OptionListContext* ctx) {
    std::vector<ast::Option> options;
    for (P::OptionContext* option : ctx->option())
        options.push_back(BuildOption(option));
    return options;
}

ast::Option AstBuilder::BuildOption(P::OptionContext* ctx) {
    ast::Option option;
    // A dotted key (`kafka.security.protocol`) is one name.
    P::OptionKeyContext* key = ctx->optionKey();
    option.key.range = Range(key);
    for (P::IdentifierContext* part : key->identifier()) {
        ast::Identifier identifier = BuildIdentifier(part);
        option.key.text += (option.key.text.empty() ? "" : ".") + identifier.text;
        option.key.quoted |= identifier.quoted;
    }

    P::OptionValueContext* value = ctx->optionValue();
    if (value->literal()) {
        option.value = BuildLiteral(value->literal());
    } else if (value->MINUS()) {
        auto negate = std::make_unique<ast::Unary>();
        negate->op = ast::UnaryOp::Negate;
        negate->operand = BuildNumber(value->number());
        negate->range = Range(value);
        option.value = std::move(negate);
    } else {
        ast::Identifier word = BuildIdentifier(value->identifier());
        diags_.Error(DiagCode::E0101, word.range,
                     "an option value is a literal; write the text as a string: " + QuoteSql(word.text));
        option.value = MakeLiteral(ast::LiteralKind::String, word.text, word.range);
    }
    option.range = Range(ctx);
    return option;
}

ast::TriggerDef AstBuilder::BuildTrigger(P::TriggerClauseContext* ctx) {
    ast::TriggerDef trigger;
    trigger.range = Range(ctx);
    P::TriggerSpecContext* spec = ctx->triggerSpec();
    if (auto* processing = dynamic_cast<P::ProcessingTimeTriggerContext*>(spec)) {
        trigger.kind = ast::TriggerKind::ProcessingTime;
        trigger.interval = BuildInterval(processing->intervalLiteral());
    } else if (dynamic_cast<P::OnceTriggerContext*>(spec)) {
        trigger.kind = ast::TriggerKind::Once;
    } else if (dynamic_cast<P::AvailableNowTriggerContext*>(spec)) {
        trigger.kind = ast::TriggerKind::AvailableNow;
    } else {
        trigger.kind = ast::TriggerKind::Continuous;
        if (P::IntervalLiteralContext* interval =
                static_cast<P::ContinuousTriggerContext*>(spec)->intervalLiteral())
            trigger.interval = BuildInterval(interval);
    }
    return trigger;
}

ast::QueryBody AstBuilder::BuildQueryBody(P::QueryBodyContext* ctx) {
    ast::QueryBody body;
    if (ctx->query())
        body.query = BuildQuery(ctx->query());
    else
        body.process = BuildProcess(ctx->processDefinition());
    body.range = Range(ctx);
    return body;
}

// ---------------------------------------------------------------------------------------------
// PROCESS

std::unique_ptr<ast::Process> AstBuilder::BuildProcess(P::ProcessDefinitionContext* ctx) {
    auto process = std::make_unique<ast::Process>();
    process->input = BuildIdentifier(ctx->identifier());
    std::vector<P::ExpressionContext*> keys = ctx->processKeys()->expression();
    // `KEY BY (a, b)` is the list a, b.
    if (keys.size() == 1) {
        antlr4::tree::ParseTree* node = keys[0];
        while (node->children.size() == 1)
            node = node->children[0];
        if (auto* list = dynamic_cast<P::ParenthesizedPrimaryContext*>(node))
            keys = list->expression();
    }
    process->keys = BuildExprs(keys);
    for (P::StateVariableContext* variable : ctx->stateVariable()) {
        ast::StateVar state;
        state.name = BuildIdentifier(variable->identifier());
        state.type = BuildType(variable->typeName());
        if (variable->expression())
            state.init = BuildExpr(variable->expression());
        state.range = Range(variable);
        process->state.push_back(std::move(state));
    }
    if (P::TimeoutKindContext* timeout = ctx->timeoutKind()) {
        process->timeout = timeout->EVENT()        ? ast::TimeoutKind::EventTime
                           : timeout->PROCESSING() ? ast::TimeoutKind::ProcessingTime
                                                   : ast::TimeoutKind::None;
        // The TIMEOUT clause precedes ON ROWS, so its keyword is the first TIMEOUT token.
        process->timeout_range = SourceRange::Cover(Range(ctx->TIMEOUT(0)), Range(timeout));
    }
    std::vector<P::HandlerBlockContext*> blocks = ctx->handlerBlock();
    process->on_rows = BuildBlock(blocks[0]->handlerStatement(), HandlerPlace::OnRows);
    process->on_rows_range = SourceRange::Cover(Range(ctx->ON(0)), Range(blocks[0]));
    if (blocks.size() > 1) {
        process->has_on_timeout = true;
        process->on_timeout = BuildBlock(blocks[1]->handlerStatement(), HandlerPlace::OnTimeout);
        process->on_timeout_range = SourceRange::Cover(Range(ctx->ON(1)), Range(blocks[1]));
    }
    for (P::ColumnDefinitionContext* column : ctx->columnDefinition())
        process->emits.push_back(BuildColumn(column));
    process->range = Range(ctx);
    return process;
}

ast::Block AstBuilder::BuildBlock(const std::vector<P::HandlerStatementContext*>& statements,
                                  HandlerPlace place) {
    ast::Block block;
    for (P::HandlerStatementContext* statement : statements)
        block.push_back(BuildHandlerStatement(statement, place));
    return block;
}

ast::StmtPtr AstBuilder::BuildHandlerStatement(P::HandlerStatementContext* ctx, HandlerPlace place) {
    ast::StmtPtr result;
    if (auto* assign_ctx = dynamic_cast<P::AssignStatementContext*>(ctx)) {
        auto assign = std::make_unique<ast::AssignStmt>();
        assign->target = BuildIdentifier(assign_ctx->identifier());
        assign->value = BuildExpr(assign_ctx->expression());
        result = std::move(assign);
    } else if (auto* if_ctx = dynamic_cast<P::IfStatementContext*>(ctx)) {
        auto statement = std::make_unique<ast::IfStmt>();
        statement->branches.push_back(
            {BuildExpr(if_ctx->expression()), BuildBlock(if_ctx->handlerStatement(), place)});
        for (P::ElseIfBranchContext* branch : if_ctx->elseIfBranch())
            statement->branches.push_back(
                {BuildExpr(branch->expression()), BuildBlock(branch->handlerStatement(), place)});
        if (P::ElseBranchContext* else_ctx = if_ctx->elseBranch()) {
            statement->has_else = true;
            statement->else_body = BuildBlock(else_ctx->handlerStatement(), place);
        }
        result = std::move(statement);
    } else if (auto* loop_ctx = dynamic_cast<P::ForEachRowStatementContext*>(ctx)) {
        if (place == HandlerPlace::OnTimeout)
            diags_.Error(DiagCode::E0101, Range(ctx),
                         "FOR EACH ROW is only allowed in ON ROWS: ON TIMEOUT has no new rows");
        else if (place == HandlerPlace::ForEachRow)
            diags_.Error(DiagCode::E0101, Range(ctx), "FOR EACH ROW cannot be nested");
        auto loop = std::make_unique<ast::ForEachRowStmt>();
        loop->body = BuildBlock(loop_ctx->handlerBlock()->handlerStatement(), HandlerPlace::ForEachRow);
        result = std::move(loop);
    } else if (auto* emit_ctx = dynamic_cast<P::EmitStatementContext*>(ctx)) {
        auto emit = std::make_unique<ast::EmitStmt>();
        emit->values = BuildExprs(emit_ctx->expression());
        result = std::move(emit);
    } else if (auto* timeout_ctx = dynamic_cast<P::SetTimeoutStatementContext*>(ctx)) {
        auto timeout = std::make_unique<ast::SetTimeoutStmt>();
        timeout->at = BuildExpr(timeout_ctx->expression());
        result = std::move(timeout);
    } else {
        result = std::make_unique<ast::ClearStateStmt>();
    }
    result->range = Range(ctx);
    return result;
}

// ---------------------------------------------------------------------------------------------
// Queries

ast::QueryPtr AstBuilder::BuildQuery(P::QueryContext* ctx) {
    auto query = std::make_unique<ast::Query>();
    if (P::WithClauseContext* with = ctx->withClause()) {
        for (P::CommonTableExpressionContext* cte : with->commonTableExpression())
            query->ctes.push_back({BuildIdentifier(cte->identifier()), BuildQuery(cte->query()), Range(cte)});
    }
    for (P::SelectBlockContext* select : ctx->selectBlock())
        query->selects.push_back(BuildSelect(select));
    std::vector<antlr4::tree::TerminalNode*> unions = ctx->UNION(), alls = ctx->ALL();
    for (size_t i = 0; i < unions.size(); ++i)
        query->union_ranges.push_back(SourceRange::Cover(Range(unions[i]), Range(alls[i])));
    if (P::OrderByClauseContext* order_by = ctx->orderByClause()) {
        for (P::OrderItemContext* item : order_by->orderItem())
            query->order_by.push_back(BuildOrderItem(item));
        query->order_by_range = Range(order_by);
    }
    if (P::LimitClauseContext* limit = ctx->limitClause()) {
        query->limit = BuildExpr(limit->expression());
        query->limit_range = Range(limit);
    }
    query->range = Range(ctx);
    return query;
}

ast::Select AstBuilder::BuildSelect(P::SelectBlockContext* ctx) {
    ast::Select select;
    if (ctx->DISTINCT()) {
        select.distinct = true;
        select.distinct_range = Range(ctx->DISTINCT());
    }
    for (P::SelectItemContext* item : ctx->selectItem())
        select.items.push_back(BuildSelectItem(item));
    select.from = BuildRelation(ctx->relation());
    if (ctx->whereClause())
        select.where = BuildExpr(ctx->whereClause()->expression());
    if (P::DeduplicateClauseContext* dedup = ctx->deduplicateClause())
        select.dedup =
            ast::Deduplicate{BuildExprs(dedup->expression()), dedup->WITHIN() != nullptr, Range(dedup)};
    if (P::GroupByClauseContext* group_by = ctx->groupByClause()) {
        select.group_by = BuildExprs(group_by->expression());
        select.group_by_range = Range(group_by);
    }
    if (ctx->havingClause())
        select.having = BuildExpr(ctx->havingClause()->expression());
    select.range = Range(ctx);
    return select;
}

ast::SelectItem AstBuilder::BuildSelectItem(P::SelectItemContext* ctx) {
    ast::SelectItem item;
    item.range = Range(ctx);
    if (auto* expression = dynamic_cast<P::ExpressionItemContext*>(ctx)) {
        item.expr = BuildExpr(expression->expression());
        if (expression->identifier())
            item.alias = BuildIdentifier(expression->identifier());
        return item;
    }
    auto star = std::make_unique<ast::Star>();
    star->range = item.range;
    if (auto* qualified = dynamic_cast<P::QualifiedStarItemContext*>(ctx))
        star->qualifier = BuildIdentifier(qualified->identifier());
    item.expr = std::move(star);
    return item;
}

ast::TableRefPtr AstBuilder::BuildRelation(P::RelationContext* ctx) {
    ast::TableRefPtr left = BuildRelationPrimary(ctx->relationPrimary());
    SourceRange start = Range(ctx->relationPrimary());
    for (P::JoinClauseContext* join_ctx : ctx->joinClause()) {
        auto join = std::make_unique<ast::JoinRef>();
        if (P::JoinTypeContext* type = join_ctx->joinType()) {
            if (type->LEFT())
                join->join_type = type->SEMI() ? ast::JoinType::LeftSemi : ast::JoinType::Left;
            else if (type->RIGHT())
                join->join_type = ast::JoinType::Right;
            else if (type->FULL())
                join->join_type = ast::JoinType::Full;
        }
        join->left = std::move(left);
        join->right = BuildRelationPrimary(join_ctx->relationPrimary());
        join->on = BuildExpr(join_ctx->expression());
        join->range = SourceRange::Cover(start, Range(join_ctx));
        left = std::move(join);
    }
    return left;
}

ast::TableRefPtr AstBuilder::BuildRelationPrimary(P::RelationPrimaryContext* ctx) {
    if (auto* named = dynamic_cast<P::NamedRelationContext*>(ctx)) {
        auto table = std::make_unique<ast::NamedTableRef>();
        std::vector<P::IdentifierContext*> names = named->identifier();
        table->name = BuildIdentifier(names[0]);
        if (names.size() > 1)
            table->alias = BuildIdentifier(names[1]);
        table->range = Range(ctx);
        return table;
    }
    if (auto* function_ctx = dynamic_cast<P::TableFunctionRelationContext*>(ctx)) {
        auto function = std::make_unique<ast::TableFunctionRef>();
        std::vector<P::IdentifierContext*> names = function_ctx->identifier();
        function->name = BuildIdentifier(names[0]);
        auto input = std::make_unique<ast::NamedTableRef>();
        input->name = BuildIdentifier(function_ctx->tableFunctionInput()->identifier());
        input->range = Range(function_ctx->tableFunctionInput());
        function->input = std::move(input);
        for (P::ExpressionContext* argument : function_ctx->expression()) {
            ast::ExprPtr expr = BuildExpr(argument);
            // Flink names the time column `DESCRIPTOR(ts)`; it means the column itself.
            if (expr->kind == ast::ExprKind::Call) {
                auto* call = static_cast<ast::Call*>(expr.get());
                if (call->name.Key() == "descriptor" && call->args.size() == 1 && !call->distinct &&
                    !call->filter && call->args[0]->kind == ast::ExprKind::ColumnRef)
                    expr = std::move(call->args[0]);
            }
            function->args.push_back(std::move(expr));
        }
        if (names.size() > 1)
            function->alias = BuildIdentifier(names[1]);
        function->range = Range(ctx);
        return function;
    }
    if (auto* subquery_ctx = dynamic_cast<P::SubqueryRelationContext*>(ctx)) {
        auto subquery = std::make_unique<ast::SubqueryRef>();
        subquery->query = BuildQuery(subquery_ctx->query());
        subquery->range = Range(ctx);
        if (subquery_ctx->identifier())
            subquery->alias = BuildIdentifier(subquery_ctx->identifier());
        else
            diags_.Error(DiagCode::E0101, subquery->range,
                         "a subquery in FROM needs a name: (SELECT ...) AS name");
        return subquery;
    }
    return BuildRelation(static_cast<P::ParenthesizedRelationContext*>(ctx)->relation());
}

ast::OrderItem AstBuilder::BuildOrderItem(P::OrderItemContext* ctx) {
    ast::OrderItem item;
    item.expr = BuildExpr(ctx->expression());
    item.descending = ctx->DESC() != nullptr;
    if (ctx->NULLS())
        item.nulls_first = ctx->FIRST() != nullptr;
    item.range = Range(ctx);
    return item;
}

// ---------------------------------------------------------------------------------------------
// Expressions

ast::ExprPtr AstBuilder::BuildExpr(P::ExpressionContext* ctx) {
    return BuildChain<P::AndExpressionContext>(ctx->orExpression(), &AstBuilder::BuildAnd);
}

std::vector<ast::ExprPtr> AstBuilder::BuildExprs(const std::vector<P::ExpressionContext*>& contexts) {
    std::vector<ast::ExprPtr> exprs;
    exprs.reserve(contexts.size());
    for (P::ExpressionContext* ctx : contexts)
        exprs.push_back(BuildExpr(ctx));
    return exprs;
}

template <typename Operand>
ast::ExprPtr AstBuilder::BuildChain(antlr4::ParserRuleContext* ctx,
                                    ast::ExprPtr (AstBuilder::*build_operand)(Operand*)) {
    // Children alternate operand, operator, operand, ...; `a - b + c` becomes ((a - b) + c).
    ast::ExprPtr result;
    SourceRange first;
    ast::BinaryOp op = ast::BinaryOp::Add;
    SourceRange op_range;
    for (antlr4::tree::ParseTree* child : ctx->children) {
        if (auto* token = dynamic_cast<antlr4::tree::TerminalNode*>(child)) {
            op = BinaryOpFor(token->getSymbol()->getType());
            op_range = Range(token);
            continue;
        }
        auto* operand = static_cast<Operand*>(child);
        ast::ExprPtr right = (this->*build_operand)(operand);
        if (!result) {
            result = std::move(right);
            first = Range(operand);
            continue;
        }
        auto binary = std::make_unique<ast::Binary>();
        binary->op = op;
        binary->op_range = op_range;
        binary->left = std::move(result);
        binary->right = std::move(right);
        binary->range = SourceRange::Cover(first, Range(operand));
        result = std::move(binary);
    }
    return result;
}

ast::ExprPtr AstBuilder::BuildAnd(P::AndExpressionContext* ctx) {
    return BuildChain<P::NotExpressionContext>(ctx, &AstBuilder::BuildNot);
}

ast::ExprPtr AstBuilder::BuildNot(P::NotExpressionContext* ctx) {
    if (!ctx->NOT())
        return BuildPredicate(ctx->predicateExpression());
    auto negation = std::make_unique<ast::Unary>();
    negation->op = ast::UnaryOp::Not;
    negation->operand = BuildNot(ctx->notExpression());
    negation->range = Range(ctx);
    return negation;
}

ast::ExprPtr AstBuilder::BuildPredicate(P::PredicateExpressionContext* ctx) {
    ast::ExprPtr result = BuildConcat(ctx->concatExpression());
    SourceRange start = Range(ctx->concatExpression());
    for (P::PredicateTailContext* tail : ctx->predicateTail()) {
        SourceRange range = SourceRange::Cover(start, Range(tail));
        if (auto* comparison = dynamic_cast<P::ComparisonTailContext*>(tail)) {
            auto binary = std::make_unique<ast::Binary>();
            P::ComparisonOperatorContext* op = comparison->comparisonOperator();
            binary->op = BinaryOpFor(op->getStart()->getType());
            binary->op_range = Range(op);
            binary->left = std::move(result);
            binary->right = BuildConcat(comparison->concatExpression());
            result = std::move(binary);
        } else if (auto* is_null = dynamic_cast<P::IsNullTailContext*>(tail)) {
            auto node = std::make_unique<ast::IsNull>();
            node->negated = is_null->NOT() != nullptr;
            node->operand = std::move(result);
            result = std::move(node);
        } else if (auto* in = dynamic_cast<P::InTailContext*>(tail)) {
            auto node = std::make_unique<ast::InList>();
            node->negated = in->NOT() != nullptr;
            node->operand = std::move(result);
            node->list = BuildExprs(in->expression());
            result = std::move(node);
        } else if (auto* between = dynamic_cast<P::BetweenTailContext*>(tail)) {
            auto node = std::make_unique<ast::Between>();
            node->negated = between->NOT() != nullptr;
            node->operand = std::move(result);
            node->low = BuildConcat(between->concatExpression(0));
            node->high = BuildConcat(between->concatExpression(1));
            result = std::move(node);
        } else {
            auto* like = static_cast<P::LikeTailContext*>(tail);
            auto node = std::make_unique<ast::Like>();
            node->negated = like->NOT() != nullptr;
            node->operand = std::move(result);
            node->pattern = BuildConcat(like->concatExpression());
            result = std::move(node);
        }
        result->range = range;
    }
    return result;
}

ast::ExprPtr AstBuilder::BuildConcat(P::ConcatExpressionContext* ctx) {
    return BuildChain<P::AdditiveExpressionContext>(ctx, &AstBuilder::BuildAdditive);
}

ast::ExprPtr AstBuilder::BuildAdditive(P::AdditiveExpressionContext* ctx) {
    return BuildChain<P::MultiplicativeExpressionContext>(ctx, &AstBuilder::BuildMultiplicative);
}

ast::ExprPtr AstBuilder::BuildMultiplicative(P::MultiplicativeExpressionContext* ctx) {
    return BuildChain<P::UnaryExpressionContext>(ctx, &AstBuilder::BuildUnary);
}

ast::ExprPtr AstBuilder::BuildUnary(P::UnaryExpressionContext* ctx) {
    if (ctx->primaryExpression())
        return BuildPrimary(ctx->primaryExpression());
    auto unary = std::make_unique<ast::Unary>();
    unary->op = ctx->MINUS() ? ast::UnaryOp::Negate : ast::UnaryOp::Plus;
    unary->operand = BuildUnary(ctx->unaryExpression());
    unary->range = Range(ctx);
    return unary;
}

ast::ExprPtr AstBuilder::BuildPrimary(P::PrimaryExpressionContext* ctx) {
    if (auto* literal = dynamic_cast<P::LiteralPrimaryContext*>(ctx))
        return BuildLiteral(literal->literal());
    if (auto* column = dynamic_cast<P::ColumnPrimaryContext*>(ctx)) {
        auto ref = std::make_unique<ast::ColumnRef>();
        ref->name = BuildQualifiedName(column->qualifiedName());
        ref->range = ref->name.range;
        return ref;
    }
    if (auto* call = dynamic_cast<P::CallPrimaryContext*>(ctx))
        return BuildCall(call);
    if (auto* parenthesized = dynamic_cast<P::ParenthesizedPrimaryContext*>(ctx)) {
        if (parenthesized->expression().size() > 1)
            diags_.Error(DiagCode::E0101, Range(ctx), "a parenthesized list is not an expression");
        return BuildExpr(parenthesized->expression(0));
    }
    if (auto* cast_ctx = dynamic_cast<P::CastPrimaryContext*>(ctx)) {
        auto cast = std::make_unique<ast::Cast>();
        cast->try_cast = cast_ctx->TRY_CAST() != nullptr;
        cast->operand = BuildExpr(cast_ctx->expression());
        cast->target = BuildType(cast_ctx->typeName());
        cast->range = Range(ctx);
        return cast;
    }
    if (auto* case_ctx = dynamic_cast<P::CasePrimaryContext*>(ctx))
        return BuildCase(case_ctx);
    if (auto* extract = dynamic_cast<P::ExtractPrimaryContext*>(ctx)) {
        // EXTRACT(YEAR FROM ts) is the call extract('YEAR', ts).
        auto call = std::make_unique<ast::Call>();
        call->name = {"extract", false, Range(extract->EXTRACT())};
        ast::Identifier field = BuildIdentifier(extract->identifier());
        call->args.push_back(MakeLiteral(ast::LiteralKind::String, ToUpper(field.text), field.range));
        call->args.push_back(BuildExpr(extract->expression()));
        call->range = Range(ctx);
        return call;
    }
    auto* now = static_cast<P::CurrentTimestampPrimaryContext*>(ctx);
    auto call = std::make_unique<ast::Call>();
    call->name = {"current_timestamp", false, Range(now->CURRENT_TIMESTAMP())};
    call->range = Range(ctx);
    return call;
}

ast::ExprPtr AstBuilder::BuildCall(P::CallPrimaryContext* ctx) {
    auto call = std::make_unique<ast::Call>();
    call->name = BuildIdentifier(ctx->identifier());
    if (P::CallArgumentsContext* arguments = ctx->callArguments()) {
        if (arguments->STAR()) {
            auto star = std::make_unique<ast::Star>();
            star->range = Range(arguments->STAR());
            call->args.push_back(std::move(star));
        } else {
            call->distinct = arguments->DISTINCT() != nullptr;
            call->args = BuildExprs(arguments->expression());
        }
    }
    if (P::FilterClauseContext* filter = ctx->filterClause())
        call->filter = BuildExpr(filter->expression());
    call->range = Range(ctx);
    return call;
}

ast::ExprPtr AstBuilder::BuildCase(P::CasePrimaryContext* ctx) {
    auto node = std::make_unique<ast::Case>();
    // An expression before the first WHEN is the operand, one after ELSE the default.
    bool after_else = false;
    for (antlr4::tree::ParseTree* child : ctx->children) {
        if (auto* when = dynamic_cast<P::WhenClauseContext*>(child)) {
            node->whens.push_back({BuildExpr(when->expression(0)), BuildExpr(when->expression(1))});
        } else if (auto* expression = dynamic_cast<P::ExpressionContext*>(child)) {
            (after_else ? node->else_expr : node->operand) = BuildExpr(expression);
        } else if (auto* token = dynamic_cast<antlr4::tree::TerminalNode*>(child)) {
            after_else |= token->getSymbol()->getType() == P::ELSE;
        }
    }
    node->range = Range(ctx);
    return node;
}

ast::ExprPtr AstBuilder::BuildLiteral(P::LiteralContext* ctx) {
    SourceRange range = Range(ctx);
    if (dynamic_cast<P::NullLiteralContext*>(ctx))
        return MakeLiteral(ast::LiteralKind::Null, "", range);
    if (auto* boolean = dynamic_cast<P::BooleanLiteralContext*>(ctx)) {
        auto literal = MakeLiteral(ast::LiteralKind::Boolean, boolean->TRUE_() ? "TRUE" : "FALSE", range);
        literal->bool_value = boolean->TRUE_() != nullptr;
        return literal;
    }
    if (auto* number = dynamic_cast<P::NumericLiteralContext*>(ctx))
        return BuildNumber(number->number());
    if (auto* string = dynamic_cast<P::StringLiteralContext*>(ctx))
        return MakeLiteral(ast::LiteralKind::String, StringValue(string->STRING()), range);
    if (auto* interval = dynamic_cast<P::IntervalLiteralAltContext*>(ctx))
        return BuildInterval(interval->intervalLiteral());

    auto* typed = static_cast<P::TypedLiteralContext*>(ctx);
    bool is_timestamp = typed->TIMESTAMP() != nullptr;
    std::string text(Trim(StringValue(typed->STRING())));
    // The runtime's reader, so that a literal means what the same text means to CAST and the formats.
    int64_t micros;
    int32_t days;
    bool valid = is_timestamp ? rt::ParseTimestamp(text, &micros) : rt::ParseDate(text, &days);
    if (!valid)
        diags_.Error(DiagCode::E0102, range,
                     is_timestamp
                         ? "invalid TIMESTAMP literal " + QuoteSql(text) +
                               ": expected 'YYYY-MM-DD HH:MM:SS[.ffffff]' with a valid date and time"
                         : "invalid DATE literal " + QuoteSql(text) + ": expected a valid 'YYYY-MM-DD'");
    return MakeLiteral(is_timestamp ? ast::LiteralKind::Timestamp : ast::LiteralKind::Date, std::move(text),
                       range);
}

ast::ExprPtr AstBuilder::BuildNumber(P::NumberContext* ctx) {
    SourceRange range = Range(ctx);
    std::string text(Text(range));
    if (ctx->INTEGER_VALUE()) {
        // Beyond BIGINT an integer literal is a DECIMAL, as in Spark.
        std::string_view digits = StripLeadingZeros(text);
        constexpr std::string_view kMaxBigInt = "9223372036854775807";
        if (digits.size() < kMaxBigInt.size() || (digits.size() == kMaxBigInt.size() && digits <= kMaxBigInt))
            return MakeLiteral(ast::LiteralKind::Integer, std::move(text), range);
        if (digits.size() > kMaxLiteralDigits)
            diags_.Error(DiagCode::E0102, range,
                         "integer literal has more than " + std::to_string(kMaxLiteralDigits) +
                             " digits; write it with an exponent (such as 1.5e40) for a DOUBLE");
        return MakeLiteral(ast::LiteralKind::Decimal, std::move(text), range);
    }
    if (ctx->DECIMAL_VALUE()) {
        // Significant digits: those of the integer part after leading zeros, and every fraction digit.
        std::string_view whole = std::string_view(text).substr(0, text.find('.'));
        size_t first_significant = whole.find_first_not_of('0');
        size_t digits = (first_significant == std::string_view::npos ? 0 : whole.size() - first_significant) +
                        (text.size() - whole.size() - 1);
        if (digits > kMaxLiteralDigits)
            diags_.Error(DiagCode::E0102, range,
                         "decimal literal has more than " + std::to_string(kMaxLiteralDigits) +
                             " digits; write it with an exponent (such as 1.5e40) for a DOUBLE");
        return MakeLiteral(ast::LiteralKind::Decimal, std::move(text), range);
    }
    double value = std::strtod(text.c_str(), nullptr);
    if (std::isinf(value))
        diags_.Error(DiagCode::E0102, range, "number " + text + " is out of the range of DOUBLE");
    return MakeLiteral(ast::LiteralKind::Double, std::move(text), range);
}

ast::ExprPtr AstBuilder::BuildInterval(P::IntervalLiteralContext* ctx) {
    auto literal = MakeLiteral(ast::LiteralKind::Interval, "", Range(ctx));
    std::string amount;
    SourceRange amount_range;
    if (ctx->STRING()) {
        amount = Trim(StringValue(ctx->STRING()));
        amount_range = Range(ctx->STRING());
    } else {
        amount = (ctx->MINUS() ? "-" : "") + std::string(Text(Range(ctx->number())));
        amount_range = SourceRange::Cover(ctx->MINUS() ? Range(ctx->MINUS()) : Range(ctx->number()),
                                          Range(ctx->number()));
    }
    static const std::string kUnits = "MICROSECOND, MILLISECOND, SECOND, MINUTE, HOUR, DAY or WEEK";

    if (ctx->identifier()) {
        ast::Identifier word = BuildIdentifier(ctx->identifier());
        std::optional<ast::IntervalUnit> unit = ParseIntervalUnit(word.text);
        if (!unit) {
            Diagnostic& error = diags_.Error(DiagCode::E0102, word.range,
                                             "unknown interval unit '" + word.text + "'; expected " + kUnits);
            // `INTERVAL '10 seconds' x` reads x as the unit; an alias needs AS there.
            if (ctx->STRING() && SplitWords(amount).size() > 1)
                error.notes.push_back({"to name the column " + word.text + ", write AS " + word.text, {}});
            return literal;
        }
        literal->unit = *unit;
    } else {
        // `INTERVAL '10 seconds'`, `INTERVAL '1 minute 30 seconds'`: the unit is in the string.
        std::vector<std::string_view> words = SplitWords(amount);
        if (!ctx->STRING() || words.size() < 2) {
            diags_.Error(DiagCode::E0102, literal->range,
                         "an interval needs a unit, such as INTERVAL '10' SECOND");
            return literal;
        }
        if (words.size() % 2 != 0) {
            diags_.Error(DiagCode::E0102, amount_range,
                         "invalid interval " + QuoteSql(amount) +
                             ": expected amounts each followed by a unit");
            return literal;
        }
        std::vector<std::pair<std::string_view, ast::IntervalUnit>> parts;
        for (size_t i = 0; i < words.size(); i += 2) {
            std::optional<ast::IntervalUnit> unit = ParseIntervalUnit(words[i + 1]);
            if (!unit) {
                diags_.Error(DiagCode::E0102, amount_range,
                             "unknown interval unit '" + std::string(words[i + 1]) + "'; expected " + kUnits);
                return literal;
            }
            parts.emplace_back(words[i], *unit);
        }
        if (parts.size() == 1) {
            amount = parts[0].first;
            literal->unit = parts[0].second;
        } else {
            // Several parts add up in the smallest of their units; every larger unit is a whole
            // multiple of it.
            ast::IntervalUnit smallest = parts[0].second;
            for (const auto& part : parts)
                if (IntervalUnitMicros(part.second) < IntervalUnitMicros(smallest))
                    smallest = part.second;
            __int128 total = 0;
            for (const auto& [part_amount, unit] : parts) {
                std::optional<int64_t> micros =
                    IsNumberText(part_amount, false) ? IntervalMicros(part_amount, unit) : std::nullopt;
                if (!micros) {
                    diags_.Error(DiagCode::E0102, amount_range,
                                 "invalid interval " + QuoteSql(amount) +
                                     ": each part needs a whole number, such as '1 minute 30 seconds'");
                    return literal;
                }
                total += *micros / IntervalUnitMicros(smallest);
            }
            if (total > std::numeric_limits<int64_t>::max() || total < std::numeric_limits<int64_t>::min()) {
                diags_.Error(DiagCode::E0102, amount_range,
                             "interval " + QuoteSql(amount) + " is out of range");
                return literal;
            }
            amount = std::to_string(static_cast<int64_t>(total));
            literal->unit = smallest;
        }
    }

    if (!IsNumberText(amount, true)) {
        diags_.Error(DiagCode::E0102, amount_range,
                     "invalid interval amount " + QuoteSql(amount) +
                         ": expected a number such as '10' or '1.5'");
    } else if (!IntervalMicros(amount, literal->unit)) {
        diags_.Error(DiagCode::E0102, amount_range,
                     "interval " + QuoteSql(amount) + " " + std::string(IntervalUnitName(literal->unit)) +
                         " is out of range or not a whole number of microseconds");
    }
    literal->text = std::move(amount);
    return literal;
}

// ---------------------------------------------------------------------------------------------
// Names and text

ast::Identifier AstBuilder::BuildIdentifier(P::IdentifierContext* ctx) {
    ast::Identifier identifier;
    identifier.range = Range(ctx);
    std::string_view text = Text(identifier.range);
    if (ctx->QUOTED_IDENTIFIER() || ctx->BACKQUOTED_IDENTIFIER()) {
        identifier.quoted = true;
        identifier.text = Unquote(text);
        if (identifier.text.empty())
            diags_.Error(DiagCode::E0101, identifier.range, "a quoted name cannot be empty");
    } else {
        identifier.text = text;
    }
    return identifier;
}

ast::QualifiedName AstBuilder::BuildQualifiedName(P::QualifiedNameContext* ctx) {
    ast::QualifiedName name;
    for (P::IdentifierContext* part : ctx->identifier())
        name.parts.push_back(BuildIdentifier(part));
    name.range = Range(ctx);
    return name;
}

std::string AstBuilder::StringValue(antlr4::tree::TerminalNode* token) const {
    return Unquote(Text(Range(token)));
}

} // namespace sluice::parse
