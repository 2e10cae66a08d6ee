#include "codegen/expr/cast_emitter.h"

#include <cmath>

#include <llvm/IR/Intrinsics.h>

#include "codegen/codegen.h"
#include "runtime/common/value_format.h"

namespace sluice::codegen {

namespace {

// The type's spelling in the stdlib's __CAST_* names.
const char* CastName(TypeId id) {
    switch (id) {
    case TypeId::Boolean:
        return "BOOLEAN";
    case TypeId::Int:
        return "INT";
    case TypeId::BigInt:
        return "BIGINT";
    case TypeId::Double:
        return "DOUBLE";
    case TypeId::Decimal:
        return "DECIMAL";
    case TypeId::Timestamp:
        return "TIMESTAMP";
    case TypeId::Date:
        return "DATE";
    case TypeId::Interval:
        return "INTERVAL";
    default:
        return "?";
    }
}

} // namespace

Checked CastEmitter::Narrow(llvm::Value* v, unsigned bits) {
    llvm::IRBuilder<>& b = fb_.b();
    unsigned width = v->getType()->getIntegerBitWidth();
    llvm::Type* target = llvm::Type::getIntNTy(fb_.context(), bits);
    if (width <= bits)
        return {b.CreateSExt(v, target), b.getFalse()};
    llvm::Value* max = llvm::ConstantInt::get(v->getType(), llvm::APInt::getSignedMaxValue(bits).sext(width));
    llvm::Value* min = llvm::ConstantInt::get(v->getType(), llvm::APInt::getSignedMinValue(bits).sext(width));
    llvm::Value* fail = b.CreateOr(b.CreateICmpSGT(v, max), b.CreateICmpSLT(v, min), "outofrange");
    return {b.CreateTrunc(v, target, "narrow"), fail};
}

Checked CastEmitter::DoubleToInteger(llvm::Value* d, unsigned bits) {
    llvm::IRBuilder<>& b = fb_.b();
    llvm::Type* target = llvm::Type::getIntNTy(fb_.context(), bits);
    double limit = std::ldexp(1.0, static_cast<int>(bits) - 1); // 2^(bits-1), exact
    // Ordered compares: NaN fails both.
    llvm::Value* fits = b.CreateAnd(b.CreateFCmpOGE(d, llvm::ConstantFP::get(d->getType(), -limit)),
                                    b.CreateFCmpOLT(d, llvm::ConstantFP::get(d->getType(), limit)), "fits");
    // The saturating conversion never yields poison, whatever the double (a NULL's bits, NaN).
    llvm::Value* v =
        b.CreateIntrinsic(llvm::Intrinsic::fptosi_sat, {target, d->getType()}, {d}, nullptr, "toint");
    return {v, b.CreateNot(fits, "outofrange")};
}

Checked CastEmitter::Numeric(llvm::Value* v, const Type& from, const Type& to) {
    llvm::IRBuilder<>& b = fb_.b();
    CodegenContext& cg = fb_.cg();
    auto int_bits = [](const Type& t) { return t.id == TypeId::Int ? 32u : 64u; };
    switch (from.id) {
    case TypeId::Int:
    case TypeId::BigInt:
        if (to.IsInteger())
            return Narrow(v, int_bits(to));
        if (to.id == TypeId::Double)
            return {b.CreateSIToFP(v, cg.F64(), "todouble"), b.getFalse()};
        if (to.id == TypeId::Decimal)
            return decimal_.Rescale(b.CreateSExt(v, cg.I128()), DecimalFor(from), to);
        break;
    case TypeId::Double:
        if (to.IsInteger())
            return DoubleToInteger(b.CreateUnaryIntrinsic(llvm::Intrinsic::trunc, v), int_bits(to));
        if (to.id == TypeId::Decimal) {
            llvm::Value* scaled = b.CreateFMul(v, llvm::ConstantFP::get(cg.F64(), std::pow(10.0, to.scale)));
            llvm::Value* rounded = b.CreateUnaryIntrinsic(llvm::Intrinsic::round, scaled, nullptr, "rounded");
            llvm::Value* limit = llvm::ConstantFP::get(cg.F64(), std::pow(10.0, to.precision));
            llvm::Value* magnitude = b.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, rounded);
            llvm::Value* in_range = b.CreateFCmpOLT(magnitude, limit); // NaN and infinities fail
            llvm::Value* value = b.CreateIntrinsic(llvm::Intrinsic::fptosi_sat, {cg.I128(), cg.F64()},
                                                   {rounded}, nullptr, "todec");
            llvm::Value* fail =
                b.CreateOr(b.CreateNot(in_range), decimal_.ExceedsPrecision(value, to.precision));
            return {value, fail};
        }
        break;
    case TypeId::Decimal:
        if (to.IsInteger())
            return Narrow(decimal_.DivPow10Truncate(v, from.scale), int_bits(to));
        if (to.id == TypeId::Double) {
            llvm::Value* d = b.CreateSIToFP(v, cg.F64(), "todouble");
            if (from.scale > 0)
                d = b.CreateFDiv(d, llvm::ConstantFP::get(cg.F64(), std::pow(10.0, from.scale)), "unscaled");
            return {d, b.getFalse()};
        }
        if (to.id == TypeId::Decimal)
            return decimal_.Rescale(v, from, to);
        break;
    default:
        break;
    }
    throw CodegenError("codegen: no numeric cast from " + from.ToString() + " to " + to.ToString());
}

