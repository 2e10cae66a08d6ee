#include "compiler/sema/expr_binder.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <set>

#include "compiler/common/strings.h"
#include "compiler/parse/literal_values.h"
#include "compiler/sema/function_registry.h"
#include "runtime/common/batch.h"
#include "runtime/common/exec_context.h"
#include "runtime/common/value_format.h"
#include "sluice/stdlib.h"

namespace sluice::sema {

using plan::BoundExpr;
using plan::BoundExprPtr;
using plan::ExprOp;
using plan::Value;

namespace {

const std::set<std::string> kAggregates = {"COUNT", "SUM",    "MIN",    "MAX",
                                           "AVG",   "MIN_BY", "MAX_BY", "APPROX_COUNT_DISTINCT"};
const std::set<std::string> kWindowFunctions = {"TUMBLE", "HOP", "SESSION"};

// Implicit-widening cost of a value of `from` going to `to` (0 = exact), or -1 when not allowed.
int WidenCost(const Type& from, const Type& to) {
    if (from == to || from.IsNull())
        return 0;
    if (from.id == to.id && from.id == TypeId::Decimal)
        return CanWiden(from, to) ? 1 : -1;
    if (!CanWiden(from, to))
        return -1;
    return NumericRank(to.id) - NumericRank(from.id);
}

Type TokenType(fndef::TypeToken t) {
    return TokenToType(t).value_or(Type::Null());
}

std::string TokenName(fndef::TypeToken t) {
    switch (t) {
    case fndef::DECIMAL:
        return "DECIMAL";
    case fndef::ANY:
        return "ANY";
    case fndef::NUMERIC:
        return "NUMERIC";
    default:
        return TokenType(t).ToString();
    }
}

std::string Signature(const FunctionInfo& f) {
    std::vector<std::string> args;
    for (auto a : f.args)
        args.push_back(TokenName(a));
    if (f.variadic())
        args.push_back("...");
    return std::string(f.name) + "(" + Join(args, ", ") + ")";
}

bool IsNullLiteral(const BoundExpr& e) {
    return e.kind == plan::BoundKind::Literal && e.value.is_null;
}

} // namespace

BoundExprPtr ExprBinder::Coerce(BoundExprPtr e, const Type& target) {
    if (!e || e->type == target)
        return e;
    if (IsNullLiteral(*e))
        return BoundExpr::Literal(Value::Null(target), e->range);
    SourceRange range = e->range;
    std::vector<BoundExprPtr> args;
    args.push_back(std::move(e));
    return BoundExpr::MakeOp(ExprOp::Cast, target, std::move(args), range);
}

BoundExprPtr ExprBinder::Negated(BoundExprPtr e, bool negate) {
    if (!negate || !e)
        return e;
    SourceRange range = e->range;
    std::vector<BoundExprPtr> args;
    args.push_back(std::move(e));
    return BoundExpr::MakeOp(ExprOp::Not, Type::Boolean(), std::move(args), range);
}

BoundExprPtr ExprBinder::BindCondition(const ast::Expr& expr, const Scope& scope, const char* clause) {
    BoundExprPtr e = Bind(expr, scope);
    if (!e)
        return nullptr;
    if (e->type.IsNull())
        return Coerce(std::move(e), Type::Boolean());
    if (e->type.id != TypeId::Boolean) {
        diags_.Error(DiagCode::E0304, expr.range,
                     std::string("the ") + clause + " condition must be BOOLEAN, not " + e->type.ToString());
        return nullptr;
    }
    return e;
}

BoundExprPtr ExprBinder::Bind(const ast::Expr& expr, const Scope& scope) {
    BoundExprPtr out;
    switch (expr.kind) {
    case ast::ExprKind::Literal:
        out = BindLiteral(static_cast<const ast::Literal&>(expr));
        break;
    case ast::ExprKind::ColumnRef:
        out = BindColumn(static_cast<const ast::ColumnRef&>(expr), scope);
        break;
    case ast::ExprKind::Star:
        diags_.Error(DiagCode::E0301, expr.range, "'*' is only allowed in a select list or in COUNT(*)");
        return nullptr;
    case ast::ExprKind::Unary:
        out = BindUnary(static_cast<const ast::Unary&>(expr), scope);
        break;
    case ast::ExprKind::Binary:
        out = BindBinary(static_cast<const ast::Binary&>(expr), scope);
        break;
    case ast::ExprKind::Call:
        out = BindCall(static_cast<const ast::Call&>(expr), scope);
        break;
    case ast::ExprKind::Case:
        out = BindCase(static_cast<const ast::Case&>(expr), scope);
        break;
    case ast::ExprKind::Cast:
        out = BindCast(static_cast<const ast::Cast&>(expr), scope);
        break;
    case ast::ExprKind::IsNull: {
        auto& e = static_cast<const ast::IsNull&>(expr);
        BoundExprPtr operand = Bind(*e.operand, scope);
        if (!operand)
            return nullptr;
        std::vector<BoundExprPtr> args;
        args.push_back(std::move(operand));
        out = BoundExpr::MakeOp(e.negated ? ExprOp::IsNotNull : ExprOp::IsNull, Type::Boolean(),
                                std::move(args));
        break;
    }
    case ast::ExprKind::InList:
        out = BindInList(static_cast<const ast::InList&>(expr), scope);
        break;
    case ast::ExprKind::Between:
        out = BindBetween(static_cast<const ast::Between&>(expr), scope);
        break;
    case ast::ExprKind::Like:
        out = BindLike(static_cast<const ast::Like&>(expr), scope);
        break;
    }
    if (out)
        out->range = expr.range;
    return out;
}

BoundExprPtr ExprBinder::BindLiteral(const ast::Literal& lit) {
    auto invalid = [&](const std::string& what) -> BoundExprPtr {
        diags_.Error(DiagCode::E0102, lit.range, "'" + lit.text + "' is not a valid " + what);
        return nullptr;
    };
    switch (lit.literal_kind) {
    case ast::LiteralKind::Null:
        return BoundExpr::Literal(Value::Null(Type::Null()));
    case ast::LiteralKind::Boolean:
        return BoundExpr::Literal(Value::Bool(lit.bool_value));
    case ast::LiteralKind::Integer: {
        int64_t v;
        if (rt::ParseInt64(lit.text, &v)) {
            if (v >= INT32_MIN && v <= INT32_MAX)
                return BoundExpr::Literal(Value::Int(static_cast<int32_t>(v)));
            return BoundExpr::Literal(Value::BigInt(v));
        }
        std::string digits = lit.text;
        digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size() - 1));
        sl_decimal d;
        if (digits.size() > Type::kMaxDecimalPrecision || !rt::ParseDecimal(digits, 38, 0, &d))
            return invalid("number (more than 38 digits)");
        return BoundExpr::Literal(Value::Decimal(d, static_cast<uint8_t>(digits.size()), 0));
    }
    case ast::LiteralKind::Decimal: {
        size_t dot = lit.text.find('.');
        std::string int_part = lit.text.substr(0, dot);
        std::string frac = dot == std::string::npos ? "" : lit.text.substr(dot + 1);
        int_part.erase(0, int_part.find_first_not_of('0'));
        int scale = static_cast<int>(frac.size());
        int precision = std::max<int>(1, static_cast<int>(int_part.size()) + scale);
        sl_decimal d;
        if (precision > Type::kMaxDecimalPrecision || !rt::ParseDecimal(lit.text, precision, scale, &d))
            return invalid("DECIMAL (at most 38 digits)");
        return BoundExpr::Literal(
            Value::Decimal(d, static_cast<uint8_t>(precision), static_cast<uint8_t>(scale)));
    }
    case ast::LiteralKind::Double: {
        double v;
        if (!rt::ParseDouble(lit.text, &v) || std::isinf(v))
            return invalid("DOUBLE");
        return BoundExpr::Literal(Value::Double(v));
    }
    case ast::LiteralKind::String:
        return BoundExpr::Literal(Value::String(lit.text));
    case ast::LiteralKind::Timestamp: {
        int64_t micros;
        if (!rt::ParseTimestamp(lit.text, &micros))
            return invalid("TIMESTAMP (expected 'YYYY-MM-DD HH:MM:SS[.ffffff]')");
        return BoundExpr::Literal(Value::Timestamp(micros));
    }
    case ast::LiteralKind::Date: {
        int32_t days;
        if (!rt::ParseDate(lit.text, &days))
            return invalid("DATE (expected 'YYYY-MM-DD')");
        return BoundExpr::Literal(Value::Date(days));
    }
    case ast::LiteralKind::Interval: {
        std::optional<int64_t> micros = parse::IntervalMicros(lit.text, lit.unit);
        if (!micros)
            return invalid("INTERVAL amount");
        return BoundExpr::Literal(Value::Interval(*micros));
    }
    }
    return nullptr;
}

