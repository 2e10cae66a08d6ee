#include "compiler/ast/ast_printer.h"

#include "compiler/common/strings.h"
#include "compiler/parse/literal_values.h"

namespace sluice::ast {

namespace {

/// One node of the rendered tree. The AST is converted once into these, and the text and JSON
/// renderers walk them, so both show the same nodes and fields.
struct TreeNode {
    /// A named list of children: `label` heads them in the text form (unlabeled children print
    /// directly under their parent); `single` renders one child as a JSON object, not an array.
    struct Group {
        std::string key;
        std::string label;
        bool single = false;
        std::vector<TreeNode> nodes;
    };

    std::string kind;
    /// What the text form prints after the kind; `fields` holds the same facts for JSON.
    std::string summary;
    nlohmann::json fields = nlohmann::json::object();
    SourceRange range;
    std::vector<Group> groups;

    TreeNode(std::string kind_name, SourceRange node_range, std::string summary_text = {})
        : kind(std::move(kind_name)), summary(std::move(summary_text)), range(node_range) {}

    TreeNode& Field(const std::string& key, nlohmann::json value) {
        fields[key] = std::move(value);
        return *this;
    }
    /// Adds one child; nothing when `child` is absent.
    TreeNode& Child(const std::string& key, const std::string& label, std::optional<TreeNode> child) {
        Group group{key, label, true, {}};
        if (child)
            group.nodes.push_back(std::move(*child));
        groups.push_back(std::move(group));
        return *this;
    }
    TreeNode& Children(const std::string& key, const std::string& label, std::vector<TreeNode> children) {
        groups.push_back({key, label, false, std::move(children)});
        return *this;
    }
};

/// A name as written: quoted names keep their quotes so that `"Price"` and `price` differ.
std::string NameText(const Identifier& id) {
    if (!id.quoted)
        return id.text;
    std::string out = "\"";
    for (char c : id.text)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

nlohmann::json NameJson(const Identifier& id) {
    return {{"text", id.text}, {"quoted", id.quoted}};
}

std::string_view LiteralKindName(LiteralKind kind) {
    switch (kind) {
    case LiteralKind::Null:
        return "null";
    case LiteralKind::Boolean:
        return "boolean";
    case LiteralKind::Integer:
        return "integer";
    case LiteralKind::Decimal:
        return "decimal";
    case LiteralKind::Double:
        return "double";
    case LiteralKind::String:
        return "string";
    case LiteralKind::Timestamp:
        return "timestamp";
    case LiteralKind::Date:
        return "date";
    case LiteralKind::Interval:
        return "interval";
    }
    return "?";
}

std::string_view BinaryOpSymbol(BinaryOp op) {
    switch (op) {
    case BinaryOp::Add:
        return "+";
    case BinaryOp::Sub:
        return "-";
    case BinaryOp::Mul:
        return "*";
    case BinaryOp::Div:
        return "/";
    case BinaryOp::Mod:
        return "%";
    case BinaryOp::Concat:
        return "||";
    case BinaryOp::Eq:
        return "=";
    case BinaryOp::Ne:
        return "<>";
    case BinaryOp::Lt:
        return "<";
    case BinaryOp::Le:
        return "<=";
    case BinaryOp::Gt:
        return ">";
    case BinaryOp::Ge:
        return ">=";
    case BinaryOp::And:
        return "AND";
    case BinaryOp::Or:
        return "OR";
    }
    return "?";
}

std::string_view JoinTypeName(JoinType type) {
    switch (type) {
    case JoinType::Inner:
        return "INNER";
    case JoinType::Left:
        return "LEFT";
    case JoinType::Right:
        return "RIGHT";
    case JoinType::Full:
        return "FULL";
    case JoinType::LeftSemi:
        return "LEFT SEMI";
    }
    return "?";
}

std::string_view OutputModeName(OutputMode mode) {
    switch (mode) {
    case OutputMode::Append:
        return "APPEND";
    case OutputMode::Update:
        return "UPDATE";
    case OutputMode::Complete:
        return "COMPLETE";
    }
    return "?";
}

std::string_view TriggerKindName(TriggerKind kind) {
    switch (kind) {
    case TriggerKind::Default:
        return "DEFAULT";
    case TriggerKind::ProcessingTime:
        return "PROCESSING TIME";
    case TriggerKind::Once:
        return "ONCE";
    case TriggerKind::AvailableNow:
        return "AVAILABLE NOW";
    case TriggerKind::Continuous:
        return "CONTINUOUS";
    }
    return "?";
}

std::string_view TimeoutKindName(TimeoutKind kind) {
    switch (kind) {
    case TimeoutKind::None:
        return "NONE";
    case TimeoutKind::EventTime:
        return "EVENT TIME";
    case TimeoutKind::ProcessingTime:
        return "PROCESSING TIME";
    }
    return "?";
}

std::string LiteralSummary(const Literal& literal) {
    switch (literal.literal_kind) {
    case LiteralKind::Null:
        return "NULL";
    case LiteralKind::Boolean:
        return literal.bool_value ? "TRUE" : "FALSE";
    case LiteralKind::Integer:
        return literal.text;
    case LiteralKind::Decimal:
        return "DECIMAL " + literal.text;
    case LiteralKind::Double:
        return "DOUBLE " + literal.text;
    case LiteralKind::String:
        return QuoteSql(literal.text);
    case LiteralKind::Timestamp:
        return "TIMESTAMP " + QuoteSql(literal.text);
    case LiteralKind::Date:
        return "DATE " + QuoteSql(literal.text);
    case LiteralKind::Interval:
        return "INTERVAL " + QuoteSql(literal.text) + " " +
               std::string(parse::IntervalUnitName(literal.unit));
    }
    return {};
}

std::vector<TreeNode> ConvertExprs(const std::vector<ExprPtr>& exprs);
TreeNode ConvertQuery(const Query& query);

std::optional<TreeNode> ConvertExpr(const Expr* expr) {
    if (expr == nullptr)
        return std::nullopt;
    switch (expr->kind) {
    case ExprKind::Literal: {
        const auto& literal = static_cast<const Literal&>(*expr);
        TreeNode node("Literal", expr->range, LiteralSummary(literal));
        node.Field("literal_kind", LiteralKindName(literal.literal_kind)).Field("text", literal.text);
        if (literal.literal_kind == LiteralKind::Boolean)
            node.Field("bool_value", literal.bool_value);
        if (literal.literal_kind == LiteralKind::Interval)
            node.Field("unit", parse::IntervalUnitName(literal.unit));
        return node;
    }
    case ExprKind::ColumnRef: {
        const auto& ref = static_cast<const ColumnRef&>(*expr);
        std::string text;
        nlohmann::json parts = nlohmann::json::array();
        for (const Identifier& part : ref.name.parts) {
            text += (text.empty() ? "" : ".") + NameText(part);
            parts.push_back(NameJson(part));
        }
        return TreeNode("ColumnRef", expr->range, text).Field("name", parts);
    }
    case ExprKind::Star: {
        const auto& star = static_cast<const Star&>(*expr);
        TreeNode node("Star", expr->range, star.qualifier ? NameText(*star.qualifier) + ".*" : "*");
        if (star.qualifier)
            node.Field("qualifier", NameJson(*star.qualifier));
        return node;
    }
    case ExprKind::Unary: {
        const auto& unary = static_cast<const Unary&>(*expr);
        std::string_view op = unary.op == UnaryOp::Negate ? "-" : unary.op == UnaryOp::Plus ? "+" : "NOT";
        return TreeNode("Unary", expr->range, std::string(op))
            .Field("op", op)
            .Child("operand", "", ConvertExpr(unary.operand.get()));
    }
    case ExprKind::Binary: {
        const auto& binary = static_cast<const Binary&>(*expr);
        std::string_view op = BinaryOpSymbol(binary.op);
        return TreeNode("Binary", expr->range, std::string(op))
            .Field("op", op)
            .Field("op_range", {binary.op_range.begin, binary.op_range.end})
            .Child("left", "", ConvertExpr(binary.left.get()))
            .Child("right", "", ConvertExpr(binary.right.get()));
    }
    case ExprKind::Call: {
        const auto& call = static_cast<const Call&>(*expr);
        return TreeNode("Call", expr->range, NameText(call.name) + (call.distinct ? " DISTINCT" : ""))
            .Field("name", NameJson(call.name))
            .Field("distinct", call.distinct)
            .Children("args", "", ConvertExprs(call.args))
            .Child("filter", "Filter", ConvertExpr(call.filter.get()));
    }
    case ExprKind::Case: {
        const auto& node = static_cast<const Case&>(*expr);
        std::vector<TreeNode> whens;
        for (const WhenClause& when : node.whens)
            whens.push_back(TreeNode("When", SourceRange::Cover(when.when->range, when.then->range))
                                .Child("when", "", ConvertExpr(when.when.get()))
                                .Child("then", "", ConvertExpr(when.then.get())));
        return TreeNode("Case", expr->range)
            .Child("operand", "Operand", ConvertExpr(node.operand.get()))
            .Children("whens", "", std::move(whens))
            .Child("else", "Else", ConvertExpr(node.else_expr.get()));
    }
    case ExprKind::Cast: {
        const auto& cast = static_cast<const Cast&>(*expr);
        return TreeNode(cast.try_cast ? "TryCast" : "Cast", expr->range, "AS " + cast.target.type.ToString())
            .Field("type", cast.target.type.ToString())
            .Field("try_cast", cast.try_cast)
            .Child("operand", "", ConvertExpr(cast.operand.get()));
    }
    case ExprKind::IsNull: {
        const auto& node = static_cast<const IsNull&>(*expr);
        return TreeNode("IsNull", expr->range, node.negated ? "NOT" : "")
            .Field("negated", node.negated)
            .Child("operand", "", ConvertExpr(node.operand.get()));
    }
    case ExprKind::InList: {
        const auto& node = static_cast<const InList&>(*expr);
        return TreeNode("InList", expr->range, node.negated ? "NOT" : "")
            .Field("negated", node.negated)
            .Child("operand", "", ConvertExpr(node.operand.get()))
            .Children("list", "List", ConvertExprs(node.list));
    }
    case ExprKind::Between: {
        const auto& node = static_cast<const Between&>(*expr);
        return TreeNode("Between", expr->range, node.negated ? "NOT" : "")
            .Field("negated", node.negated)
            .Child("operand", "", ConvertExpr(node.operand.get()))
            .Child("low", "", ConvertExpr(node.low.get()))
            .Child("high", "", ConvertExpr(node.high.get()));
    }
    case ExprKind::Like: {
        const auto& node = static_cast<const Like&>(*expr);
        return TreeNode("Like", expr->range, node.negated ? "NOT" : "")
            .Field("negated", node.negated)
            .Child("operand", "", ConvertExpr(node.operand.get()))
            .Child("pattern", "", ConvertExpr(node.pattern.get()));
    }
    }
    return std::nullopt;
}

std::vector<TreeNode> ConvertExprs(const std::vector<ExprPtr>& exprs) {
    std::vector<TreeNode> nodes;
    for (const ExprPtr& expr : exprs)
        if (std::optional<TreeNode> node = ConvertExpr(expr.get()))
            nodes.push_back(std::move(*node));
    return nodes;
}

/// "name" or "name AS alias".
std::string WithAlias(std::string text, const std::optional<Identifier>& alias) {
    if (alias)
        text += (text.empty() ? "AS " : " AS ") + NameText(*alias);
    return text;
}

std::optional<TreeNode> ConvertTableRef(const TableRef* ref) {
    if (ref == nullptr)
        return std::nullopt;
    switch (ref->kind) {
    case TableRefKind::Named: {
        const auto& named = static_cast<const NamedTableRef&>(*ref);
        TreeNode node("Table", ref->range, WithAlias(NameText(named.name), named.alias));
        node.Field("name", NameJson(named.name));
        if (named.alias)
            node.Field("alias", NameJson(*named.alias));
        return node;
    }
    case TableRefKind::Subquery: {
        const auto& subquery = static_cast<const SubqueryRef&>(*ref);
        return TreeNode("Subquery", ref->range, "AS " + NameText(subquery.alias))
            .Field("alias", NameJson(subquery.alias))
            .Child("query", "", ConvertQuery(*subquery.query));
    }
    case TableRefKind::Join: {
        const auto& join = static_cast<const JoinRef&>(*ref);
        return TreeNode("Join", ref->range, std::string(JoinTypeName(join.join_type)))
            .Field("join_type", JoinTypeName(join.join_type))
            .Child("left", "", ConvertTableRef(join.left.get()))
            .Child("right", "", ConvertTableRef(join.right.get()))
            .Child("on", "On", ConvertExpr(join.on.get()));
    }
    case TableRefKind::TableFunction: {
        const auto& function = static_cast<const TableFunctionRef&>(*ref);
        TreeNode node("TableFunction", ref->range, WithAlias(NameText(function.name), function.alias));
        node.Field("name", NameJson(function.name));
        if (function.alias)
            node.Field("alias", NameJson(*function.alias));
        return node.Child("input", "", ConvertTableRef(function.input.get()))
            .Children("args", "", ConvertExprs(function.args));
    }
    }
    return std::nullopt;
}

TreeNode ConvertSelect(const Select& select) {
    std::vector<TreeNode> items;
    for (const SelectItem& item : select.items) {
        TreeNode node("Item", item.range, WithAlias("", item.alias));
        if (item.alias)
            node.Field("alias", NameJson(*item.alias));
        items.push_back(node.Child("expr", "", ConvertExpr(item.expr.get())));
    }
    std::optional<TreeNode> dedup;
    if (select.dedup)
        dedup = TreeNode("Deduplicate", select.dedup->range,
                         select.dedup->within_watermark ? "WITHIN WATERMARK" : "")
                    .Field("within_watermark", select.dedup->within_watermark)
                    .Children("keys", "", ConvertExprs(select.dedup->keys));
    return TreeNode("Select", select.range, select.distinct ? "DISTINCT" : "")
        .Field("distinct", select.distinct)
        .Children("items", "", std::move(items))
        .Child("from", "From", ConvertTableRef(select.from.get()))
        .Child("where", "Where", ConvertExpr(select.where.get()))
        .Child("dedup", "", std::move(dedup))
        .Children("group_by", "GroupBy", ConvertExprs(select.group_by))
        .Child("having", "Having", ConvertExpr(select.having.get()));
}

TreeNode ConvertQuery(const Query& query) {
    std::vector<TreeNode> ctes, selects, order_by;
    for (const CommonTableExpr& cte : query.ctes)
        ctes.push_back(TreeNode("With", cte.range, NameText(cte.name))
                           .Field("name", NameJson(cte.name))
                           .Child("query", "", ConvertQuery(*cte.query)));
    for (const Select& select : query.selects)
        selects.push_back(ConvertSelect(select));
    for (const OrderItem& item : query.order_by) {
        std::string summary = item.descending ? "DESC" : "ASC";
        if (item.nulls_first)
            summary += *item.nulls_first ? " NULLS FIRST" : " NULLS LAST";
        TreeNode node("OrderItem", item.range, summary);
        node.Field("descending", item.descending);
        if (item.nulls_first)
            node.Field("nulls_first", *item.nulls_first);
        order_by.push_back(node.Child("expr", "", ConvertExpr(item.expr.get())));
    }
    return TreeNode("Query", query.range, query.selects.size() > 1 ? "UNION ALL" : "")
        .Children("ctes", "", std::move(ctes))
        .Children("selects", "", std::move(selects))
        .Children("order_by", "OrderBy", std::move(order_by))
        .Child("limit", "Limit", ConvertExpr(query.limit.get()));
}

TreeNode ConvertColumn(const ColumnDef& column) {
    return TreeNode("Column", column.range, NameText(column.name) + " " + column.type.type.ToString())
        .Field("name", NameJson(column.name))
        .Field("type", column.type.type.ToString());
}

std::vector<TreeNode> ConvertOptions(const std::vector<Option>& options) {
    std::vector<TreeNode> nodes;
    for (const Option& option : options)
        nodes.push_back(TreeNode("Option", option.range, NameText(option.key))
                            .Field("key", NameJson(option.key))
                            .Child("value", "", ConvertExpr(option.value.get())));
    return nodes;
}

TreeNode ConvertConnector(const ConnectorSpec& spec) {
    std::string summary = NameText(spec.connector);
    TreeNode node("Connector", spec.range);
    node.Field("connector", NameJson(spec.connector));
    if (spec.format) {
        summary += " FORMAT " + NameText(*spec.format);
        node.Field("format", NameJson(*spec.format));
    }
    node.summary = summary;
    return node.Children("options", "", ConvertOptions(spec.options))
        .Children("format_options", "FormatOptions", ConvertOptions(spec.format_options));
}

std::vector<TreeNode> ConvertBlock(const Block& block);

TreeNode ConvertStmt(const Stmt& stmt) {
    switch (stmt.kind) {
    case StmtKind::Assign: {
        const auto& assign = static_cast<const AssignStmt&>(stmt);
        return TreeNode("Assign", stmt.range, NameText(assign.target))
            .Field("target", NameJson(assign.target))
            .Child("value", "", ConvertExpr(assign.value.get()));
    }
    case StmtKind::If: {
        const auto& node = static_cast<const IfStmt&>(stmt);
        std::vector<TreeNode> branches;
        for (const IfBranch& branch : node.branches)
            branches.push_back(TreeNode("Branch", branch.condition->range)
                                   .Child("condition", "", ConvertExpr(branch.condition.get()))
                                   .Children("body", "Then", ConvertBlock(branch.body)));
        return TreeNode("If", stmt.range)
            .Field("has_else", node.has_else)
            .Children("branches", "", std::move(branches))
            .Children("else_body", "Else", ConvertBlock(node.else_body));
    }
    case StmtKind::ForEachRow:
        return TreeNode("ForEachRow", stmt.range)
            .Children("body", "", ConvertBlock(static_cast<const ForEachRowStmt&>(stmt).body));
    case StmtKind::Emit:
        return TreeNode("Emit", stmt.range)
            .Children("values", "", ConvertExprs(static_cast<const EmitStmt&>(stmt).values));
    case StmtKind::SetTimeout:
        return TreeNode("SetTimeout", stmt.range)
            .Child("at", "", ConvertExpr(static_cast<const SetTimeoutStmt&>(stmt).at.get()));
    case StmtKind::ClearState:
        return TreeNode("ClearState", stmt.range);
    }
    return TreeNode("?", stmt.range);
}

std::vector<TreeNode> ConvertBlock(const Block& block) {
    std::vector<TreeNode> nodes;
    for (const StmtPtr& stmt : block)
        nodes.push_back(ConvertStmt(*stmt));
    return nodes;
}

TreeNode ConvertProcess(const Process& process) {
    std::vector<TreeNode> state, emits;
    for (const StateVar& var : process.state)
        state.push_back(TreeNode("StateVar", var.range, NameText(var.name) + " " + var.type.type.ToString())
                            .Field("name", NameJson(var.name))
                            .Field("type", var.type.type.ToString())
                            .Child("init", "", ConvertExpr(var.init.get())));
    for (const ColumnDef& column : process.emits)
        emits.push_back(ConvertColumn(column));
    std::string_view timeout = TimeoutKindName(process.timeout);
    return TreeNode("Process", process.range, NameText(process.input))
        .Field("input", NameJson(process.input))
        .Field("has_on_timeout", process.has_on_timeout)
        .Children("keys", "KeyBy", ConvertExprs(process.keys))
        .Children("state", "State", std::move(state))
        .Child("timeout", "",
               TreeNode("Timeout", process.timeout_range, std::string(timeout)).Field("kind", timeout))
        .Children("on_rows", "OnRows", ConvertBlock(process.on_rows))
        .Children("on_timeout", "OnTimeout", ConvertBlock(process.on_timeout))
        .Children("emits", "Emits", std::move(emits));
}

TreeNode ConvertBody(const QueryBody& body) {
    return body.query ? ConvertQuery(*body.query) : ConvertProcess(*body.process);
}

TreeNode ConvertStatement(const Statement& statement) {
    switch (statement.kind) {
    case StatementKind::CreateSource:
    case StatementKind::CreateTable: {
        const auto& source = static_cast<const CreateSource&>(statement);
        std::vector<TreeNode> columns;
        for (const ColumnDef& column : source.columns)
            columns.push_back(ConvertColumn(column));
        std::optional<TreeNode> watermark;
        if (source.watermark)
            watermark = TreeNode("Watermark", source.watermark->range, NameText(source.watermark->column))
                            .Field("column", NameJson(source.watermark->column))
                            .Child("expr", "", ConvertExpr(source.watermark->expr.get()));
        bool table = statement.kind == StatementKind::CreateTable;
        return TreeNode(table ? "CreateTable" : "CreateSource", statement.range, NameText(statement.name))
            .Field("name", NameJson(statement.name))
            .Children("columns", "", std::move(columns))
            .Child("watermark", "", std::move(watermark))
            .Child("from", "", ConvertConnector(source.from));
    }
    case StatementKind::CreateView: {
        const auto& view = static_cast<const CreateView&>(statement);
        return TreeNode("CreateView", statement.range, NameText(statement.name))
            .Field("name", NameJson(statement.name))
            .Child("body", "", ConvertBody(view.body));
    }
    case StatementKind::CreateSink: {
        const auto& sink = static_cast<const CreateSink&>(statement);
        std::string_view mode = OutputModeName(sink.output_mode);
        std::string_view trigger = TriggerKindName(sink.trigger.kind);
        std::optional<TreeNode> checkpoint;
        if (sink.checkpoint)
            checkpoint = TreeNode("Checkpoint", sink.checkpoint_range, QuoteSql(*sink.checkpoint))
                             .Field("directory", *sink.checkpoint);
        return TreeNode("CreateSink", statement.range, NameText(statement.name))
            .Field("name", NameJson(statement.name))
            .Child("into", "", ConvertConnector(sink.into))
            .Child("output_mode", "",
                   TreeNode("OutputMode", sink.output_mode_range, std::string(mode)).Field("mode", mode))
            .Child("trigger", "",
                   TreeNode("Trigger", sink.trigger.range, std::string(trigger))
                       .Field("kind", trigger)
                       .Child("interval", "", ConvertExpr(sink.trigger.interval.get())))
            .Child("checkpoint", "", std::move(checkpoint))
            .Children("settings", "Settings", ConvertOptions(sink.settings))
            .Child("body", "", ConvertBody(sink.body));
    }
    }
    return TreeNode("?", statement.range);
}

TreeNode ConvertScript(const Script& script) {
    std::vector<TreeNode> statements;
    for (const StatementPtr& statement : script.statements)
        statements.push_back(ConvertStatement(*statement));
    return TreeNode("Script", {}).Children("statements", "", std::move(statements));
}

void RenderText(const TreeNode& node, size_t depth, bool show_ranges, std::string& out) {
    out.append(depth * 2, ' ');
    out += node.kind;
    if (!node.summary.empty())
        out += " " + node.summary;
    if (show_ranges && node.range.Valid())
        out += " @" + std::to_string(node.range.begin) + ".." + std::to_string(node.range.end);
    out += "\n";
    for (const TreeNode::Group& group : node.groups) {
        if (group.nodes.empty())
            continue;
        size_t child_depth = depth + 1;
        if (!group.label.empty()) {
            out.append(child_depth * 2, ' ');
            out += group.label + "\n";
            ++child_depth;
        }
        for (const TreeNode& child : group.nodes)
            RenderText(child, child_depth, show_ranges, out);
    }
}

nlohmann::json RenderJson(const TreeNode& node) {
    nlohmann::json json = node.fields;
    json["node"] = node.kind;
    if (node.range.Valid())
        json["range"] = {node.range.begin, node.range.end};
    for (const TreeNode::Group& group : node.groups) {
        if (group.single) {
            if (!group.nodes.empty())
                json[group.key] = RenderJson(group.nodes.front());
            continue;
        }
        nlohmann::json children = nlohmann::json::array();
        for (const TreeNode& child : group.nodes)
            children.push_back(RenderJson(child));
        json[group.key] = std::move(children);
    }
    return json;
}

} // namespace

std::string PrintAst(const Script& script, bool show_ranges) {
    std::string out;
    RenderText(ConvertScript(script), 0, show_ranges, out);
    return out;
}

nlohmann::json AstToJson(const Script& script) {
    return RenderJson(ConvertScript(script));
}

} // namespace sluice::ast
