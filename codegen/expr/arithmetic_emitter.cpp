#include "codegen/expr/arithmetic_emitter.h"

#include <llvm/IR/Intrinsics.h>

#include "codegen/codegen.h"

namespace sluice::codegen {

namespace {

bool IsInt64Like(TypeId id) {
    return id == TypeId::BigInt || id == TypeId::Timestamp || id == TypeId::Interval;
}

} // namespace

llvm::Value* ArithmeticEmitter::OverflowIntrinsic(plan::ExprOp op, llvm::Value* a, llvm::Value* b,
                                                  llvm::Value** overflow) {
    llvm::Intrinsic::ID id;
    const char* name;
    switch (op) {
    case plan::ExprOp::Add:
        id = llvm::Intrinsic::sadd_with_overflow;
        name = "add";
        break;
    case plan::ExprOp::Sub:
        id = llvm::Intrinsic::ssub_with_overflow;
        name = "sub";
        break;
    case plan::ExprOp::Mul:
        id = llvm::Intrinsic::smul_with_overflow;
        name = "mul";
        break;
    default:
        throw CodegenError(std::string("codegen: no overflow-checked integer ") + plan::ExprOpName(op));
    }
    llvm::IRBuilder<>& ir = fb_.b();
    llvm::Value* r = ir.CreateBinaryIntrinsic(id, a, b);
    *overflow = ir.CreateExtractValue(r, 1, std::string(name) + ".overflow");
    return ir.CreateExtractValue(r, 0, name);
}

SqlValue ArithmeticEmitter::Integer(plan::ExprOp op, SqlValue a, SqlValue b, const Type& result,
                                    const std::string& detail) {
    if (op == plan::ExprOp::Mod)
        return IntegerMod(a, b);
    if (op == plan::ExprOp::Div)
        throw CodegenError("codegen: integer `/` must be planned as DOUBLE division");
    llvm::Value* overflow = nullptr;
    llvm::Value* v = OverflowIntrinsic(op, a.value, b.value, &overflow);
    SqlValue out{v, fb_.b().CreateOr(a.is_null, b.is_null)};
    return ApplyFailure(fb_, out, overflow,
                        FailPolicy::Raise(SL_ERR_OVERFLOW, result.ToString() + " overflow in " + detail));
}

SqlValue ArithmeticEmitter::IntegerMod(SqlValue a, SqlValue b) {
    llvm::IRBuilder<>& ir = fb_.b();
    llvm::Type* t = a.value->getType();
    llvm::Value* zero = ir.CreateICmpEQ(b.value, llvm::ConstantInt::get(t, 0), "divzero");
    // Neither a zero divisor nor MIN % -1 (which traps on x86) may reach srem; x % -1 is 0 as x % 1.
    llvm::Value* minus_one = ir.CreateICmpEQ(b.value, llvm::ConstantInt::get(t, -1, true));
    llvm::Value* safe = ir.CreateSelect(ir.CreateOr(zero, minus_one), llvm::ConstantInt::get(t, 1), b.value);
    llvm::Value* rem = ir.CreateSRem(a.value, safe, "rem");
    return {rem, ir.CreateOr(ir.CreateOr(a.is_null, b.is_null), zero, "rem.null")};
}

SqlValue ArithmeticEmitter::Double(plan::ExprOp op, SqlValue a, SqlValue b) {
    llvm::IRBuilder<>& ir = fb_.b();
    llvm::Value* is_null = ir.CreateOr(a.is_null, b.is_null);
    switch (op) {
    case plan::ExprOp::Add:
        return {ir.CreateFAdd(a.value, b.value, "fadd"), is_null};
    case plan::ExprOp::Sub:
        return {ir.CreateFSub(a.value, b.value, "fsub"), is_null};
    case plan::ExprOp::Mul:
        return {ir.CreateFMul(a.value, b.value, "fmul"), is_null};
    case plan::ExprOp::Div:
    case plan::ExprOp::Mod: {
        // Division by zero (or -0.0) gives NULL, not infinity.
        llvm::Value* zero =
            ir.CreateFCmpOEQ(b.value, llvm::ConstantFP::get(a.value->getType(), 0.0), "divzero");
        llvm::Value* v = op == plan::ExprOp::Div ? ir.CreateFDiv(a.value, b.value, "fdiv")
                                                 : ir.CreateFRem(a.value, b.value, "frem");
        return {v, ir.CreateOr(is_null, zero)};
    }
    default:
        throw CodegenError(std::string("codegen: no DOUBLE ") + plan::ExprOpName(op));
    }
}

SqlValue ArithmeticEmitter::Decimal(plan::ExprOp op, SqlValue a, const Type& ta, SqlValue b, const Type& tb,
                                    const Type& result, const std::string& detail) {
    llvm::IRBuilder<>& ir = fb_.b();
    llvm::Value* is_null = ir.CreateOr(a.is_null, b.is_null);
    FailPolicy overflow = FailPolicy::Raise(SL_ERR_OVERFLOW, result.ToString() + " overflow in " + detail);
    Checked r;
    switch (op) {
    case plan::ExprOp::Add:
        r = decimal_.Add(a.value, b.value, ta.scale, tb.scale, result.scale, result.precision);
        break;
    case plan::ExprOp::Sub:
        r = decimal_.Sub(a.value, b.value, ta.scale, tb.scale, result.scale, result.precision);
        break;
    case plan::ExprOp::Mul:
        r = decimal_.Mul(a.value, b.value, ta.scale, tb.scale, result.scale, result.precision);
        break;
    case plan::ExprOp::Div:
    case plan::ExprOp::Mod: {
        llvm::Value* zero =
            ir.CreateICmpEQ(b.value, llvm::ConstantInt::get(b.value->getType(), 0), "divzero");
        llvm::Value* safe = ir.CreateSelect(zero, llvm::ConstantInt::get(b.value->getType(), 1), b.value);
        is_null = ir.CreateOr(is_null, zero);
        if (op == plan::ExprOp::Mod) {
            if (ta.scale != tb.scale || ta.scale != result.scale)
                throw CodegenError("codegen: DECIMAL % needs operands at the result's scale");
            return {decimal_.Rem(a.value, safe), is_null};
        }
        r = decimal_.Div(a.value, safe, ta.scale, tb.scale, result.scale, result.precision);
        break;
    }
    default:
        throw CodegenError(std::string("codegen: no DECIMAL ") + plan::ExprOpName(op));
    }
    return ApplyFailure(fb_, {r.value, is_null}, r.fail, overflow);
}

SqlValue ArithmeticEmitter::Binary(plan::ExprOp op, SqlValue a, const Type& ta, SqlValue b, const Type& tb,
                                   const Type& result, const std::string& detail) {
    switch (result.id) {
    case TypeId::Double:
        return Double(op, a, b);
    case TypeId::Decimal:
        return Decimal(op, a, ta, b, tb, result, detail);
    case TypeId::Int:
    case TypeId::BigInt:
        return Integer(op, a, b, result, detail);
    case TypeId::Timestamp:
    case TypeId::Interval:
        // TIMESTAMP ± INTERVAL, TIMESTAMP - TIMESTAMP, INTERVAL ± INTERVAL, INTERVAL * BIGINT: all
        // microsecond counts in i64.
        if (!IsInt64Like(ta.id) || !IsInt64Like(tb.id) ||
            (op != plan::ExprOp::Add && op != plan::ExprOp::Sub && op != plan::ExprOp::Mul))
            throw CodegenError(std::string("codegen: no ") + ta.ToString() + " " + plan::ExprOpName(op) +
                               " " + tb.ToString());
        return Integer(op, a, b, result, detail);
    default:
        throw CodegenError(std::string("codegen: no arithmetic yielding ") + result.ToString());
    }
}

SqlValue ArithmeticEmitter::Negate(SqlValue a, const Type& type, const std::string& detail) {
    llvm::IRBuilder<>& ir = fb_.b();
    switch (type.id) {
    case TypeId::Double:
        return {ir.CreateFNeg(a.value, "neg"), a.is_null};
    case TypeId::Decimal:
        // |v| < 10^38 < 2^127: negation cannot overflow, and the precision is unchanged.
        return {ir.CreateSub(llvm::ConstantInt::get(a.value->getType(), 0), a.value, "neg"), a.is_null};
    case TypeId::Int:
    case TypeId::BigInt:
    case TypeId::Interval: {
        SqlValue zero{llvm::ConstantInt::get(a.value->getType(), 0), ir.getFalse()};
        return Integer(plan::ExprOp::Sub, zero, a, type, detail);
    }
    default:
        throw CodegenError("codegen: cannot negate " + type.ToString());
    }
}

SqlValue ArithmeticEmitter::RoundInteger(SqlValue v, const Type& type, SqlValue digits,
                                         const std::string& detail) {
    llvm::IRBuilder<>& ir = fb_.b();
    CodegenContext& cg = fb_.cg();
    llvm::Value* is_null = ir.CreateOr(v.is_null, digits.is_null);
    // In i128 with the DECIMAL helpers: ROUND(x, -k) of an integer is ROUND of DECIMAL(38, 0) to -k digits.
    llvm::Value* wide = ir.CreateSExt(v.value, cg.I128());
    Checked r = decimal_.Round(wide, digits.value, 0, Type::kMaxDecimalPrecision);
    unsigned bits = v.value->getType()->getIntegerBitWidth();
    llvm::APInt max = llvm::APInt::getSignedMaxValue(bits).sext(128);
    llvm::APInt min = llvm::APInt::getSignedMinValue(bits).sext(128);
    llvm::Value* out_of_range =
        ir.CreateOr(ir.CreateICmpSGT(r.value, llvm::ConstantInt::get(cg.I128(), max)),
                    ir.CreateICmpSLT(r.value, llvm::ConstantInt::get(cg.I128(), min)));
    SqlValue out{ir.CreateTrunc(r.value, v.value->getType(), "rounded"), is_null};
    return ApplyFailure(fb_, out, ir.CreateOr(r.fail, out_of_range),
                        FailPolicy::Raise(SL_ERR_OVERFLOW, type.ToString() + " overflow in " + detail));
}

SqlValue ArithmeticEmitter::Builtin(std::string_view name, const std::vector<SqlValue>& args,
                                    const std::vector<Type>& types, const Type& result,
                                    const std::string& detail) {
    llvm::IRBuilder<>& ir = fb_.b();
    if (args.empty())
        throw CodegenError("codegen: " + std::string(name) + " needs an argument");
    const SqlValue& x = args[0];
    const Type& t = types[0];
    FailPolicy overflow = FailPolicy::Raise(SL_ERR_OVERFLOW, t.ToString() + " overflow in " + detail);
    auto unary = [&](std::string_view expected) {
        if (args.size() != 1)
            throw CodegenError("codegen: " + std::string(expected) + " takes one argument");
    };

    if (name == "MOD") {
        if (args.size() != 2)
            throw CodegenError("codegen: MOD takes two arguments");
        return Binary(plan::ExprOp::Mod, x, types[0], args[1], types[1], result, detail);
    }
    if (name == "ROUND") {
        SqlValue digits = args.size() > 1 ? args[1] : SqlValue{ir.getInt32(0), ir.getFalse()};
        if (t.IsInteger())
            return RoundInteger(x, t, digits, detail);
        if (t.id == TypeId::Decimal) {
            Checked r = decimal_.Round(x.value, digits.value, t.scale, t.precision);
            return ApplyFailure(fb_, {r.value, ir.CreateOr(x.is_null, digits.is_null)}, r.fail, overflow);
        }
        if (t.id == TypeId::Double && args.size() == 1)
            return {ir.CreateUnaryIntrinsic(llvm::Intrinsic::round, x.value, nullptr, "round"), x.is_null};
        throw CodegenError("codegen: ROUND(" + t.ToString() + ", INT) is the stdlib's sl_fn_round_f64_i32");
    }
    unary(name);
    if (name == "ABS") {
        switch (t.id) {
        case TypeId::Double:
            return {ir.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, x.value, nullptr, "abs"), x.is_null};
        case TypeId::Decimal: {
            llvm::Value* zero = llvm::ConstantInt::get(x.value->getType(), 0);
            return {
                ir.CreateSelect(ir.CreateICmpSLT(x.value, zero), ir.CreateSub(zero, x.value), x.value, "abs"),
                x.is_null};
        }
        case TypeId::Int:
        case TypeId::BigInt: {
            llvm::Type* it = x.value->getType();
            llvm::Value* zero = llvm::ConstantInt::get(it, 0);
            llvm::Value* min =
                llvm::ConstantInt::get(it, llvm::APInt::getSignedMinValue(it->getIntegerBitWidth()));
            SqlValue out{
                ir.CreateSelect(ir.CreateICmpSLT(x.value, zero), ir.CreateSub(zero, x.value), x.value, "abs"),
                x.is_null};
            return ApplyFailure(fb_, out, ir.CreateICmpEQ(x.value, min), overflow);
        }
        default:
            break;
        }
    } else if (name == "SIGN") {
        switch (t.id) {
        case TypeId::Double: {
            llvm::Value* zero = llvm::ConstantFP::get(x.value->getType(), 0.0);
            // NaN and ±0.0 are their own sign (Java's Math.signum).
            llvm::Value* v = ir.CreateSelect(
                ir.CreateFCmpOGT(x.value, zero), llvm::ConstantFP::get(x.value->getType(), 1.0),
                ir.CreateSelect(ir.CreateFCmpOLT(x.value, zero),
                                llvm::ConstantFP::get(x.value->getType(), -1.0), x.value),
                "sign");
            return {v, x.is_null};
        }
        case TypeId::Decimal: {
            Checked r = decimal_.Sign(x.value, t.scale, t.precision);
            return ApplyFailure(fb_, {r.value, x.is_null}, r.fail, overflow);
        }
        case TypeId::Int:
        case TypeId::BigInt: {
            llvm::Type* it = x.value->getType();
            llvm::Value* zero = llvm::ConstantInt::get(it, 0);
            llvm::Value* v = ir.CreateSub(ir.CreateZExt(ir.CreateICmpSGT(x.value, zero), it),
                                          ir.CreateZExt(ir.CreateICmpSLT(x.value, zero), it), "sign");
            return {v, x.is_null};
        }
        default:
            break;
        }
    } else if (name == "FLOOR" || name == "CEIL") {
        bool floor = name == "FLOOR";
        switch (t.id) {
        case TypeId::Int:
        case TypeId::BigInt:
            return x;
        case TypeId::Double:
            return {ir.CreateUnaryIntrinsic(floor ? llvm::Intrinsic::floor : llvm::Intrinsic::ceil, x.value,
                                            nullptr, floor ? "floor" : "ceil"),
                    x.is_null};
        case TypeId::Decimal: {
            Checked r = floor ? decimal_.Floor(x.value, t.scale, t.precision)
                              : decimal_.Ceil(x.value, t.scale, t.precision);
            return ApplyFailure(fb_, {r.value, x.is_null}, r.fail, overflow);
        }
        default:
            break;
        }
    } else {
        throw CodegenError("codegen: unknown builtin " + std::string(name));
    }
    throw CodegenError("codegen: " + std::string(name) + " does not take " + t.ToString());
}

} // namespace sluice::codegen
