#include "codegen/expr/expr_translator.h"

#include <algorithm>
#include <set>

#include "codegen/codegen.h"
#include "codegen/ir/control_flow.h"

namespace sluice::codegen {

using plan::BoundExpr;
using plan::BoundKind;
using plan::ExprOp;

namespace {

bool IsNonNullLiteral(const BoundExpr& e) {
    return e.IsLiteral() && !e.value.is_null;
}

// A string literal whose comparison is decided by the length and prefix alone (no bytes read).
bool IsShortStringLiteral(const BoundExpr& e) {
    return IsNonNullLiteral(e) && e.value.s.size() <= 4;
}

// LIKE patterns whose match reads no bytes behind the view.
bool IsRegisterOnlyLike(const LikePattern& p) {
    return p.kind == LikePattern::Kind::Any ||
           ((p.kind == LikePattern::Kind::Exact || p.kind == LikePattern::Kind::Prefix) &&
            p.text.size() <= 4);
}

// Types whose values are integers in registers, for switch-based IN.
bool IsIntegerLike(TypeId id) {
    return id == TypeId::Int || id == TypeId::BigInt || id == TypeId::Date || id == TypeId::Timestamp ||
           id == TypeId::Interval;
}

} // namespace

llvm::Constant* ConstantOf(CodegenContext& cg, const plan::Value& v) {
    switch (v.type.id) {
    case TypeId::Null:
        return llvm::ConstantInt::getFalse(cg.llvm_context());
    case TypeId::Boolean:
        return llvm::ConstantInt::get(cg.I1(), v.b ? 1 : 0);
    case TypeId::Int:
    case TypeId::Date:
        return llvm::ConstantInt::get(cg.I32(), static_cast<uint64_t>(v.i), true);
    case TypeId::BigInt:
    case TypeId::Timestamp:
    case TypeId::Interval:
        return llvm::ConstantInt::get(cg.I64(), static_cast<uint64_t>(v.i), true);
    case TypeId::Double:
        return llvm::ConstantFP::get(cg.F64(), v.d);
    case TypeId::Decimal: {
        auto u = static_cast<unsigned __int128>(v.dec);
        uint64_t words[2] = {static_cast<uint64_t>(u), static_cast<uint64_t>(u >> 64)};
        return llvm::ConstantInt::get(cg.llvm_context(), llvm::APInt(128, words));
    }
    case TypeId::String:
        return llvm::ConstantStruct::get(
            cg.StrType(),
            {llvm::ConstantInt::get(cg.I64(), CodegenContext::LenPrefix(v.s)), cg.StringBytes(v.s)});
    }
    throw CodegenError("codegen: no constant of type " + v.type.ToString());
}

ExprTranslator::ExprTranslator(FunctionBuilder& fb, ColumnResolver& columns)
    : fb_(fb), columns_(columns), calls_(fb), decimal_(fb), strings_(fb, calls_), compare_(fb, strings_),
      arith_(fb, decimal_), cast_(fb, decimal_, calls_) {}

SqlValue ExprTranslator::Translate(const BoundExpr& expr) {
    std::vector<int> columns;
    expr.CollectColumns(columns);
    std::sort(columns.begin(), columns.end());
    columns.erase(std::unique(columns.begin(), columns.end()), columns.end());
    for (int c : columns)
        columns_.Column(c);
    return Emit(expr);
}

SqlValue ExprTranslator::NullOf(const Type& type) {
    return {llvm::Constant::getNullValue(fb_.cg().ValueType(type)), fb_.b().getTrue()};
}

SqlValue ExprTranslator::EmitLiteral(const plan::Value& v) {
    if (v.is_null)
        return NullOf(v.type);
    return {ConstantOf(fb_.cg(), v), fb_.b().getFalse()};
}

SqlValue ExprTranslator::Emit(const BoundExpr& e) {
    switch (e.kind) {
    case BoundKind::ColumnRef:
        return columns_.Column(e.column);
    case BoundKind::Literal:
        return EmitLiteral(e.value);
    case BoundKind::Op:
        return EmitOp(e);
    }
    throw CodegenError("codegen: unknown expression kind");
}

SqlValue ExprTranslator::EmitAs(const BoundExpr& e, const Type& type) {
    SqlValue v = Emit(e);
    if (e.type == type)
        return v;
    return cast_.Cast(v, e.type, type,
                      FailPolicy::Raise(SL_ERR_CAST, "cannot convert " + e.type.ToString() + " to " +
                                                         type.ToString() + " in " + e.ToString()));
}

bool ExprTranslator::IsCheap(const BoundExpr& e) {
    if (e.kind != BoundKind::Op)
        return true;
    auto args_cheap = [&] {
        return std::all_of(e.args.begin(), e.args.end(), [](const auto& a) { return IsCheap(*a); });
    };
    switch (e.op) {
    case ExprOp::Eq:
    case ExprOp::Ne:
        if (e.args[0]->type.id == TypeId::String)
            return (IsShortStringLiteral(*e.args[0]) && IsCheap(*e.args[1])) ||
                   (IsShortStringLiteral(*e.args[1]) && IsCheap(*e.args[0]));
        return args_cheap();
    case ExprOp::Like:
        return e.args[1]->IsLiteral() && !e.args[1]->value.is_null &&
               IsRegisterOnlyLike(LikePattern::Analyze(e.args[1]->value.s)) && IsCheap(*e.args[0]);
    case ExprOp::Lt:
    case ExprOp::Le:
    case ExprOp::Gt:
    case ExprOp::Ge:
    case ExprOp::In:
        return e.args[0]->type.id != TypeId::String && args_cheap();
    case ExprOp::And:
    case ExprOp::Or:
    case ExprOp::Not:
    case ExprOp::IsNull:
    case ExprOp::IsNotNull:
        return args_cheap();
    case ExprOp::Add:
    case ExprOp::Sub:
    case ExprOp::Mul:
    case ExprOp::Div:
    case ExprOp::Neg:
        return e.type.id == TypeId::Double && args_cheap();
    case ExprOp::Mod:
        return e.type.id != TypeId::Decimal && args_cheap(); // by zero is NULL, nothing raises
    case ExprOp::Cast:
    case ExprOp::TryCast: {
        const Type& from = e.args[0]->type;
        bool widening = (from.id == TypeId::Int && e.type.id == TypeId::BigInt) ||
                        (from.IsInteger() && e.type.id == TypeId::Double);
        return widening && args_cheap();
    }
    case ExprOp::BatchTimestamp:
        return true;
    default:
        return false;
    }
}

SqlValue ExprTranslator::EmitOp(const BoundExpr& e) {
    llvm::IRBuilder<>& b = fb_.b();
    auto arg = [&](size_t i) -> const BoundExpr& { return *e.args.at(i); };
    switch (e.op) {
    case ExprOp::Add:
    case ExprOp::Sub:
    case ExprOp::Mul:
    case ExprOp::Div:
    case ExprOp::Mod: {
        SqlValue x = Emit(arg(0));
        SqlValue y = Emit(arg(1));
        return arith_.Binary(e.op, x, arg(0).type, y, arg(1).type, e.type, e.ToString());
    }
    case ExprOp::Neg:
        return arith_.Negate(Emit(arg(0)), e.type, e.ToString());
    case ExprOp::Eq:
    case ExprOp::Ne:
    case ExprOp::Lt:
    case ExprOp::Le:
    case ExprOp::Gt:
    case ExprOp::Ge:
        return EmitComparison(e);
    case ExprOp::And:
    case ExprOp::Or:
        return EmitLogic(e);
    case ExprOp::Not: {
        SqlValue x = Emit(arg(0));
        return {b.CreateNot(x.value, "not"), x.is_null};
    }
    case ExprOp::IsNull:
        return {Emit(arg(0)).is_null, b.getFalse()};
    case ExprOp::IsNotNull:
        return {b.CreateNot(Emit(arg(0)).is_null, "notnull"), b.getFalse()};
    case ExprOp::Concat:
        return calls_.CallStrict(StdlibCall::Internal("__CONCAT"),
                                 {EmitAs(arg(0), Type::String()), EmitAs(arg(1), Type::String())},
                                 FailPolicy::Raise(SL_ERR_INVALID_ARG, "in " + e.ToString()));
    case ExprOp::Like:
        return EmitLike(e);
    case ExprOp::In:
        return EmitIn(e);
    case ExprOp::Case:
        return EmitCase(e, 0);
    case ExprOp::Coalesce:
        return EmitCoalesce(e, 0);
    case ExprOp::Greatest:
    case ExprOp::Least:
        return EmitExtreme(e);
    case ExprOp::Cast:
    case ExprOp::TryCast: {
        FailPolicy policy =
            e.op == ExprOp::TryCast
                ? FailPolicy::Null()
                : FailPolicy::Raise(SL_ERR_CAST,
                                    "cannot convert value to " + e.type.ToString() + " in " + e.ToString());
        return cast_.Cast(Emit(arg(0)), arg(0).type, e.type, policy);
    }
    case ExprOp::Function:
        return EmitFunction(e);
    case ExprOp::BatchTimestamp:
        return {fb_.BatchTimestamp(), b.getFalse()};
    }
    throw CodegenError(std::string("codegen: unsupported operator ") + plan::ExprOpName(e.op));
}

SqlValue ExprTranslator::EmitComparison(const BoundExpr& e) {
    llvm::IRBuilder<>& b = fb_.b();
    const BoundExpr& l = *e.args.at(0);
    const BoundExpr& r = *e.args.at(1);
    Type type = l.type;
    if (!(l.type == r.type)) {
        std::optional<Type> common = CommonType(l.type, r.type);
        if (!common)
            throw CodegenError("codegen: cannot compare " + l.type.ToString() + " with " + r.type.ToString());
        type = *common;
    }
    // `s = 'literal'`: the literal's length and prefix are constants.
    if (type.id == TypeId::String && (e.op == ExprOp::Eq || e.op == ExprOp::Ne) &&
        (IsNonNullLiteral(l) || IsNonNullLiteral(r))) {
        const BoundExpr& lit = IsNonNullLiteral(r) ? r : l;
        SqlValue s = Emit(IsNonNullLiteral(r) ? l : r);
        const std::string& text = lit.value.s;
        llvm::Value* eq = text.size() <= 4
                              ? strings_.EqualConstant(s.value, text) // registers only: safe on a NULL's bits
                              : IfElseValue(
                                    fb_, s.is_null, "streq", [&] { return b.getFalse(); },
                                    [&] { return strings_.EqualConstant(s.value, text); });
        return {e.op == ExprOp::Eq ? eq : b.CreateNot(eq, "ne"), s.is_null};
    }
    SqlValue x = EmitAs(l, type);
    SqlValue y = EmitAs(r, type);
    return compare_.Compare3(e.op, type, x, y);
}

SqlValue ExprTranslator::EmitLogic(const BoundExpr& e) {
    llvm::IRBuilder<>& b = fb_.b();
    bool is_and = e.op == ExprOp::And;
    // The value an operand has when it alone decides the result: FALSE for AND, TRUE for OR.
    auto decides = [&](SqlValue v) {
        llvm::Value* bit = is_and ? b.CreateNot(v.value) : v.value;
        return b.CreateSelect(v.is_null, b.getFalse(), bit);
    };
    SqlValue left = Emit(*e.args.at(0));
    auto combine = [&](SqlValue right) -> SqlValue {
        llvm::Value* decided = b.CreateOr(decides(left), decides(right), is_and ? "and.false" : "or.true");
        llvm::Value* is_null = b.CreateAnd(b.CreateNot(decided), b.CreateOr(left.is_null, right.is_null),
                                           is_and ? "and.null" : "or.null");
        return {is_and ? b.CreateNot(decided, "and") : decided, is_null};
    };
    const BoundExpr& right = *e.args.at(1);
    if (IsCheap(right))
        return combine(Emit(right));
    // The right side may raise or call: evaluate it only when the left side does not decide.
    return IfElse(
        fb_, decides(left), is_and ? "and" : "or",
        [&]() -> SqlValue {
            return {b.getInt1(!is_and), b.getFalse()};
        },
        [&] { return combine(Emit(right)); });
}

SqlValue ExprTranslator::EmitIn(const BoundExpr& e) {
    llvm::IRBuilder<>& b = fb_.b();
    const Type& type = e.args.at(0)->type;
    SqlValue x = Emit(*e.args[0]);
    bool all_literals = true;
    bool has_null_literal = false;
    std::vector<const plan::Value*> constants;
    for (size_t i = 1; i < e.args.size(); ++i) {
        const BoundExpr& item = *e.args[i];
        if (!item.IsLiteral() || !(item.type == type || item.value.is_null)) {
            all_literals = false;
        } else if (item.value.is_null) {
            has_null_literal = true;
        } else {
            constants.push_back(&item.value);
        }
    }
    if (all_literals) {
        llvm::Value* found = b.getFalse();
        if (type.id == TypeId::String && !constants.empty()) {
            std::vector<std::string> texts;
            for (const plan::Value* v : constants)
                texts.push_back(v->s);
            found = IfElseValue(
                fb_, x.is_null, "in", [&] { return b.getFalse(); },
                [&] { return strings_.InConstants(x.value, texts); });
        } else if (IsIntegerLike(type.id) && constants.size() >= 4) {
            // A switch: LLVM lowers it to a bit test, a table or a search, whichever is cheapest.
            std::set<int64_t> seen;
            std::vector<SwitchArm> arms;
            for (const plan::Value* v : constants) {
                if (!seen.insert(v->i).second)
                    continue;
                auto* key = llvm::cast<llvm::ConstantInt>(ConstantOf(fb_.cg(), *v));
                arms.emplace_back(key, [&b]() -> llvm::Value* { return b.getTrue(); });
            }
            found = SwitchValue(
                fb_, x.value, arms, [&] { return b.getFalse(); }, "in");
        } else {
            for (const plan::Value* v : constants)
                found =
                    b.CreateOr(found, compare_.Compare(ExprOp::Eq, type, x.value, ConstantOf(fb_.cg(), *v)));
        }
        llvm::Value* unknown = has_null_literal ? b.CreateNot(found) : b.getFalse();
        return {found, b.CreateOr(x.is_null, unknown, "in.null")};
    }
    // General lists: x = item for each, three-valued.
    llvm::Value* found = b.getFalse();
    llvm::Value* any_null = b.getFalse();
    for (size_t i = 1; i < e.args.size(); ++i) {
        SqlValue eq = compare_.Compare3(ExprOp::Eq, type, x, EmitAs(*e.args[i], type));
        found = b.CreateOr(found, b.CreateSelect(eq.is_null, b.getFalse(), eq.value), "in.found");
        any_null = b.CreateOr(any_null, eq.is_null);
    }
    return {found, b.CreateAnd(b.CreateNot(found), any_null, "in.null")};
}

SqlValue ExprTranslator::EmitCase(const BoundExpr& e, size_t pair) {
    size_t pairs = (e.args.size() - (e.has_else ? 1 : 0)) / 2;
    if (pair == pairs)
        return e.has_else ? EmitAs(*e.args.back(), e.type) : NullOf(e.type);
    llvm::IRBuilder<>& b = fb_.b();
    SqlValue cond = Emit(*e.args[2 * pair]);
    llvm::Value* take = b.CreateSelect(cond.is_null, b.getFalse(), cond.value, "when");
    return IfElse(
        fb_, take, "case", [&] { return EmitAs(*e.args[2 * pair + 1], e.type); },
        [&] { return EmitCase(e, pair + 1); });
}

SqlValue ExprTranslator::EmitCoalesce(const BoundExpr& e, size_t index) {
    SqlValue v = EmitAs(*e.args.at(index), e.type);
    if (index + 1 == e.args.size())
        return v;
    return IfElse(
        fb_, v.is_null, "coalesce", [&] { return EmitCoalesce(e, index + 1); }, [&] { return v; });
}

SqlValue ExprTranslator::EmitExtreme(const BoundExpr& e) {
    llvm::IRBuilder<>& b = fb_.b();
    ExprOp better_op = e.op == ExprOp::Greatest ? ExprOp::Gt : ExprOp::Lt;
    const char* name = e.op == ExprOp::Greatest ? "greatest" : "least";
    SqlValue acc = EmitAs(*e.args.at(0), e.type);
    for (size_t i = 1; i < e.args.size(); ++i) {
        SqlValue v = EmitAs(*e.args[i], e.type);
        llvm::Value* either_null = b.CreateOr(v.is_null, acc.is_null);
        llvm::Value* better =
            e.type.id == TypeId::String
                ? IfElseValue(
                      fb_, either_null, name, [&] { return b.getFalse(); },
                      [&] { return compare_.Compare(better_op, e.type, v.value, acc.value); })
                : compare_.Compare(better_op, e.type, v.value, acc.value);
        // NULLs are skipped: a value replaces a NULL accumulator, a NULL never replaces a value.
        llvm::Value* take = b.CreateSelect(v.is_null, b.getFalse(), b.CreateOr(acc.is_null, better));
        acc = {b.CreateSelect(take, v.value, acc.value, name), b.CreateAnd(acc.is_null, v.is_null)};
    }
    return acc;
}

SqlValue ExprTranslator::EmitLike(const BoundExpr& e) {
    llvm::IRBuilder<>& b = fb_.b();
    const BoundExpr& pattern = *e.args.at(1);
    SqlValue s = EmitAs(*e.args.at(0), Type::String());
    if (pattern.IsLiteral()) {
        if (pattern.value.is_null)
            return NullOf(Type::Boolean());
        LikePattern p = LikePattern::Analyze(pattern.value.s);
        if (p.kind != LikePattern::Kind::Generic) {
            // Patterns decided by the length and prefix alone read no bytes: no NULL check needed.
            llvm::Value* match = IsRegisterOnlyLike(p)
                                     ? strings_.MatchLike(s.value, p)
                                     : IfElseValue(
                                           fb_, s.is_null, "like", [&] { return b.getFalse(); },
                                           [&] { return strings_.MatchLike(s.value, p); });
            return {match, s.is_null};
        }
    }
    return calls_.CallStrict(StdlibCall::Internal("__LIKE"), {s, EmitAs(pattern, Type::String())},
                             FailPolicy::Raise(SL_ERR_INVALID_ARG, "in " + e.ToString()));
}

SqlValue ExprTranslator::EmitFunction(const BoundExpr& e) {
    llvm::IRBuilder<>& b = fb_.b();
    if (!e.function)
        throw CodegenError("codegen: a function call without its functions.def entry");
    const FunctionInfo& f = *e.function;
    if (f.builtin()) {
        std::string_view name = f.name;
        if (name == "NOW" || name == "CURRENT_TIMESTAMP" || name == "PROCTIME")
            return {fb_.BatchTimestamp(), b.getFalse()};
        if (name == "COALESCE")
            return EmitCoalesce(e, 0);
        if (name == "NULLIF") {
            // NULL when a = b, else a.
            const BoundExpr& a_expr = *e.args.at(0);
            std::optional<Type> common = CommonType(a_expr.type, e.args.at(1)->type);
            if (!common)
                throw CodegenError("codegen: NULLIF of incomparable types");
            SqlValue a = Emit(a_expr);
            SqlValue a_common = a_expr.type == *common ? a : EmitAs(a_expr, *common);
            SqlValue eq = compare_.Compare3(ExprOp::Eq, *common, a_common, EmitAs(*e.args[1], *common));
            llvm::Value* equal = b.CreateSelect(eq.is_null, b.getFalse(), eq.value);
            SqlValue out = a_expr.type == e.type ? a : EmitAs(a_expr, e.type);
            return {out.value, b.CreateOr(out.is_null, equal, "nullif.null")};
        }
        if (name == "IF") {
            SqlValue cond = Emit(*e.args.at(0));
            llvm::Value* take = b.CreateSelect(cond.is_null, b.getFalse(), cond.value, "if.cond");
            return IfElse(
                fb_, take, "if", [&] { return EmitAs(*e.args.at(1), e.type); },
                [&] { return EmitAs(*e.args.at(2), e.type); });
        }
        if (name == "GREATEST" || name == "LEAST") {
            BoundExpr as_op;
            as_op.kind = BoundKind::Op;
            as_op.op = name == "GREATEST" ? ExprOp::Greatest : ExprOp::Least;
            as_op.type = e.type;
            for (const auto& a : e.args)
                as_op.args.push_back(a->Clone());
            return EmitExtreme(as_op);
        }
        std::vector<SqlValue> args;
        std::vector<Type> types;
        for (const auto& a : e.args) {
            // MOD's operands meet at the result type (COMMON); the others keep theirs.
            Type t = name == "MOD" ? e.type : a->type;
            args.push_back(EmitAs(*a, t));
            types.push_back(t);
        }
        return arith_.Builtin(name, args, types, e.type, e.ToString());
    }
    // A stdlib C function. The C convention has no way to pass a NULL, so every call is strict.
    std::vector<SqlValue> args;
    for (size_t i = 0; i < e.args.size(); ++i) {
        fndef::TypeToken token = f.args.empty() ? fndef::ANY : f.args[std::min(i, f.args.size() - 1)];
        const BoundExpr& a = *e.args[i];
        args.push_back(token == fndef::DECIMAL || token == fndef::ANY || token == fndef::NUMERIC
                           ? Emit(a)
                           : EmitAs(a, TokenResultType(token)));
    }
    SqlValue result = calls_.CallStrict(f, args, FailPolicy::Raise(SL_ERR_INVALID_ARG, "in " + e.ToString()));
    Type returned = TokenResultType(f.ret);
    if (returned.id != e.type.id)
        return cast_.Cast(result, returned, e.type,
                          FailPolicy::Raise(SL_ERR_CAST, "cannot convert the result of " + e.ToString()));
    return result;
}

} // namespace sluice::codegen