BoundExprPtr ExprBinder::BindColumn(const ast::ColumnRef& ref, const Scope& scope) {
    const auto& parts = ref.name.parts;
    std::string name = parts.back().Key();
    std::string qualifier = parts.size() > 1 ? parts[parts.size() - 2].Key() : "";
    std::vector<int> matches;
    for (size_t i = 0; i < scope.columns.size(); ++i) {
        const ScopeColumn& c = scope.columns[i];
        bool name_matches = parts.back().quoted ? c.name == parts.back().text : ToLower(c.name) == name;
        if (name_matches && (qualifier.empty() || c.qualifier == qualifier))
            matches.push_back(static_cast<int>(i));
    }
    if (matches.size() == 1) {
        const ScopeColumn& c = scope.columns[matches[0]];
        return BoundExpr::Column(matches[0], c.name, c.type, ref.range);
    }
    if (matches.empty()) {
        bool qualifier_known = qualifier.empty();
        std::vector<std::string> candidates;
        for (const ScopeColumn& c : scope.columns) {
            if (!qualifier.empty() && c.qualifier != qualifier)
                continue;
            qualifier_known = true;
            candidates.push_back(c.name);
        }
        if (!qualifier_known) {
            diags_.Error(DiagCode::E0202, parts[parts.size() - 2].range,
                         "'" + parts[parts.size() - 2].text + "' is not a relation of the FROM clause");
            return nullptr;
        }
        Diagnostic& d =
            diags_.Error(DiagCode::E0201, ref.range,
                         "column '" + ref.name.ToString() + "' not found in " + scope.description);
        std::string suggestion = SuggestName(parts.back().text, candidates);
        if (!suggestion.empty())
            d.notes.push_back({"did you mean '" + suggestion + "'?", {}});
        return nullptr;
    }
    Diagnostic& d = diags_.Error(DiagCode::E0204, ref.range,
                                 "column '" + ref.name.ToString() + "' is ambiguous in " + scope.description);
    std::vector<std::string> options;
    for (int m : matches)
        options.push_back(scope.columns[m].qualifier + "." + scope.columns[m].name);
    d.notes.push_back({"it could be " + Join(options, " or ") + "; qualify it", {}});
    return nullptr;
}