Checked CastEmitter::FromTimestamp(llvm::Value* v, const Type& to) {
    llvm::IRBuilder<>& b = fb_.b();
    CodegenContext& cg = fb_.cg();
    // Epoch seconds rounded down (floor, also before 1970), as Spark's CAST(ts AS BIGINT).
    auto floor_div = [&](llvm::Value* x, int64_t d) {
        llvm::Value* divisor = b.getInt64(d);
        llvm::Value* q = b.CreateSDiv(x, divisor);
        llvm::Value* r = b.CreateSub(x, b.CreateMul(q, divisor));
        return b.CreateSub(q, b.CreateZExt(b.CreateICmpSLT(r, b.getInt64(0)), cg.I64()), "floordiv");
    };
    switch (to.id) {
    case TypeId::BigInt:
        return {floor_div(v, rt::kMicrosPerSecond), b.getFalse()};
    case TypeId::Int:
        return Narrow(floor_div(v, rt::kMicrosPerSecond), 32);
    case TypeId::Double:
        return {b.CreateFDiv(b.CreateSIToFP(v, cg.F64()), llvm::ConstantFP::get(cg.F64(), 1e6), "seconds"),
                b.getFalse()};
    case TypeId::Decimal:
        // Microseconds are seconds at scale 6; 19 digits hold every i64.
        return decimal_.Rescale(b.CreateSExt(v, cg.I128()), Type::Decimal(19, 6), to);
    case TypeId::Date:
        return {b.CreateTrunc(floor_div(v, rt::kMicrosPerDay), cg.I32(), "date"), b.getFalse()};
    default:
        throw CodegenError("codegen: no cast from TIMESTAMP to " + to.ToString());
    }
}

Checked CastEmitter::ToTimestamp(llvm::Value* v, const Type& from) {
    llvm::IRBuilder<>& b = fb_.b();
    CodegenContext& cg = fb_.cg();
    auto times = [&](llvm::Value* x, int64_t factor) -> Checked {
        llvm::Value* r = b.CreateBinaryIntrinsic(llvm::Intrinsic::smul_with_overflow,
                                                 b.CreateSExt(x, cg.I64()), b.getInt64(factor));
        return {b.CreateExtractValue(r, 0, "micros"), b.CreateExtractValue(r, 1)};
    };
    switch (from.id) {
    case TypeId::Int:
    case TypeId::BigInt:
        return times(v, rt::kMicrosPerSecond);
    case TypeId::Date:
        return times(v, rt::kMicrosPerDay);
    case TypeId::Double: {
        // Fractional seconds to the microsecond, truncated toward zero (Spark).
        llvm::Value* micros = b.CreateFMul(v, llvm::ConstantFP::get(cg.F64(), 1e6));
        return DoubleToInteger(b.CreateUnaryIntrinsic(llvm::Intrinsic::trunc, micros), 64);
    }
    case TypeId::Decimal: {
        if (from.scale <= 6) {
            Checked up = decimal_.Rescale(v, from, Type::Decimal(38, 6));
            Checked narrow = Narrow(up.value, 64);
            return {narrow.value, b.CreateOr(up.fail, narrow.fail)};
        }
        return Narrow(decimal_.DivPow10Truncate(v, from.scale - 6), 64);
    }
    default:
        throw CodegenError("codegen: no cast from " + from.ToString() + " to TIMESTAMP");
    }
}

