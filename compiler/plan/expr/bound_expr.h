#pragma once

// Bound expressions: names resolved to column indexes, types checked, implicit conversions made
// explicit as Cast nodes, functions resolved to one overload. What codegen compiles and the
// optimizer rewrites. Plain data: a tree of BoundExpr owned through unique_ptr.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "compiler/common/source.h"
#include "compiler/types/type.h"

namespace sluice {
struct FunctionInfo;
}

namespace sluice::plan {

/// A constant of a SQL type. `i` holds INT, BIGINT, TIMESTAMP (µs), DATE (days) and INTERVAL (µs).
struct Value {
    Type type;
    bool is_null = true;
    bool b = false;
    int64_t i = 0;
    double d = 0;
    __int128 dec = 0; // DECIMAL: unscaled
    std::string s;

    static Value Null(Type t) {
        Value v;
        v.type = t;
        return v;
    }
    static Value Bool(bool v);
    static Value Int(int32_t v);
    static Value BigInt(int64_t v);
    static Value Double(double v);
    static Value Decimal(__int128 unscaled, uint8_t precision, uint8_t scale);
    static Value String(std::string v);
    static Value Timestamp(int64_t micros);
    static Value Date(int32_t days);
    static Value Interval(int64_t micros);

    bool operator==(const Value& o) const;
    /// SQL literal text: `42`, `'a''b'`, `TIMESTAMP '2026-01-01 00:00:00'`, `NULL`.
    std::string ToSql() const;
};

enum class BoundKind { ColumnRef, Literal, Op };

/// The aggregate functions. COUNT(*) is CountStar (no args); MIN_BY(x, y) has args [x, y].
enum class AggregateKind {
    CountStar,
    Count,
    CountDistinct,
    Sum,
    Min,
    Max,
    Avg,
    MinBy,
    MaxBy,
    ApproxCountDistinct
};

const char* AggregateKindName(AggregateKind k);

/// Operators and special forms. Operand types after binding:
///   Add/Sub/Mul/Mod: both operands of the result type; except TIMESTAMP ± INTERVAL -> TIMESTAMP,
///     TIMESTAMP - TIMESTAMP -> INTERVAL, INTERVAL * BIGINT -> INTERVAL, and DECIMAL Mul, whose result
///     scale is the sum of the operand scales.
///   Div: DOUBLE / DOUBLE -> DOUBLE (integers are cast to DOUBLE first, as in Spark); DECIMAL / DECIMAL ->
///     DECIMAL(38, max(6, s1)). Division by zero gives NULL.
///   Mod: integer % integer -> the integer type (sign of the dividend); by zero gives NULL.
///   Eq..Ge: both operands of one type. And/Or/Not: BOOLEAN, three-valued.
///   Concat: STRING || STRING. Like: STRING LIKE STRING (pattern), negation is a Not above it.
///   In: args[0] IN (args[1..]), all of one type; NULL semantics of SQL.
///   Case: args = [when1, then1, when2, then2, ...] plus a trailing else when `has_else`.
///   Coalesce: first non-NULL argument. Greatest/Least: NULLs skipped (NULL only when all are NULL).
///   Cast / TryCast: args[0] converted to `type`.
///   Function: a stdlib call; `function` names the overload, args already have its parameter types.
///   BatchTimestamp: CURRENT_TIMESTAMP / NOW() / PROCTIME(), the batch's timestamp.
///   Aggregate: an aggregate call while a select list of an aggregation is bound (`aggregate`; args,
///     then the FILTER condition when `has_filter`); the binder replaces it by a column of the
///     aggregation before the plan is built.
enum class ExprOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Neg,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
    Not,
    IsNull,
    IsNotNull,
    Concat,
    Like,
    In,
    Case,
    Coalesce,
    Greatest,
    Least,
    Cast,
    TryCast,
    Function,
    BatchTimestamp,
    Aggregate,
};

const char* ExprOpName(ExprOp op);

struct BoundExpr;
using BoundExprPtr = std::unique_ptr<BoundExpr>;

/// A bound, typed expression.
struct BoundExpr {
    BoundKind kind = BoundKind::Literal;
    Type type;
    SourceRange range;

    int column = -1;         // ColumnRef: index into the evaluating operator's input schema
    std::string column_name; // ColumnRef: for explain and errors
    Value value;             // Literal
    ExprOp op = ExprOp::Add; // Op
    std::vector<BoundExprPtr> args;
    bool has_else = false;                              // Case
    const FunctionInfo* function = nullptr;             // Function
    AggregateKind aggregate = AggregateKind::CountStar; // Aggregate
    bool has_filter = false;                            // Aggregate

    static BoundExprPtr Column(int index, std::string name, Type type, SourceRange range = {});
    static BoundExprPtr Literal(Value v, SourceRange range = {});
    static BoundExprPtr MakeOp(ExprOp op, Type type, std::vector<BoundExprPtr> args, SourceRange range = {});

    BoundExprPtr Clone() const;
    /// True when the expression is a literal (of any value).
    bool IsLiteral() const { return kind == BoundKind::Literal; }
    /// Deterministic text for explain: `(price > 100)`, `upper(channel)`, `#2:price`.
    std::string ToString() const;
    /// Adds the column indexes this expression reads to `out`.
    void CollectColumns(std::vector<int>& out) const;
    /// Rewrites every column index c to mapping[c] (mapping[c] < 0 must not be referenced).
    void RemapColumns(const std::vector<int>& mapping);
};

} // namespace sluice::plan