BoundExprPtr ExprBinder::BindUnary(const ast::Unary& e, const Scope& scope) {
    BoundExprPtr operand = Bind(*e.operand, scope);
    if (!operand)
        return nullptr;
    switch (e.op) {
    case ast::UnaryOp::Plus:
        if (!operand->type.IsNumeric() && operand->type.id != TypeId::Interval && !operand->type.IsNull()) {
            diags_.Error(DiagCode::E0301, e.range, "unary + needs a number, not " + operand->type.ToString());
            return nullptr;
        }
        return operand;
    case ast::UnaryOp::Negate: {
        if (operand->type.IsNull())
            operand = Coerce(std::move(operand), Type::Int());
        if (!operand->type.IsNumeric() && operand->type.id != TypeId::Interval) {
            diags_.Error(DiagCode::E0301, e.range, "unary - needs a number, not " + operand->type.ToString());
            return nullptr;
        }
        Type t = operand->type;
        std::vector<BoundExprPtr> args;
        args.push_back(std::move(operand));
        return BoundExpr::MakeOp(ExprOp::Neg, t, std::move(args));
    }
    case ast::UnaryOp::Not: {
        if (operand->type.IsNull())
            operand = Coerce(std::move(operand), Type::Boolean());
        if (operand->type.id != TypeId::Boolean) {
            diags_.Error(DiagCode::E0301, e.range, "NOT needs a BOOLEAN, not " + operand->type.ToString());
            return nullptr;
        }
        return Negated(std::move(operand), true);
    }
    }
    return nullptr;
}

BoundExprPtr ExprBinder::BindBinary(const ast::Binary& e, const Scope& scope) {
    BoundExprPtr l = Bind(*e.left, scope);
    BoundExprPtr r = Bind(*e.right, scope);
    if (!l || !r)
        return nullptr;
    auto two = [&](ExprOp op, Type t) {
        std::vector<BoundExprPtr> args;
        args.push_back(std::move(l));
        args.push_back(std::move(r));
        return BoundExpr::MakeOp(op, t, std::move(args));
    };
    switch (e.op) {
    case ast::BinaryOp::And:
    case ast::BinaryOp::Or: {
        const char* word = e.op == ast::BinaryOp::And ? "AND" : "OR";
        for (BoundExprPtr* side : {&l, &r}) {
            if ((*side)->type.IsNull())
                *side = Coerce(std::move(*side), Type::Boolean());
            if ((*side)->type.id != TypeId::Boolean) {
                diags_.Error(DiagCode::E0301, (*side)->range,
                             std::string(word) + " needs BOOLEAN operands, not " + (*side)->type.ToString());
                return nullptr;
            }
        }
        return two(e.op == ast::BinaryOp::And ? ExprOp::And : ExprOp::Or, Type::Boolean());
    }
    case ast::BinaryOp::Concat:
        for (BoundExprPtr* side : {&l, &r}) {
            if ((*side)->type.IsNull())
                *side = Coerce(std::move(*side), Type::String());
            if ((*side)->type.id != TypeId::String) {
                diags_.Error(DiagCode::E0301, (*side)->range,
                             "|| needs STRING operands, not " + (*side)->type.ToString() +
                                 "; convert with CAST(... AS STRING)");
                return nullptr;
            }
        }
        return two(ExprOp::Concat, Type::String());
    case ast::BinaryOp::Eq:
        return BindComparison(ExprOp::Eq, std::move(l), std::move(r), e.range, e.op_range);
    case ast::BinaryOp::Ne:
        return BindComparison(ExprOp::Ne, std::move(l), std::move(r), e.range, e.op_range);
    case ast::BinaryOp::Lt:
        return BindComparison(ExprOp::Lt, std::move(l), std::move(r), e.range, e.op_range);
    case ast::BinaryOp::Le:
        return BindComparison(ExprOp::Le, std::move(l), std::move(r), e.range, e.op_range);
    case ast::BinaryOp::Gt:
        return BindComparison(ExprOp::Gt, std::move(l), std::move(r), e.range, e.op_range);
    case ast::BinaryOp::Ge:
        return BindComparison(ExprOp::Ge, std::move(l), std::move(r), e.range, e.op_range);
    default:
        return BindArithmetic(e, std::move(l), std::move(r));
    }
}

