#pragma once

// The abstract syntax tree of a `.stream` file. Built by parse/AstBuilder from the ANTLR parse tree
// (ANTLR types never appear here). Every node carries the SourceRange of the text it came from, so
// that later phases can point at it. Nodes are plain data owned through unique_ptr.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/common/source.h"
#include "compiler/types/type.h"

namespace sluice::ast {

/// An identifier as written. Unquoted identifiers are case-insensitive (Key() folds them to lower
/// case); identifiers quoted with "..." or `...` keep their case.
struct Identifier {
    std::string text;
    bool quoted = false;
    SourceRange range;

    std::string Key() const;
};

/// A possibly qualified name: `bids.price` has parts {bids, price}.
struct QualifiedName {
    std::vector<Identifier> parts;
    SourceRange range;

    const Identifier& Last() const { return parts.back(); }
    std::string ToString() const;
};

/// A type as written in a column definition or CAST.
struct TypeName {
    Type type;
    SourceRange range;
};

// ---------------------------------------------------------------------------------------------
// Expressions

enum class ExprKind {
    Literal,
    ColumnRef,
    Star, // `*` or `t.*` in a select list, or COUNT(*)
    Unary,
    Binary,
    Call, // functions, aggregates, window functions (TUMBLE/HOP/SESSION), EXTRACT, CURRENT_TIMESTAMP
    Case,
    Cast, // CAST and TRY_CAST
    IsNull,
    InList,
    Between,
    Like,
};

/// Base of all expression nodes.
struct Expr {
    ExprKind kind;
    SourceRange range;

    explicit Expr(ExprKind k) : kind(k) {}
    virtual ~Expr() = default;
};
using ExprPtr = std::unique_ptr<Expr>;

enum class LiteralKind { Null, Boolean, Integer, Decimal, Double, String, Timestamp, Date, Interval };

/// Interval units accepted in `INTERVAL '10' SECOND` / `INTERVAL 10 SECONDS`.
enum class IntervalUnit { Microsecond, Millisecond, Second, Minute, Hour, Day, Week };

/// A literal. `text` is the literal's text without quotes (escapes resolved) for strings, timestamps
/// and dates; the digits for numbers. Numbers with a fraction are Decimal (`4.2`), with an exponent
/// Double (`4.2e3`). Intervals keep their amount in `text` and their unit in `unit`; sema converts.
struct Literal : Expr {
    LiteralKind literal_kind = LiteralKind::Null;
    std::string text;
    bool bool_value = false;
    IntervalUnit unit = IntervalUnit::Second;