SqlValue CastEmitter::ViaStdlib(SqlValue v, const Type& from, const Type& to, const FailPolicy& on_fail) {
    llvm::IRBuilder<>& b = fb_.b();
    std::string name;
    std::vector<SqlValue> args = {v};
    auto constant = [&](int x) { return SqlValue{b.getInt32(x), b.getFalse()}; };
    if (to.id == TypeId::String) {
        name = std::string("__CAST_") + CastName(from.id) + "_STR";
        if (from.id == TypeId::Decimal)
            args.push_back(constant(from.scale));
    } else {
        name = std::string("__CAST_STR_") + CastName(to.id);
        if (to.id == TypeId::Decimal) {
            args.push_back(constant(to.precision));
            args.push_back(constant(to.scale));
        }
    }
    const FunctionInfo* f = FindInternal(name);
    if (!f)
        throw CodegenError("codegen: no CAST from " + from.ToString() + " to " + to.ToString() +
                           " (stdlib/functions.def has no " + name + ")");
    return calls_.CallStrict(*f, args, on_fail);
}

SqlValue CastEmitter::Cast(SqlValue v, const Type& from, const Type& to, const FailPolicy& on_fail) {
    llvm::IRBuilder<>& b = fb_.b();
    CodegenContext& cg = fb_.cg();
    if (from == to)
        return v;
    if (from.IsNull())
        return {llvm::Constant::getNullValue(cg.ValueType(to)), b.getTrue()};
    if (from.id == TypeId::String || to.id == TypeId::String)
        return ViaStdlib(v, from, to, on_fail);

    Checked c;
    if (from.IsNumeric() && to.IsNumeric()) {
        c = Numeric(v.value, from, to);
    } else if (from.id == TypeId::Boolean && to.IsNumeric()) {
        switch (to.id) {
        case TypeId::Double:
            c = {b.CreateUIToFP(v.value, cg.F64()), b.getFalse()};
            break;
        case TypeId::Decimal:
            // DECIMAL(p, p) has no room for 1: only TRUE fails.
            c = {b.CreateMul(b.CreateZExt(v.value, cg.I128()), cg.Pow10(to.scale)),
                 to.precision > to.scale ? b.getFalse() : v.value};
            break;
        default:
            c = {b.CreateZExt(v.value, cg.ValueType(to)), b.getFalse()};
            break;
        }
    } else if (to.id == TypeId::Boolean && from.IsNumeric()) {
        llvm::Value* nonzero = from.id == TypeId::Double
                                   ? b.CreateFCmpUNE(v.value, llvm::ConstantFP::get(cg.F64(), 0.0))
                                   : b.CreateICmpNE(v.value, llvm::ConstantInt::get(v.value->getType(), 0));
        c = {nonzero, b.getFalse()};
    } else if (from.id == TypeId::Timestamp) {
        c = FromTimestamp(v.value, to);
    } else if (to.id == TypeId::Timestamp) {
        c = ToTimestamp(v.value, from);
    } else {
        throw CodegenError("codegen: no CAST from " + from.ToString() + " to " + to.ToString());
    }
    return ApplyFailure(fb_, {c.value, v.is_null}, c.fail, on_fail);
}

} // namespace sluice::codegen