BoundExprPtr ExprBinder::BindArithmetic(const ast::Binary& e, BoundExprPtr l, BoundExprPtr r) {
    ExprOp op = e.op == ast::BinaryOp::Add   ? ExprOp::Add
                : e.op == ast::BinaryOp::Sub ? ExprOp::Sub
                : e.op == ast::BinaryOp::Mul ? ExprOp::Mul
                : e.op == ast::BinaryOp::Div ? ExprOp::Div
                                             : ExprOp::Mod;
    const char* symbol = plan::ExprOpName(op);
    auto make = [&](Type t) {
        std::vector<BoundExprPtr> args;
        args.push_back(std::move(l));
        args.push_back(std::move(r));
        return BoundExpr::MakeOp(op, t, std::move(args));
    };
    auto mismatch = [&]() -> BoundExprPtr {
        diags_.Error(DiagCode::E0301, e.op_range,
                     std::string("cannot apply ") + symbol + " to " + l->type.ToString() + " and " +
                         r->type.ToString());
        return nullptr;
    };
    TypeId lt = l->type.id, rt_ = r->type.id;
    // NULL takes the other side's type (or INT when both are NULL).
    if (l->type.IsNull() && r->type.IsNull()) {
        l = Coerce(std::move(l), Type::Int());
        r = Coerce(std::move(r), Type::Int());
    } else if (l->type.IsNull()) {
        l = Coerce(std::move(l), r->type.id == TypeId::Timestamp ? Type::Interval() : r->type);
    } else if (r->type.IsNull()) {
        r = Coerce(std::move(r), l->type.id == TypeId::Timestamp ? Type::Interval() : l->type);
    }
    lt = l->type.id;
    rt_ = r->type.id;

    // Time arithmetic.
    if (lt == TypeId::Date && rt_ == TypeId::Interval && (op == ExprOp::Add || op == ExprOp::Sub)) {
        l = Coerce(std::move(l), Type::Timestamp());
        lt = TypeId::Timestamp;
    }
    if (lt == TypeId::Timestamp || rt_ == TypeId::Timestamp || lt == TypeId::Interval ||
        rt_ == TypeId::Interval) {
        if (op == ExprOp::Add && lt == TypeId::Interval && rt_ == TypeId::Timestamp)
            std::swap(l, r);
        lt = l->type.id;
        rt_ = r->type.id;
        if ((op == ExprOp::Add || op == ExprOp::Sub) && lt == TypeId::Timestamp && rt_ == TypeId::Interval)
            return make(Type::Timestamp());
        if (op == ExprOp::Sub && lt == TypeId::Timestamp && rt_ == TypeId::Timestamp)
            return make(Type::Interval());
        if ((op == ExprOp::Add || op == ExprOp::Sub) && lt == TypeId::Interval && rt_ == TypeId::Interval)
            return make(Type::Interval());
        if (op == ExprOp::Mul && (lt == TypeId::Interval) != (rt_ == TypeId::Interval)) {
            if (rt_ == TypeId::Interval)
                std::swap(l, r);
            if (!r->type.IsInteger())
                return mismatch();
            r = Coerce(std::move(r), Type::BigInt());
            return make(Type::Interval());
        }
        return mismatch();
    }
    if (!l->type.IsNumeric() || !r->type.IsNumeric())
        return mismatch();

    if (op == ExprOp::Mod) {
        if (!l->type.IsInteger() || !r->type.IsInteger()) {
            diags_.Error(DiagCode::E0301, e.op_range,
                         "% needs integer operands, not " + l->type.ToString() + " and " +
                             r->type.ToString());
            return nullptr;
        }
        Type t = *CommonType(l->type, r->type);
        l = Coerce(std::move(l), t);
        r = Coerce(std::move(r), t);
        return make(t);
    }
    bool any_double = lt == TypeId::Double || rt_ == TypeId::Double;
    bool any_decimal = lt == TypeId::Decimal || rt_ == TypeId::Decimal;
    if (op == ExprOp::Div) {
        // Spark: `/` is fractional division; integers divide as DOUBLE.
        if (any_double || !any_decimal) {
            l = Coerce(std::move(l), Type::Double());
            r = Coerce(std::move(r), Type::Double());
            return make(Type::Double());
        }
        Type dl = lt == TypeId::Decimal ? l->type : DecimalFor(l->type);
        Type dr = rt_ == TypeId::Decimal ? r->type : DecimalFor(r->type);
        l = Coerce(std::move(l), dl);
        r = Coerce(std::move(r), dr);
        return make(Type::Decimal(38, static_cast<uint8_t>(std::max<int>(6, dl.scale))));
    }
    if (any_double || !any_decimal) {
        Type t = *CommonType(l->type, r->type);
        l = Coerce(std::move(l), t);
        r = Coerce(std::move(r), t);
        return make(t);
    }
    if (op == ExprOp::Mul) {
        Type dl = lt == TypeId::Decimal ? l->type : DecimalFor(l->type);
        Type dr = rt_ == TypeId::Decimal ? r->type : DecimalFor(r->type);
        int scale = dl.scale + dr.scale;
        if (scale > Type::kMaxDecimalPrecision) {
            diags_.Error(DiagCode::E0306, e.op_range,
                         "the product of " + dl.ToString() + " and " + dr.ToString() +
                             " needs more than 38 decimal places; CAST an operand to fewer places");
            return nullptr;
        }
        int precision = std::min<int>(Type::kMaxDecimalPrecision, dl.precision + dr.precision + 1);
        l = Coerce(std::move(l), dl);
        r = Coerce(std::move(r), dr);
        return make(
            Type::Decimal(static_cast<uint8_t>(std::max(precision, scale)), static_cast<uint8_t>(scale)));
    }
    // Add / Sub on decimals: operands at one scale, one more integer digit for the carry.
    Type common = *CommonType(l->type, r->type);
    l = Coerce(std::move(l), common);
    r = Coerce(std::move(r), common);
    return make(Type::Decimal(
        static_cast<uint8_t>(std::min<int>(Type::kMaxDecimalPrecision, common.precision + 1)), common.scale));
}

