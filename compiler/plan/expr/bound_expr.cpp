#include "compiler/plan/expr/bound_expr.h"

#include "compiler/common/strings.h"
#include "compiler/sema/function_registry.h"
#include "runtime/common/value_format.h"

namespace sluice::plan {

Value Value::Bool(bool v) {
    Value x{Type::Boolean(), false};
    x.b = v;
    return x;
}
Value Value::Int(int32_t v) {
    Value x{Type::Int(), false};
    x.i = v;
    return x;
}
Value Value::BigInt(int64_t v) {
    Value x{Type::BigInt(), false};
    x.i = v;
    return x;
}
Value Value::Double(double v) {
    Value x{Type::Double(), false};
    x.d = v;
    return x;
}
Value Value::Decimal(__int128 unscaled, uint8_t precision, uint8_t scale) {
    Value x{Type::Decimal(precision, scale), false};
    x.dec = unscaled;
    return x;
}
Value Value::String(std::string v) {
    Value x{Type::String(), false};
    x.s = std::move(v);
    return x;
}
Value Value::Timestamp(int64_t micros) {
    Value x{Type::Timestamp(), false};
    x.i = micros;
    return x;
}
Value Value::Date(int32_t days) {
    Value x{Type::Date(), false};
    x.i = days;
    return x;
}
Value Value::Interval(int64_t micros) {
    Value x{Type::Interval(), false};
    x.i = micros;
    return x;
}

bool Value::operator==(const Value& o) const {
    if (!(type == o.type) || is_null != o.is_null)
        return false;
    if (is_null)
        return true;
    switch (type.id) {
    case TypeId::Boolean:
        return b == o.b;
    case TypeId::Double:
        return d == o.d || (d != d && o.d != o.d);
    case TypeId::Decimal:
        return dec == o.dec;
    case TypeId::String:
        return s == o.s;
    default:
        return i == o.i;
    }
}

std::string Value::ToSql() const {
    if (is_null)
        return "NULL";
    switch (type.id) {
    case TypeId::Null:
        return "NULL";
    case TypeId::Boolean:
        return b ? "TRUE" : "FALSE";
    case TypeId::Int:
    case TypeId::BigInt:
        return std::to_string(i);
    case TypeId::Double:
        return rt::FormatDouble(d);
    case TypeId::Decimal:
        return rt::FormatDecimal(dec, type.scale);
    case TypeId::String:
        return QuoteSql(s);
    case TypeId::Timestamp:
        return "TIMESTAMP '" + rt::FormatTimestamp(i) + "'";
    case TypeId::Date:
        return "DATE '" + rt::FormatDate(static_cast<int32_t>(i)) + "'";
    case TypeId::Interval:
        return rt::FormatInterval(i);
    }
    return "?";
}

const char* ExprOpName(ExprOp op) {
    switch (op) {
    case ExprOp::Add:
        return "+";
    case ExprOp::Sub:
        return "-";
    case ExprOp::Mul:
        return "*";
    case ExprOp::Div:
        return "/";
    case ExprOp::Mod:
        return "%";
    case ExprOp::Neg:
        return "-";
    case ExprOp::Eq:
        return "=";
    case ExprOp::Ne:
        return "<>";
    case ExprOp::Lt:
        return "<";
    case ExprOp::Le:
        return "<=";
    case ExprOp::Gt:
        return ">";
    case ExprOp::Ge:
        return ">=";
    case ExprOp::And:
        return "AND";
    case ExprOp::Or:
        return "OR";
    case ExprOp::Not:
        return "NOT";
    case ExprOp::IsNull:
        return "IS NULL";
    case ExprOp::IsNotNull:
        return "IS NOT NULL";
    case ExprOp::Concat:
        return "||";
    case ExprOp::Like:
        return "LIKE";
    case ExprOp::In:
        return "IN";
    case ExprOp::Case:
        return "CASE";
    case ExprOp::Coalesce:
        return "coalesce";
    case ExprOp::Greatest:
        return "greatest";
    case ExprOp::Least:
        return "least";
    case ExprOp::Cast:
        return "CAST";
    case ExprOp::TryCast:
        return "TRY_CAST";
    case ExprOp::Function:
        return "function";
    case ExprOp::BatchTimestamp:
        return "current_timestamp";
    case ExprOp::Aggregate:
        return "aggregate";
    }
    return "?";
}

const char* AggregateKindName(AggregateKind k) {
    switch (k) {
    case AggregateKind::CountStar:
        return "count";
    case AggregateKind::Count:
        return "count";
    case AggregateKind::CountDistinct:
        return "count";
    case AggregateKind::Sum:
        return "sum";
    case AggregateKind::Min:
        return "min";
    case AggregateKind::Max:
        return "max";
    case AggregateKind::Avg:
        return "avg";
    case AggregateKind::MinBy:
        return "min_by";
    case AggregateKind::MaxBy:
        return "max_by";
    case AggregateKind::ApproxCountDistinct:
        return "approx_count_distinct";
    }
    return "?";
}

BoundExprPtr BoundExpr::Column(int index, std::string name, Type type, SourceRange range) {
    auto e = std::make_unique<BoundExpr>();
    e->kind = BoundKind::ColumnRef;
    e->column = index;
    e->column_name = std::move(name);
    e->type = type;
    e->range = range;
    return e;
}

BoundExprPtr BoundExpr::Literal(Value v, SourceRange range) {
    auto e = std::make_unique<BoundExpr>();
    e->kind = BoundKind::Literal;
    e->type = v.type;
    e->value = std::move(v);
    e->range = range;
    return e;
}

BoundExprPtr BoundExpr::MakeOp(ExprOp op, Type type, std::vector<BoundExprPtr> args, SourceRange range) {
    auto e = std::make_unique<BoundExpr>();
    e->kind = BoundKind::Op;
    e->op = op;
    e->type = type;
    e->args = std::move(args);
    e->range = range;
    return e;
}

BoundExprPtr BoundExpr::Clone() const {
    auto e = std::make_unique<BoundExpr>();
    e->kind = kind;
    e->type = type;
    e->range = range;
    e->column = column;
    e->column_name = column_name;
    e->value = value;
    e->op = op;
    e->has_else = has_else;
    e->function = function;
    e->aggregate = aggregate;
    e->has_filter = has_filter;
    for (const auto& a : args)
        e->args.push_back(a->Clone());
    return e;
}

std::string BoundExpr::ToString() const {
    switch (kind) {
    case BoundKind::ColumnRef:
        return column_name.empty() ? "#" + std::to_string(column) : column_name;
    case BoundKind::Literal:
        return value.ToSql();
    case BoundKind::Op:
        break;
    }
    auto arg = [this](size_t i) { return args[i]->ToString(); };
    switch (op) {
    case ExprOp::Neg:
        return "(-" + arg(0) + ")";
    case ExprOp::Not:
        return "(NOT " + arg(0) + ")";
    case ExprOp::IsNull:
    case ExprOp::IsNotNull:
        return "(" + arg(0) + " " + ExprOpName(op) + ")";
    case ExprOp::In: {
        std::vector<std::string> items;
        for (size_t i = 1; i < args.size(); ++i)
            items.push_back(arg(i));
        return "(" + arg(0) + " IN (" + Join(items, ", ") + "))";
    }
    case ExprOp::Case: {
        std::string out = "CASE";
        size_t pairs = (args.size() - (has_else ? 1 : 0)) / 2;
        for (size_t i = 0; i < pairs; ++i)
            out += " WHEN " + arg(2 * i) + " THEN " + arg(2 * i + 1);
        if (has_else)
            out += " ELSE " + arg(args.size() - 1);
        return out + " END";
    }
    case ExprOp::Cast:
    case ExprOp::TryCast:
        return std::string(ExprOpName(op)) + "(" + arg(0) + " AS " + type.ToString() + ")";
    case ExprOp::BatchTimestamp:
        return "current_timestamp()";
    case ExprOp::Aggregate: {
        const size_t n = args.size() - (has_filter ? 1 : 0);
        std::string out = std::string(AggregateKindName(aggregate)) + "(";
        if (aggregate == AggregateKind::CountStar)
            out += "*";
        if (aggregate == AggregateKind::CountDistinct)
            out += "DISTINCT ";
        for (size_t i = 0; i < n; ++i)
            out += (i ? ", " : "") + arg(i);
        out += ")";
        if (has_filter)
            out += " FILTER (WHERE " + arg(n) + ")";
        return out;
    }
    case ExprOp::Coalesce:
    case ExprOp::Greatest:
    case ExprOp::Least:
    case ExprOp::Function: {
        std::vector<std::string> items;
        for (size_t i = 0; i < args.size(); ++i)
            items.push_back(arg(i));
        std::string name = op == ExprOp::Function ? ToLower(function->name) : ExprOpName(op);
        return name + "(" + Join(items, ", ") + ")";
    }
    default:
        return "(" + arg(0) + " " + ExprOpName(op) + " " + arg(1) + ")";
    }
}

void BoundExpr::CollectColumns(std::vector<int>& out) const {
    if (kind == BoundKind::ColumnRef)
        out.push_back(column);
    for (const auto& a : args)
        a->CollectColumns(out);
}

void BoundExpr::RemapColumns(const std::vector<int>& mapping) {
    if (kind == BoundKind::ColumnRef)
        column = mapping.at(column);
    for (auto& a : args)
        a->RemapColumns(mapping);
}

} // namespace sluice::plan