    Literal() : Expr(ExprKind::Literal) {}
};

/// A column reference, possibly qualified by a relation alias: `price`, `b.price`.
struct ColumnRef : Expr {
    QualifiedName name;
    ColumnRef() : Expr(ExprKind::ColumnRef) {}
};

/// `*` or `alias.*` in a select list; `*` as the argument of COUNT(*).
struct Star : Expr {
    std::optional<Identifier> qualifier;
    Star() : Expr(ExprKind::Star) {}
};

enum class UnaryOp { Negate, Plus, Not };

/// `-x`, `+x`, `NOT x`.
struct Unary : Expr {
    UnaryOp op = UnaryOp::Negate;
    ExprPtr operand;
    Unary() : Expr(ExprKind::Unary) {}
};

enum class BinaryOp { Add, Sub, Mul, Div, Mod, Concat, Eq, Ne, Lt, Le, Gt, Ge, And, Or };

/// `a op b` for arithmetic, `||`, comparisons, AND and OR.
struct Binary : Expr {
    BinaryOp op = BinaryOp::Add;
    ExprPtr left, right;
    /// Range of the operator token, for diagnostics about the operator itself.
    SourceRange op_range;
    Binary() : Expr(ExprKind::Binary) {}
};

/// A function call. Also: aggregates (`COUNT(DISTINCT x) FILTER (WHERE …)`), `COUNT(*)` (one Star
/// argument), window functions in GROUP BY, `CURRENT_TIMESTAMP` (no parentheses, name
/// "current_timestamp"), and `EXTRACT(field FROM ts)` (name "extract", first argument a String literal
/// holding the upper-case field name).
struct Call : Expr {
    Identifier name;
    std::vector<ExprPtr> args;
    bool distinct = false;
    ExprPtr filter; // FILTER (WHERE …), aggregates only
    Call() : Expr(ExprKind::Call) {}
};

/// One `WHEN … THEN …` of a CASE.
struct WhenClause {
    ExprPtr when;
    ExprPtr then;
};

/// `CASE [operand] WHEN … THEN … [ELSE …] END`.
struct Case : Expr {
    ExprPtr operand; // null for the searched form
    std::vector<WhenClause> whens;
    ExprPtr else_expr; // null when absent
    Case() : Expr(ExprKind::Case) {}
};

/// `CAST(x AS t)` and `TRY_CAST(x AS t)`.
struct Cast : Expr {
    ExprPtr operand;
    TypeName target;
    bool try_cast = false;
    Cast() : Expr(ExprKind::Cast) {}
};

/// `x IS [NOT] NULL`.
struct IsNull : Expr {
    ExprPtr operand;
    bool negated = false; // IS NOT NULL
    IsNull() : Expr(ExprKind::IsNull) {}
};

/// `x [NOT] IN (a, b, ...)`.
struct InList : Expr {
    ExprPtr operand;
    std::vector<ExprPtr> list;
    bool negated = false;
    InList() : Expr(ExprKind::InList) {}
};

/// `x [NOT] BETWEEN low AND high`.
struct Between : Expr {
    ExprPtr operand, low, high;
    bool negated = false;
    Between() : Expr(ExprKind::Between) {}
};

/// `s [NOT] LIKE pattern`.
struct Like : Expr {
    ExprPtr operand, pattern;
    bool negated = false;
    Like() : Expr(ExprKind::Like) {}
};

/// Calls `fn` on every direct subexpression of `e`: operands, arguments, CASE parts, FILTER.
void ForEachChild(const Expr& e, const std::function<void(const Expr&)>& fn);

// ---------------------------------------------------------------------------------------------
// Queries

struct Query;
using QueryPtr = std::unique_ptr<Query>;

/// One item of a select list: an expression with an optional alias, or a star.
struct SelectItem {
    ExprPtr expr; // a Star node for `*` / `t.*`
    std::optional<Identifier> alias;
    SourceRange range;
};

enum class TableRefKind { Named, Subquery, Join, TableFunction };

/// Base of FROM items.
struct TableRef {
    TableRefKind kind;
    SourceRange range;
    explicit TableRef(TableRefKind k) : kind(k) {}
    virtual ~TableRef() = default;
};
using TableRefPtr = std::unique_ptr<TableRef>;

/// `bids`, `bids AS b`, `bids b`.
struct NamedTableRef : TableRef {
    Identifier name;
    std::optional<Identifier> alias;
    NamedTableRef() : TableRef(TableRefKind::Named) {}
};

/// `(query) AS alias`.
struct SubqueryRef : TableRef {
    QueryPtr query;
    Identifier alias;
    SubqueryRef() : TableRef(TableRefKind::Subquery) {}
};

enum class JoinType { Inner, Left, Right, Full, LeftSemi };

/// `left [type] JOIN right ON condition`.
struct JoinRef : TableRef {
    JoinType join_type = JoinType::Inner;
    TableRefPtr left, right;
    ExprPtr on;
    JoinRef() : TableRef(TableRefKind::Join) {}
};

/// Flink-style windowing table functions in FROM: `TUMBLE(bids, ts, INTERVAL '10' SECOND)`,
/// `HOP(bids, ts, slide, size)`. `name` is the function, `input` the relation, `args` the rest.
struct TableFunctionRef : TableRef {
    Identifier name;
    TableRefPtr input;
    std::vector<ExprPtr> args;
    std::optional<Identifier> alias;
    TableFunctionRef() : TableRef(TableRefKind::TableFunction) {}
};

/// `DEDUPLICATE BY (k1, k2) [WITHIN WATERMARK]`.
struct Deduplicate {
    std::vector<ExprPtr> keys;
    bool within_watermark = false;
    SourceRange range;
};

/// One SELECT block.
struct Select {
    bool distinct = false;
    SourceRange distinct_range;
    std::vector<SelectItem> items;
    TableRefPtr from;
    ExprPtr where;
    std::optional<Deduplicate> dedup;
    std::vector<ExprPtr> group_by; // window functions appear here as Calls
    SourceRange group_by_range;
    ExprPtr having;
    SourceRange range;
};

/// One `expr [ASC|DESC] [NULLS FIRST|LAST]` of ORDER BY.
struct OrderItem {
    ExprPtr expr;
    bool descending = false;
    std::optional<bool> nulls_first;
    SourceRange range;
};

/// `WITH name AS (query)`.
struct CommonTableExpr {
    Identifier name;
    QueryPtr query;
    SourceRange range;
};

/// `[WITH …] select {UNION ALL select} [ORDER BY …] [LIMIT n]`.
struct Query {
    std::vector<CommonTableExpr> ctes;
    std::vector<Select> selects;           // more than one: UNION ALL
    std::vector<SourceRange> union_ranges; // the UNION ALL keywords, one per extra select
    std::vector<OrderItem> order_by;
    SourceRange order_by_range;
    ExprPtr limit;
    SourceRange limit_range;
    SourceRange range;
};

// ---------------------------------------------------------------------------------------------
// PROCESS: arbitrary per-key state (flatMapGroupsWithState)

enum class StmtKind { Assign, If, ForEachRow, Emit, SetTimeout, ClearState };

/// Base of handler statements.
struct Stmt {
    StmtKind kind;
    SourceRange range;
    explicit Stmt(StmtKind k) : kind(k) {}
    virtual ~Stmt() = default;
};
using StmtPtr = std::unique_ptr<Stmt>;
using Block = std::vector<StmtPtr>;

/// `state_var = expr;` in a PROCESS handler.
struct AssignStmt : Stmt {
    Identifier target;
    ExprPtr value;
    AssignStmt() : Stmt(StmtKind::Assign) {}
};

/// One `IF`/`ELSEIF` condition with its statements.
struct IfBranch {
    ExprPtr condition;
    Block body;
};

/// `IF c THEN … [ELSEIF c THEN …] [ELSE …] END IF;`
struct IfStmt : Stmt {
    std::vector<IfBranch> branches;
    Block else_body;
    bool has_else = false;
    IfStmt() : Stmt(StmtKind::If) {}
};

/// `FOR EACH ROW { … }`: the body runs once per new row of the key.
struct ForEachRowStmt : Stmt {
    Block body;
    ForEachRowStmt() : Stmt(StmtKind::ForEachRow) {}
};

/// `EMIT (values);`: one output row.
struct EmitStmt : Stmt {
    std::vector<ExprPtr> values;
    EmitStmt() : Stmt(StmtKind::Emit) {}
};

/// `SET TIMEOUT expr;`: (re)arms the key's timeout.
struct SetTimeoutStmt : Stmt {
    ExprPtr at;
    SetTimeoutStmt() : Stmt(StmtKind::SetTimeout) {}
};

/// `CLEAR STATE;`: the key's state variables return to their defaults.
struct ClearStateStmt : Stmt {
    ClearStateStmt() : Stmt(StmtKind::ClearState) {}
};

/// `name TYPE` in a column list.
struct ColumnDef {
    Identifier name;
    TypeName type;
    SourceRange range;
};

/// A state variable: `n BIGINT = 0` (no initializer: NULL).
struct StateVar {
    Identifier name;
    TypeName type;
    ExprPtr init;
    SourceRange range;
};

enum class TimeoutKind { None, EventTime, ProcessingTime };

/// `PROCESS input KEY BY … STATE (…) [TIMEOUT …] ON ROWS {…} [ON TIMEOUT {…}] EMITS (…)`.
struct Process {
    Identifier input;
    std::vector<ExprPtr> keys;
    std::vector<StateVar> state;
    TimeoutKind timeout = TimeoutKind::None;
    SourceRange timeout_range;
    Block on_rows;
    SourceRange on_rows_range;
    Block on_timeout;
    bool has_on_timeout = false;
    SourceRange on_timeout_range;
    std::vector<ColumnDef> emits;
    SourceRange range;
};

/// What a view or sink computes: a query or a PROCESS block (exactly one is set).
struct QueryBody {
    QueryPtr query;
    std::unique_ptr<Process> process;
    SourceRange range;
};

// ---------------------------------------------------------------------------------------------
// Statements

/// `key = literal` in connector, format and query-setting option lists.
struct Option {
    Identifier key;
    ExprPtr value; // a Literal, possibly under a Unary minus
    SourceRange range;
};

/// `FROM kafka (…) FORMAT json (…)` or `INTO file (…) FORMAT csv`.
struct ConnectorSpec {
    Identifier connector;
    std::vector<Option> options;
    SourceRange options_range;
    std::optional<Identifier> format;
    std::vector<Option> format_options;
    SourceRange range;
};

/// `WATERMARK FOR ts AS ts - INTERVAL '4' SECOND`.
struct WatermarkDef {
    Identifier column;
    ExprPtr expr;
    SourceRange range;
};

enum class StatementKind { CreateSource, CreateTable, CreateView, CreateSink };

/// Base of the four statements; `name` is the defined object's name.
struct Statement {
    StatementKind kind;
    Identifier name;
    SourceRange range;
    explicit Statement(StatementKind k) : kind(k) {}
    virtual ~Statement() = default;
};
using StatementPtr = std::unique_ptr<Statement>;

/// `CREATE SOURCE` (a stream) and `CREATE TABLE` (static, read once) share one shape.
struct CreateSource : Statement {
    std::vector<ColumnDef> columns;
    std::optional<WatermarkDef> watermark; // sources only
    ConnectorSpec from;
    explicit CreateSource(StatementKind k = StatementKind::CreateSource) : Statement(k) {}
};

/// `CREATE VIEW name AS query`.
struct CreateView : Statement {
    QueryBody body;
    CreateView() : Statement(StatementKind::CreateView) {}
};

enum class OutputMode { Append, Update, Complete };
enum class TriggerKind { Default, ProcessingTime, Once, AvailableNow, Continuous };

/// A sink's TRIGGER clause.
struct TriggerDef {
    TriggerKind kind = TriggerKind::Default;
    ExprPtr interval; // PROCESSING TIME and CONTINUOUS; an Interval literal
    SourceRange range;
};

/// `CREATE SINK name INTO … [clauses] AS query`.
struct CreateSink : Statement {
    ConnectorSpec into;
    OutputMode output_mode = OutputMode::Append;
    SourceRange output_mode_range; // invalid when not written
    TriggerDef trigger;
    std::optional<std::string> checkpoint;
    SourceRange checkpoint_range;
    std::vector<Option> settings; // WITH (…)
    QueryBody body;
    CreateSink() : Statement(StatementKind::CreateSink) {}
};

/// A parsed `.stream` file.
struct Script {
    std::vector<StatementPtr> statements;
};

} // namespace sluice::ast