BoundExprPtr ExprBinder::BindComparison(ExprOp op, BoundExprPtr l, BoundExprPtr r, SourceRange range,
                                        SourceRange op_range) {
    // A string literal compared with a timestamp or date reads as that type (`ts > '2026-01-01'`).
    for (int pass = 0; pass < 2; ++pass) {
        BoundExprPtr& lit = pass == 0 ? l : r;
        const BoundExprPtr& other = pass == 0 ? r : l;
        if (lit->kind == plan::BoundKind::Literal && lit->type.id == TypeId::String && !lit->value.is_null &&
            (other->type.id == TypeId::Timestamp || other->type.id == TypeId::Date)) {
            int64_t micros;
            int32_t days;
            if (other->type.id == TypeId::Timestamp && rt::ParseTimestamp(lit->value.s, &micros)) {
                lit = BoundExpr::Literal(Value::Timestamp(micros), lit->range);
            } else if (other->type.id == TypeId::Date && rt::ParseDate(lit->value.s, &days)) {
                lit = BoundExpr::Literal(Value::Date(days), lit->range);
            } else {
                diags_.Error(DiagCode::E0102, lit->range,
                             "'" + lit->value.s + "' is not a valid " + other->type.ToString());
                return nullptr;
            }
        }
    }
    if (l->type.id == TypeId::Date && r->type.id == TypeId::Timestamp)
        l = Coerce(std::move(l), Type::Timestamp());
    if (r->type.id == TypeId::Date && l->type.id == TypeId::Timestamp)
        r = Coerce(std::move(r), Type::Timestamp());
    std::optional<Type> common = CommonType(l->type, r->type);
    if (!common) {
        diags_.Error(DiagCode::E0301, op_range,
                     std::string("cannot compare ") + l->type.ToString() + " with " + r->type.ToString());
        return nullptr;
    }
    Type t = common->IsNull() ? Type::Boolean() : *common;
    l = Coerce(std::move(l), t);
    r = Coerce(std::move(r), t);
    std::vector<BoundExprPtr> args;
    args.push_back(std::move(l));
    args.push_back(std::move(r));
    return BoundExpr::MakeOp(op, Type::Boolean(), std::move(args), range);
}

bool ExprBinder::UnifyTypes(std::vector<BoundExprPtr>& exprs, const char* what, SourceRange range) {
    Type t = Type::Null();
    for (const auto& e : exprs) {
        std::optional<Type> c = CommonType(t, e->type);
        if (!c) {
            diags_.Error(DiagCode::E0307, e->range,
                         std::string(what) + ": " + t.ToString() + " and " + e->type.ToString() +
                             " have no common type");
            return false;
        }
        t = *c;
    }
    for (auto& e : exprs)
        e = Coerce(std::move(e), t);
    return true;
}

bool ExprBinder::ContainsAggregate(const ast::Expr& expr) {
    if (expr.kind == ast::ExprKind::Call &&
        kAggregates.count(ToUpper(static_cast<const ast::Call&>(expr).name.text)))
        return true;
    bool found = false;
    ast::ForEachChild(expr, [&](const ast::Expr& child) { found = found || ContainsAggregate(child); });
    return found;
}

bool ExprBinder::IsWindowFunction(const std::string& name) {
    return kWindowFunctions.count(ToUpper(name)) > 0;
}

BoundExprPtr ExprBinder::BindAggregate(const ast::Call& call, const std::string& name, const Scope& scope) {
    if (in_aggregate_) {
        diags_.Error(DiagCode::E0308, call.range, "an aggregate function cannot contain another one");
        return nullptr;
    }
    if (!aggregates_allowed_) {
        diags_.Error(DiagCode::E0308, call.range, name + " is an aggregate function: it is not allowed here")
            .notes.push_back({"aggregates belong in the select list or HAVING; filter rows before "
                              "aggregating with WHERE or with " +
                                  name + "(...) FILTER (WHERE ...)",
                              {}});
        return nullptr;
    }
    const bool star = call.args.size() == 1 && call.args[0]->kind == ast::ExprKind::Star;
    const size_t arity = name == "MIN_BY" || name == "MAX_BY" ? 2 : 1;
    if (call.args.size() != arity) {
        diags_.Error(DiagCode::E0305, call.range,
                     name + " takes " + std::to_string(arity) + " argument" + (arity > 1 ? "s" : "") +
                         ", not " + std::to_string(call.args.size()));
        return nullptr;
    }
    if (star && (name != "COUNT" || call.distinct)) {
        diags_.Error(DiagCode::E0301, call.args[0]->range,
                     "'*' is only allowed in COUNT(*) (without DISTINCT)");
        return nullptr;
    }
    if (call.distinct && name != "COUNT" && name != "MIN" && name != "MAX") {
        diags_.Error(DiagCode::E0501, call.range, name + "(DISTINCT ...) is not supported yet");
        return nullptr;
    }
    in_aggregate_ = true;
    std::vector<BoundExprPtr> args;
    bool ok = true;
    if (!star) {
        for (const auto& a : call.args) {
            args.push_back(Bind(*a, scope));
            ok = ok && args.back();
        }
    }
    BoundExprPtr filter = ok && call.filter ? BindCondition(*call.filter, scope, "FILTER") : nullptr;
    in_aggregate_ = false;
    if (!ok || (call.filter && !filter))
        return nullptr;

    using plan::AggregateKind;
    AggregateKind kind = star                               ? AggregateKind::CountStar
                         : name == "COUNT" && call.distinct ? AggregateKind::CountDistinct
                         : name == "COUNT"                  ? AggregateKind::Count
                         : name == "SUM"                    ? AggregateKind::Sum
                         : name == "MIN"                    ? AggregateKind::Min
                         : name == "MAX"                    ? AggregateKind::Max
                         : name == "AVG"                    ? AggregateKind::Avg
                         : name == "MIN_BY"                 ? AggregateKind::MinBy
                         : name == "MAX_BY"                 ? AggregateKind::MaxBy
                                                            : AggregateKind::ApproxCountDistinct;
    // An untyped NULL argument has no layout: it aggregates like a column of NULLs of a plain type.
    for (auto& a : args)
        if (a->type.IsNull())
            a = Coerce(std::move(a), kind == AggregateKind::Sum || kind == AggregateKind::Avg
                                         ? Type::BigInt()
                                         : Type::String());
    Type result = Type::BigInt();
    switch (kind) {
    case AggregateKind::Sum:
    case AggregateKind::Avg: {
        const Type& t = args[0]->type;
        if (!t.IsNumeric()) {
            diags_.Error(DiagCode::E0302, call.args[0]->range,
                         name + " needs a numeric argument; this one is " + t.ToString());
            return nullptr;
        }
        // Spark's result types: SUM widens integers to BIGINT and decimals by 10 digits; AVG is DOUBLE,
        // or a decimal with 4 more digits of scale.
        if (t.id == TypeId::Decimal)
            result = kind == AggregateKind::Sum
                         ? Type::Decimal(std::min<int>(Type::kMaxDecimalPrecision, t.precision + 10), t.scale)
                         : Type::Decimal(std::min<int>(Type::kMaxDecimalPrecision, t.precision + 4),
                                         std::min<int>(Type::kMaxDecimalPrecision, t.scale + 4));
        else if (t.id == TypeId::Double || kind == AggregateKind::Avg)
            result = Type::Double();
        break;
    }
    case AggregateKind::Min:
    case AggregateKind::Max:
    case AggregateKind::MinBy:
    case AggregateKind::MaxBy:
        result = args[0]->type;
        break;
    default:
        break;
    }
    if (filter)
        args.push_back(std::move(filter));
    BoundExprPtr out = BoundExpr::MakeOp(ExprOp::Aggregate, result, std::move(args), call.range);
    out->aggregate = kind;
    out->has_filter = call.filter != nullptr;
    return out;
}

