#include "compiler/plan/expr/evaluator.h"

#include <cmath>

#include "runtime/common/value_format.h"

namespace sluice::plan {

namespace {

using std::nullopt;
using std::optional;

// Three-way comparison of two non-NULL values of one type.
optional<int> Compare(const Value& a, const Value& b) {
    switch (a.type.id) {
    case TypeId::Boolean:
        return static_cast<int>(a.b) - static_cast<int>(b.b);
    case TypeId::Double:
        if (std::isnan(a.d) || std::isnan(b.d))
            return nullopt; // NaN ordering is left to run time
        return a.d < b.d ? -1 : a.d > b.d ? 1 : 0;
    case TypeId::Decimal:
        if (a.type.scale != b.type.scale)
            return nullopt;
        return a.dec < b.dec ? -1 : a.dec > b.dec ? 1 : 0;
    case TypeId::String:
        return a.s.compare(b.s) < 0 ? -1 : a.s.compare(b.s) > 0 ? 1 : 0;
    case TypeId::Int:
    case TypeId::BigInt:
    case TypeId::Timestamp:
    case TypeId::Date:
    case TypeId::Interval:
        return a.i < b.i ? -1 : a.i > b.i ? 1 : 0;
    default:
        return nullopt;
    }
}

bool FitsType(int64_t v, TypeId id) {
    return id != TypeId::Int || (v >= INT32_MIN && v <= INT32_MAX);
}

Value IntegerValue(int64_t v, const Type& t) {
    Value out = Value::BigInt(v);
    out.type = t;
    return out;
}

optional<Value> Arithmetic(ExprOp op, const Value& a, const Value& b, const Type& result) {
    if (result.id == TypeId::Double) {
        switch (op) {
        case ExprOp::Add:
            return Value::Double(a.d + b.d);
        case ExprOp::Sub:
            return Value::Double(a.d - b.d);
        case ExprOp::Mul:
            return Value::Double(a.d * b.d);
        case ExprOp::Div:
            return b.d == 0 ? Value::Null(result) : Value::Double(a.d / b.d);
        default:
            return nullopt;
        }
    }
    if (result.IsInteger() || result.id == TypeId::Timestamp || result.id == TypeId::Interval) {
        int64_t r;
        bool overflow = false;
        switch (op) {
        case ExprOp::Add:
            overflow = __builtin_add_overflow(a.i, b.i, &r);
            break;
        case ExprOp::Sub:
            overflow = __builtin_sub_overflow(a.i, b.i, &r);
            break;
        case ExprOp::Mul:
            overflow = __builtin_mul_overflow(a.i, b.i, &r);
            break;
        case ExprOp::Mod:
            if (b.i == 0)
                return Value::Null(result);
            if (b.i == -1)
                r = 0; // avoids INT64_MIN % -1, which traps
            else
                r = a.i % b.i;
            break;
        default:
            return nullopt;
        }
        if (overflow || !FitsType(r, result.id))
            return nullopt;
        return IntegerValue(r, result);
    }
    return nullopt;
}

/// What folding a CAST found: the converted value, a value that does not convert (a run-time error,
/// or NULL for TRY_CAST), or a conversion this evaluator does not cover (left to run time).
struct CastResult {
    enum Kind { Folded, Fails, Unknown } kind;
    Value value;
};

CastResult Folded(Value v) {
    return {CastResult::Folded, std::move(v)};
}
CastResult Parsed(bool ok, Value v) {
    return ok ? Folded(std::move(v)) : CastResult{CastResult::Fails, {}};
}
const CastResult kFails{CastResult::Fails, {}};
const CastResult kUnknown{CastResult::Unknown, {}};

// An unscaled decimal `unscaled * 10^up`, or nothing when it needs more than `precision` digits. The
// magnitude is checked before multiplying so that nothing overflows 128 bits.
optional<sl_decimal> ScaleDecimal(sl_decimal unscaled, int up, int precision) {
    sl_decimal limit = rt::Pow10(precision);
    sl_decimal magnitude = unscaled < 0 ? -unscaled : unscaled;
    if (magnitude >= rt::Pow10(precision - up))
        return nullopt;
    sl_decimal scaled = unscaled * rt::Pow10(up);
    if (scaled >= limit || scaled <= -limit)
        return nullopt;
    return scaled;
}

CastResult CastValue(const Value& v, const Type& to) {
    if (v.is_null)
        return Folded(Value::Null(to));
    const Type& from = v.type;
    if (from == to)
        return Folded(v);
    if (to.id == TypeId::String) {
        switch (from.id) {
        case TypeId::Int:
        case TypeId::BigInt:
            return Folded(Value::String(std::to_string(v.i)));
        case TypeId::Boolean:
            return Folded(Value::String(v.b ? "true" : "false"));
        case TypeId::Double:
            return Folded(Value::String(rt::FormatDouble(v.d)));
        case TypeId::Decimal:
            return Folded(Value::String(rt::FormatDecimal(v.dec, from.scale)));
        case TypeId::Timestamp:
            return Folded(Value::String(rt::FormatTimestamp(v.i)));
        case TypeId::Date:
            return Folded(Value::String(rt::FormatDate(static_cast<int32_t>(v.i))));
        default:
            return kUnknown;
        }
    }
    if (from.id == TypeId::String) {
        switch (to.id) {
        case TypeId::Int: {
            int32_t x = 0;
            bool ok = rt::ParseInt32(v.s, &x);
            return Parsed(ok, Value::Int(x));
        }
        case TypeId::BigInt: {
            int64_t x = 0;
            bool ok = rt::ParseInt64(v.s, &x);
            return Parsed(ok, Value::BigInt(x));
        }
        case TypeId::Double: {
            double x = 0;
            bool ok = rt::ParseDouble(v.s, &x);
            return Parsed(ok, Value::Double(x));
        }
        case TypeId::Timestamp: {
            int64_t x = 0;
            bool ok = rt::ParseTimestamp(v.s, &x);
            return Parsed(ok, Value::Timestamp(x));
        }
        case TypeId::Date: {
            int32_t x = 0;
            bool ok = rt::ParseDate(v.s, &x);
            return Parsed(ok, Value::Date(x));
        }
        default:
            return kUnknown; // BOOLEAN, DECIMAL: the stdlib's rules, at run time
        }
    }
    if (from.IsInteger() && to.IsInteger())
        return FitsType(v.i, to.id) ? Folded(IntegerValue(v.i, to)) : kFails;
    if (from.IsInteger() && to.id == TypeId::Double)
        return Folded(Value::Double(static_cast<double>(v.i)));
    if (from.IsInteger() && to.id == TypeId::Decimal) {
        optional<sl_decimal> d = ScaleDecimal(v.i, to.scale, to.precision);
        return d ? Folded(Value::Decimal(*d, to.precision, to.scale)) : kFails;
    }
    if (from.id == TypeId::Decimal && to.id == TypeId::Decimal && to.scale >= from.scale) {
        optional<sl_decimal> d = ScaleDecimal(v.dec, to.scale - from.scale, to.precision);
        return d ? Folded(Value::Decimal(*d, to.precision, to.scale)) : kFails;
    }
    if (from.id == TypeId::Date && to.id == TypeId::Timestamp)
        return Folded(Value::Timestamp(v.i * rt::kMicrosPerDay));
    return kUnknown;
}

} // namespace

optional<Value> EvaluateConstant(const BoundExpr& e) {
    if (e.kind != BoundKind::Op)
        return nullopt;
    for (const auto& a : e.args)
        if (!a->IsLiteral())
            return nullopt;
    auto arg = [&](size_t i) -> const Value& { return e.args[i]->value; };
    switch (e.op) {
    case ExprOp::And:
    case ExprOp::Or: {
        bool is_and = e.op == ExprOp::And;
        const Value &a = arg(0), &b = arg(1);
        // FALSE dominates AND, TRUE dominates OR, whatever the other side.
        if ((!a.is_null && a.b != is_and) || (!b.is_null && b.b != is_and))
            return Value::Bool(!is_and);
        if (a.is_null || b.is_null)
            return Value::Null(Type::Boolean());
        return Value::Bool(is_and);
    }
    case ExprOp::Not:
        return arg(0).is_null ? Value::Null(Type::Boolean()) : Value::Bool(!arg(0).b);
    case ExprOp::IsNull:
        return Value::Bool(arg(0).is_null);
    case ExprOp::IsNotNull:
        return Value::Bool(!arg(0).is_null);
    case ExprOp::Coalesce:
        for (const auto& a : e.args)
            if (!a->value.is_null)
                return a->value;
        return Value::Null(e.type);
    case ExprOp::Case: {
        size_t pairs = (e.args.size() - (e.has_else ? 1 : 0)) / 2;
        for (size_t i = 0; i < pairs; ++i)
            if (!arg(2 * i).is_null && arg(2 * i).b)
                return arg(2 * i + 1);
        return e.has_else ? arg(e.args.size() - 1) : Value::Null(e.type);
    }
    case ExprOp::Cast:
    case ExprOp::TryCast: {
        // A CAST that fails stays for run time, where the error names the row; TRY_CAST is NULL.
        CastResult r = CastValue(arg(0), e.type);
        if (r.kind == CastResult::Folded)
            return r.value;
        if (r.kind == CastResult::Fails && e.op == ExprOp::TryCast)
            return Value::Null(e.type);
        return nullopt;
    }
    case ExprOp::In: {
        // NULL when x is NULL, or when nothing matches and the list has a NULL.
        if (arg(0).is_null)
            return Value::Null(Type::Boolean());
        bool saw_null = false;
        for (size_t i = 1; i < e.args.size(); ++i) {
            if (arg(i).is_null) {
                saw_null = true;
                continue;
            }
            optional<int> c = Compare(arg(0), arg(i));
            if (!c)
                return nullopt;
            if (*c == 0)
                return Value::Bool(true);
        }
        return saw_null ? Value::Null(Type::Boolean()) : Value::Bool(false);
    }
    default:
        break;
    }
    // Every remaining operator is NULL when an argument is NULL.
    for (const auto& a : e.args)
        if (a->value.is_null)
            return Value::Null(e.type);
    switch (e.op) {
    case ExprOp::Eq:
    case ExprOp::Ne:
    case ExprOp::Lt:
    case ExprOp::Le:
    case ExprOp::Gt:
    case ExprOp::Ge: {
        optional<int> c = Compare(arg(0), arg(1));
        if (!c)
            return nullopt;
        switch (e.op) {
        case ExprOp::Eq:
            return Value::Bool(*c == 0);
        case ExprOp::Ne:
            return Value::Bool(*c != 0);
        case ExprOp::Lt:
            return Value::Bool(*c < 0);
        case ExprOp::Le:
            return Value::Bool(*c <= 0);
        case ExprOp::Gt:
            return Value::Bool(*c > 0);
        default:
            return Value::Bool(*c >= 0);
        }
    }
    case ExprOp::Neg:
        if (e.type.id == TypeId::Double)
            return Value::Double(-arg(0).d);
        if (e.type.IsInteger() || e.type.id == TypeId::Interval) {
            if (arg(0).i == INT64_MIN || !FitsType(-arg(0).i, e.type.id))
                return nullopt;
            return IntegerValue(-arg(0).i, e.type);
        }
        return nullopt;
    case ExprOp::Concat:
        return Value::String(arg(0).s + arg(1).s);
    case ExprOp::Add:
    case ExprOp::Sub:
    case ExprOp::Mul:
    case ExprOp::Div:
    case ExprOp::Mod:
        return Arithmetic(e.op, arg(0), arg(1), e.type);
    default:
        return nullopt;
    }
}

} // namespace sluice::plan