BoundExprPtr ExprBinder::BindCall(const ast::Call& call, const Scope& scope) {
    std::string name = ToUpper(call.name.text);
    if (kAggregates.count(name))
        return BindAggregate(call, name, scope);
    if (kWindowFunctions.count(name)) {
        diags_.Error(DiagCode::E0308, call.range, name + " assigns windows: it belongs in GROUP BY")
            .notes.push_back({"select the window with window_start and window_end", {}});
        return nullptr;
    }
    if (call.distinct || call.filter) {
        diags_.Error(DiagCode::E0301, call.range,
                     std::string(call.distinct ? "DISTINCT" : "FILTER") +
                         " is only allowed in aggregate functions");
        return nullptr;
    }
    if (name == "CURRENT_TIMESTAMP" || name == "NOW" || name == "PROCTIME") {
        if (!call.args.empty()) {
            diags_.Error(DiagCode::E0305, call.range, name + " takes no arguments");
            return nullptr;
        }
        return BoundExpr::MakeOp(ExprOp::BatchTimestamp, Type::Timestamp(), {});
    }
    std::vector<const FunctionInfo*> overloads = FindFunctions(name);
    if (overloads.empty()) {
        std::vector<std::string> names;
        for (const FunctionInfo& f : AllFunctions())
            if (!f.internal())
                names.push_back(ToLower(f.name));
        for (const auto& a : kAggregates)
            names.push_back(ToLower(a));
        Diagnostic& d =
            diags_.Error(DiagCode::E0205, call.name.range, "unknown function '" + call.name.text + "'");
        std::string suggestion = SuggestName(call.name.text, names);
        if (!suggestion.empty())
            d.notes.push_back({"did you mean '" + suggestion + "'?", {}});
        return nullptr;
    }
    std::vector<BoundExprPtr> args;
    bool ok = true;
    for (const auto& a : call.args) {
        args.push_back(Bind(*a, scope));
        ok = ok && args.back();
    }
    if (!ok)
        return nullptr;
    // EXTRACT(field FROM date) works on the date's midnight.
    if (name == "EXTRACT" && args.size() == 2 && args[1]->type.id == TypeId::Date)
        args[1] = Coerce(std::move(args[1]), Type::Timestamp());

    // Special forms with their own typing.
    if (name == "COALESCE" || name == "GREATEST" || name == "LEAST") {
        if (args.empty()) {
            diags_.Error(DiagCode::E0305, call.range, name + " needs at least one argument");
            return nullptr;
        }
        if (!UnifyTypes(args, (ToLower(name) + " arguments").c_str(), call.range))
            return nullptr;
        Type t = args[0]->type;
        ExprOp op = name == "COALESCE"   ? ExprOp::Coalesce
                    : name == "GREATEST" ? ExprOp::Greatest
                                         : ExprOp::Least;
        return BoundExpr::MakeOp(op, t, std::move(args));
    }
    if (name == "NULLIF" || name == "IF") {
        if (args.size() != (name == "IF" ? 3u : 2u)) {
            diags_.Error(DiagCode::E0305, call.range,
                         name + " takes " + (name == "IF" ? "3" : "2") + " arguments, not " +
                             std::to_string(args.size()));
            return nullptr;
        }
        std::vector<BoundExprPtr> case_args;
        if (name == "NULLIF") {
            // NULLIF(a, b) = CASE WHEN a = b THEN NULL ELSE a END
            Type t = args[0]->type;
            BoundExprPtr a_copy = args[0]->Clone();
            BoundExprPtr cond =
                BindComparison(ExprOp::Eq, std::move(args[0]), std::move(args[1]), call.range, call.range);
            if (!cond)
                return nullptr;
            case_args.push_back(std::move(cond));
            case_args.push_back(BoundExpr::Literal(Value::Null(t)));
            case_args.push_back(std::move(a_copy));
            auto e = BoundExpr::MakeOp(ExprOp::Case, t, std::move(case_args));
            e->has_else = true;
            return e;
        }
        if (args[0]->type.IsNull())
            args[0] = Coerce(std::move(args[0]), Type::Boolean());
        if (args[0]->type.id != TypeId::Boolean) {
            diags_.Error(DiagCode::E0304, call.args[0]->range, "the IF condition must be BOOLEAN");
            return nullptr;
        }
        std::vector<BoundExprPtr> branches;
        branches.push_back(std::move(args[1]));
        branches.push_back(std::move(args[2]));
        if (!UnifyTypes(branches, "IF branches", call.range))
            return nullptr;
        Type t = branches[0]->type;
        case_args.push_back(std::move(args[0]));
        case_args.push_back(std::move(branches[0]));
        case_args.push_back(std::move(branches[1]));
        auto e = BoundExpr::MakeOp(ExprOp::Case, t, std::move(case_args));
        e->has_else = true;
        return e;
    }

    // Overload resolution: the viable overload with the fewest widenings, first in file order on ties.
    const FunctionInfo* best = nullptr;
    int best_cost = INT_MAX;
    bool arity_matched = false;
    for (const FunctionInfo* f : overloads) {
        size_t n = f->args.size();
        if (f->variadic() ? args.size() < n : args.size() != n)
            continue;
        arity_matched = true;
        int cost = 0;
        for (size_t i = 0; i < args.size() && cost >= 0; ++i) {
            fndef::TypeToken token = f->args[std::min(i, n - 1)];
            const Type& at = args[i]->type;
            int c;
            if (token == fndef::ANY)
                c = 0;
            else if (token == fndef::NUMERIC)
                c = at.IsNumeric() || at.IsNull() ? 0 : -1;
            else
                c = WidenCost(at, TokenType(token));
            cost = c < 0 ? -1 : cost + c;
        }
        if (cost >= 0 && cost < best_cost) {
            best = f;
            best_cost = cost;
        }
    }
    if (!best) {
        std::vector<std::string> got, sigs;
        for (const auto& a : args)
            got.push_back(a->type.ToString());
        for (const FunctionInfo* f : overloads)
            sigs.push_back(Signature(*f));
        Diagnostic& d =
            diags_.Error(arity_matched ? DiagCode::E0302 : DiagCode::E0305, call.range,
                         arity_matched ? "no overload of " + name + " takes (" + Join(got, ", ") + ")"
                                       : name + " does not take " + std::to_string(args.size()) +
                                             " argument" + (args.size() == 1 ? "" : "s"));
        d.notes.push_back({"candidates: " + Join(sigs, ", "), {}});
        return nullptr;
    }
    size_t n = best->args.size();
    for (size_t i = 0; i < args.size(); ++i) {
        fndef::TypeToken token = best->args[std::min(i, n - 1)];
        if (token == fndef::NUMERIC) {
            if (args[i]->type.IsNull())
                args[i] = Coerce(std::move(args[i]), Type::Int());
        } else if (token != fndef::ANY) {
            args[i] = Coerce(std::move(args[i]), TokenType(token));
        }
    }
    Type ret;
    if (best->ret == fndef::ARG0) {
        ret = args[0]->type;
    } else if (best->ret == fndef::COMMON) {
        if (!UnifyTypes(args, (ToLower(name) + " arguments").c_str(), call.range))
            return nullptr;
        ret = args[0]->type;
    } else {
        ret = TokenType(best->ret);
    }
    // A CONCAT with more than two arguments folds into nested binary calls.
    if (best->variadic() && args.size() > n) {
        BoundExprPtr acc = std::move(args[0]);
        for (size_t i = 1; i < args.size(); ++i) {
            std::vector<BoundExprPtr> pair;
            pair.push_back(std::move(acc));
            pair.push_back(std::move(args[i]));
            acc = BoundExpr::MakeOp(ExprOp::Function, ret, std::move(pair), call.range);
            acc->function = best;
        }
        return acc;
    }
    if (!CheckConstantUnit(*best, args))
        return nullptr;
    auto e = BoundExpr::MakeOp(ExprOp::Function, ret, std::move(args));
    e->function = best;
    return e;
}

bool ExprBinder::CheckConstantUnit(const FunctionInfo& f, const std::vector<BoundExprPtr>& args) {
    // EXTRACT's field and DATE_TRUNC's unit are almost always literals: ask the stdlib function itself
    // (the one place that knows the names) whether it takes this one, so a typo is a compile error.
    bool extract = f.name == "EXTRACT", trunc = f.name == "DATE_TRUNC";
    if ((!extract && !trunc) || !args[0]->IsLiteral() || args[0]->value.is_null)
        return true;
    const std::string& unit = args[0]->value.s;
    sl_str text = rt::Batch::ViewString(unit.data(), static_cast<uint32_t>(unit.size()));
    int64_t out = 0;
    sl_ctx ctx;
    int32_t rc =
        extract ? sl_fn_extract_str_ts(&ctx, &out, &text, 0) : sl_fn_date_trunc_str_ts(&ctx, &out, &text, 0);
    if (rc == SL_OK)
        return true;
    diags_
        .Error(DiagCode::E0301, args[0]->range,
               std::string(extract ? "EXTRACT has no field '" : "DATE_TRUNC has no unit '") + unit + "'")
        .notes.push_back({std::string(f.doc), {}});
    return false;
}

BoundExprPtr ExprBinder::BindCase(const ast::Case& e, const Scope& scope) {
    BoundExprPtr operand;
    if (e.operand && !(operand = Bind(*e.operand, scope)))
        return nullptr;
    std::vector<BoundExprPtr> conditions, results;
    for (const ast::WhenClause& w : e.whens) {
        BoundExprPtr cond;
        if (operand) {
            BoundExprPtr value = Bind(*w.when, scope);
            if (!value)
                return nullptr;
            cond =
                BindComparison(ExprOp::Eq, operand->Clone(), std::move(value), w.when->range, w.when->range);
        } else {
            cond = BindCondition(*w.when, scope, "WHEN");
        }
        BoundExprPtr then = Bind(*w.then, scope);
        if (!cond || !then)
            return nullptr;
        conditions.push_back(std::move(cond));
        results.push_back(std::move(then));
    }
    if (e.else_expr) {
        BoundExprPtr else_value = Bind(*e.else_expr, scope);
        if (!else_value)
            return nullptr;
        results.push_back(std::move(else_value));
    }
    if (!UnifyTypes(results, "CASE branches", e.range))
        return nullptr;
    Type t = results[0]->type;
    std::vector<BoundExprPtr> args;
    for (size_t i = 0; i < conditions.size(); ++i) {
        args.push_back(std::move(conditions[i]));
        args.push_back(std::move(results[i]));
    }
    if (e.else_expr)
        args.push_back(std::move(results.back()));
    auto out = BoundExpr::MakeOp(ExprOp::Case, t, std::move(args));
    out->has_else = e.else_expr != nullptr;
    return out;
}

BoundExprPtr ExprBinder::BindCast(const ast::Cast& e, const Scope& scope) {
    BoundExprPtr operand = Bind(*e.operand, scope);
    if (!operand)
        return nullptr;
    const Type& target = e.target.type; // the parser has checked DECIMAL's precision and scale
    if (target.id == TypeId::Interval || target.IsNull()) {
        diags_.Error(DiagCode::E0303, e.target.range, "cannot cast to " + target.ToString());
        return nullptr;
    }
    if (!CanCast(operand->type, target)) {
        diags_.Error(DiagCode::E0303, e.range,
                     "cannot cast " + operand->type.ToString() + " to " + target.ToString());
        return nullptr;
    }
    if (operand->type == target)
        return operand;
    if (IsNullLiteral(*operand))
        return BoundExpr::Literal(Value::Null(target));
    std::vector<BoundExprPtr> args;
    args.push_back(std::move(operand));
    return BoundExpr::MakeOp(e.try_cast ? ExprOp::TryCast : ExprOp::Cast, target, std::move(args));
}

BoundExprPtr ExprBinder::BindInList(const ast::InList& e, const Scope& scope) {
    std::vector<BoundExprPtr> items;
    items.push_back(Bind(*e.operand, scope));
    bool ok = items.back() != nullptr;
    for (const auto& v : e.list) {
        items.push_back(Bind(*v, scope));
        ok = ok && items.back();
    }
    if (!ok || !UnifyTypes(items, "IN list", e.range))
        return nullptr;
    return Negated(BoundExpr::MakeOp(ExprOp::In, Type::Boolean(), std::move(items), e.range), e.negated);
}

BoundExprPtr ExprBinder::BindBetween(const ast::Between& e, const Scope& scope) {
    BoundExprPtr x = Bind(*e.operand, scope), low = Bind(*e.low, scope), high = Bind(*e.high, scope);
    if (!x || !low || !high)
        return nullptr;
    BoundExprPtr ge = BindComparison(ExprOp::Ge, x->Clone(), std::move(low), e.range, e.range);
    BoundExprPtr le = BindComparison(ExprOp::Le, std::move(x), std::move(high), e.range, e.range);
    if (!ge || !le)
        return nullptr;
    std::vector<BoundExprPtr> args;
    args.push_back(std::move(ge));
    args.push_back(std::move(le));
    return Negated(BoundExpr::MakeOp(ExprOp::And, Type::Boolean(), std::move(args), e.range), e.negated);
}

BoundExprPtr ExprBinder::BindLike(const ast::Like& e, const Scope& scope) {
    BoundExprPtr s = Bind(*e.operand, scope), pattern = Bind(*e.pattern, scope);
    if (!s || !pattern)
        return nullptr;
    for (BoundExprPtr* side : {&s, &pattern}) {
        if ((*side)->type.IsNull())
            *side = Coerce(std::move(*side), Type::String());
        if ((*side)->type.id != TypeId::String) {
            diags_.Error(DiagCode::E0301, (*side)->range,
                         "LIKE needs STRING operands, not " + (*side)->type.ToString());
            return nullptr;
        }
    }
    std::vector<BoundExprPtr> args;
    args.push_back(std::move(s));
    args.push_back(std::move(pattern));
    return Negated(BoundExpr::MakeOp(ExprOp::Like, Type::Boolean(), std::move(args), e.range), e.negated);
}

std::optional<int64_t> ExprBinder::ConstantInterval(const ast::Expr& expr, const char* what) {
    Scope empty;
    empty.description = what;
    BoundExprPtr e = Bind(expr, empty);
    if (!e)
        return std::nullopt;
    if (e->kind == plan::BoundKind::Op && e->op == ExprOp::Neg && e->args[0]->IsLiteral())
        e = BoundExpr::Literal(Value::Interval(-e->args[0]->value.i));
    if (!e->IsLiteral() || e->type.id != TypeId::Interval || e->value.is_null) {
        diags_.Error(DiagCode::E0309, expr.range,
                     std::string(what) + " must be an INTERVAL literal such as INTERVAL '10' SECOND");
        return std::nullopt;
    }
    return e->value.i;
}

std::string DeriveColumnName(const ast::Expr& expr, const SourceManager& sources) {
    if (expr.kind == ast::ExprKind::ColumnRef)
        return static_cast<const ast::ColumnRef&>(expr).name.Last().text;
    std::string_view text = sources.Get(expr.range.file).Slice(expr.range);
    std::string out;
    bool space = false;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space)
            out += ' ';
        space = false;
        out += c;
    }
    return out;
}

} // namespace sluice::sema
