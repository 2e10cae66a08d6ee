#include "codegen/expr/decimal_emitter.h"

#include <algorithm>
#include <string>

#include <llvm/IR/Intrinsics.h>

#include "codegen/codegen.h"
#include "codegen/ir/control_flow.h"

namespace sluice::codegen {

namespace {

llvm::APInt Pow10Wide(unsigned bits, int n) {
    llvm::APInt v(bits, 1);
    for (int i = 0; i < n; ++i)
        v *= 10;
    return v;
}

} // namespace

llvm::Value* DecimalEmitter::Abs(llvm::Value* v) {
    llvm::IRBuilder<>& b = fb_.b();
    llvm::Value* zero = llvm::ConstantInt::get(v->getType(), 0);
    return b.CreateSelect(b.CreateICmpSLT(v, zero), b.CreateSub(zero, v), v, "abs");
}

llvm::Value* DecimalEmitter::ExceedsPrecision(llvm::Value* v, int precision) {
    llvm::IRBuilder<>& b = fb_.b();
    // |v| < 2^127 < 10^39: nothing exceeds a precision of 39 or more.
    if (precision > Type::kMaxDecimalPrecision)
        return b.getFalse();
    llvm::APInt limit = Pow10Wide(v->getType()->getIntegerBitWidth(), precision);
    llvm::Value* hi = llvm::ConstantInt::get(v->getType(), limit);
    llvm::Value* lo = llvm::ConstantInt::get(v->getType(), -limit);
    return b.CreateOr(b.CreateICmpSGE(v, hi), b.CreateICmpSLE(v, lo), "exceeds");
}

llvm::Value* DecimalEmitter::RoundedDivide(llvm::Value* v, llvm::Value* d, const llvm::Twine& name) {
    llvm::IRBuilder<>& b = fb_.b();
    llvm::Type* t = v->getType();
    llvm::Value* q = b.CreateSDiv(v, d, name + ".q");
    llvm::Value* r = b.CreateSub(v, b.CreateMul(q, d), name + ".r");
    llvm::Value* ar = Abs(r);
    // Half away from zero: |r| >= d - |r| is 2|r| >= d without overflowing.
    llvm::Value* round_away = b.CreateICmpSGE(ar, b.CreateSub(d, ar));
    llvm::Value* step = b.CreateSelect(b.CreateICmpSLT(v, llvm::ConstantInt::get(t, 0)),
                                       llvm::ConstantInt::get(t, -1, true), llvm::ConstantInt::get(t, 1));
    return b.CreateAdd(q, b.CreateSelect(round_away, step, llvm::ConstantInt::get(t, 0)), name);
}

llvm::Value* DecimalEmitter::DivPow10Truncate(llvm::Value* v, int k) {
    if (k <= 0)
        return v;
    if (k > Type::kMaxDecimalPrecision)
        return llvm::ConstantInt::get(v->getType(), 0);
    return fb_.b().CreateSDiv(v, fb_.cg().Pow10(k), "trunc");
}

Checked DecimalEmitter::Rescale(llvm::Value* v, const Type& from, const Type& to) {
    llvm::IRBuilder<>& b = fb_.b();
    int k = to.scale - from.scale;
    // Digits left of the point: the target has as many as the source (plus one where rounding can carry),
    // so the value always fits and no check is emitted.
    int carry = k < 0 ? 1 : 0;
    bool needs_check = (to.precision - to.scale) < (from.precision - from.scale) + carry;
    if (k == 0)
        return {v, needs_check ? ExceedsPrecision(v, to.precision) : b.getFalse()};
    if (k > 0) {
        llvm::Value* scaled = b.CreateMul(v, fb_.cg().Pow10(k), "upscaled");
        if (!needs_check)
            return {scaled, b.getFalse()};
        // |v| <= (10^p - 1) / 10^k, a constant: no multiplication that could overflow decides it.
        llvm::APInt bound = (Pow10Wide(128, to.precision) - 1).udiv(Pow10Wide(128, k));
        llvm::Value* hi = llvm::ConstantInt::get(fb_.cg().I128(), bound);
        llvm::Value* lo = llvm::ConstantInt::get(fb_.cg().I128(), -bound);
        return {scaled, b.CreateOr(b.CreateICmpSGT(v, hi), b.CreateICmpSLT(v, lo), "exceeds")};
    }
    llvm::Value* rounded = RoundedDivide(v, fb_.cg().Pow10(-k), "downscaled");
    return {rounded, needs_check ? ExceedsPrecision(rounded, to.precision) : b.getFalse()};
}

// Brings `v` from scale `from` to `to` with i128 overflow detection, no precision check.
static Checked ToScale(DecimalEmitter& d, FunctionBuilder& fb, llvm::Value* v, int from, int to) {
    llvm::IRBuilder<>& b = fb.b();
    if (from == to)
        return {v, b.getFalse()};
    if (to > from) {
        llvm::Value* r =
            b.CreateBinaryIntrinsic(llvm::Intrinsic::smul_with_overflow, v, fb.cg().Pow10(to - from));
        return {b.CreateExtractValue(r, 0), b.CreateExtractValue(r, 1)};
    }
    if (from - to > Type::kMaxDecimalPrecision)
        return {llvm::ConstantInt::get(v->getType(), 0), b.getFalse()};
    return {d.RoundedDivide(v, fb.cg().Pow10(from - to), "rescaled"), b.getFalse()};
}

Checked DecimalEmitter::Add(llvm::Value* a, llvm::Value* b, int scale_a, int scale_b, int scale,
                            int precision) {
    llvm::IRBuilder<>& ir = fb_.b();
    Checked x = ToScale(*this, fb_, a, scale_a, scale);
    Checked y = ToScale(*this, fb_, b, scale_b, scale);
    llvm::Value* r = ir.CreateBinaryIntrinsic(llvm::Intrinsic::sadd_with_overflow, x.value, y.value);
    llvm::Value* sum = ir.CreateExtractValue(r, 0, "sum");
    llvm::Value* fail = ir.CreateOr(ir.CreateOr(x.fail, y.fail), ir.CreateExtractValue(r, 1));
    return {sum, ir.CreateOr(fail, ExceedsPrecision(sum, precision), "overflow")};
}

Checked DecimalEmitter::Sub(llvm::Value* a, llvm::Value* b, int scale_a, int scale_b, int scale,
                            int precision) {
    llvm::IRBuilder<>& ir = fb_.b();
    Checked x = ToScale(*this, fb_, a, scale_a, scale);
    Checked y = ToScale(*this, fb_, b, scale_b, scale);
    llvm::Value* r = ir.CreateBinaryIntrinsic(llvm::Intrinsic::ssub_with_overflow, x.value, y.value);
    llvm::Value* diff = ir.CreateExtractValue(r, 0, "diff");
    llvm::Value* fail = ir.CreateOr(ir.CreateOr(x.fail, y.fail), ir.CreateExtractValue(r, 1));
    return {diff, ir.CreateOr(fail, ExceedsPrecision(diff, precision), "overflow")};
}

Checked DecimalEmitter::Mul(llvm::Value* a, llvm::Value* b, int scale_a, int scale_b, int scale,
                            int precision) {
    llvm::IRBuilder<>& ir = fb_.b();
    llvm::Value* r = ir.CreateBinaryIntrinsic(llvm::Intrinsic::smul_with_overflow, a, b);
    Checked product = ToScale(*this, fb_, ir.CreateExtractValue(r, 0, "product"), scale_a + scale_b, scale);
    llvm::Value* fail = ir.CreateOr(ir.CreateExtractValue(r, 1), product.fail);
    return {product.value, ir.CreateOr(fail, ExceedsPrecision(product.value, precision), "overflow")};
}

Checked DecimalEmitter::Div(llvm::Value* a, llvm::Value* b, int scale_a, int scale_b, int scale,
                            int precision) {
    // a/10^sa / (b/10^sb) at scale s is round(a * 10^k / b) with k = s - sa + sb.
    int k = scale - scale_a + scale_b;
    if (k < 0)
        throw CodegenError("codegen: DECIMAL division to a scale below the dividend's is not supported");
    llvm::IRBuilder<>& ir = fb_.b();
    CodegenContext& cg = fb_.cg();
    llvm::Value* zero = llvm::ConstantInt::get(cg.I128(), 0);
    llvm::Value* negative = ir.CreateXor(ir.CreateICmpSLT(a, zero), ir.CreateICmpSLT(b, zero), "negative");
    llvm::Value* na = Abs(a);
    llvm::Value* nb = Abs(b);

    // Round half up on magnitudes: q = n / d, plus one when the remainder is at least half of d.
    auto rounded_quotient = [&](llvm::Value* n, llvm::Value* d, const char* name) {
        llvm::Value* q = ir.CreateUDiv(n, d, std::string(name) + ".q");
        llvm::Value* r = ir.CreateSub(n, ir.CreateMul(q, d));
        llvm::Value* up = ir.CreateICmpUGE(r, ir.CreateSub(d, r));
        return ir.CreateAdd(q, ir.CreateZExt(up, n->getType()), name);
    };
    // Numerators beyond 127 bits: exact in 256 bits (LLVM expands the division inline).
    auto wide = [&]() -> SqlValue {
        llvm::Type* i256 = llvm::Type::getIntNTy(cg.llvm_context(), 256);
        llvm::Value* n =
            ir.CreateMul(ir.CreateZExt(na, i256), llvm::ConstantInt::get(i256, Pow10Wide(256, k)));
        llvm::Value* q = rounded_quotient(n, ir.CreateZExt(nb, i256), "quotient256");
        llvm::Value* too_big = ir.CreateICmpUGE(
            q, llvm::ConstantInt::get(i256,
                                      Pow10Wide(256, std::min<int>(precision, Type::kMaxDecimalPrecision))));
        return {ir.CreateTrunc(q, cg.I128()), too_big};
    };
    SqlValue magnitude; // {quotient, fail}: IfElse merges the pair of the path taken
    if (k <= Type::kMaxDecimalPrecision) {
        llvm::APInt bound = llvm::APInt::getSignedMaxValue(128).udiv(Pow10Wide(128, k));
        llvm::Value* fits = ir.CreateICmpULE(na, llvm::ConstantInt::get(cg.I128(), bound), "fits128");
        magnitude = IfElse(
            fb_, fits, "decdiv",
            [&]() -> SqlValue {
                llvm::Value* n = ir.CreateMul(na, cg.Pow10(k));
                return {rounded_quotient(n, nb, "quotient"), ir.getFalse()};
            },
            wide);
    } else {
        magnitude = wide();
    }
    llvm::Value* q =
        ir.CreateSelect(negative, ir.CreateSub(zero, magnitude.value), magnitude.value, "quotient");
    return {q, ir.CreateOr(magnitude.is_null, ExceedsPrecision(q, precision), "overflow")};
}

llvm::Value* DecimalEmitter::Rem(llvm::Value* a, llvm::Value* b) {
    llvm::IRBuilder<>& ir = fb_.b();
    llvm::Type* t = a->getType();
    // x % -1 is 0 like x % 1, and dividing by 1 cannot overflow for any bits a NULL operand may hold.
    llvm::Value* safe = ir.CreateSelect(ir.CreateICmpEQ(b, llvm::ConstantInt::get(t, -1, true)),
                                        llvm::ConstantInt::get(t, 1), b);
    return ir.CreateSRem(a, safe, "rem");
}

Checked DecimalEmitter::Floor(llvm::Value* v, int scale, int precision) {
    llvm::IRBuilder<>& b = fb_.b();
    if (scale == 0)
        return {v, b.getFalse()};
    llvm::Value* p = fb_.cg().Pow10(scale);
    llvm::Value* q = b.CreateSDiv(v, p);
    llvm::Value* r = b.CreateSub(v, b.CreateMul(q, p));
    q = b.CreateSub(q,
                    b.CreateZExt(b.CreateICmpSLT(r, llvm::ConstantInt::get(v->getType(), 0)), v->getType()));
    llvm::Value* result = b.CreateMul(q, p, "floor");
    return {result, ExceedsPrecision(result, precision)};
}

Checked DecimalEmitter::Ceil(llvm::Value* v, int scale, int precision) {
    llvm::IRBuilder<>& b = fb_.b();
    if (scale == 0)
        return {v, b.getFalse()};
    llvm::Value* p = fb_.cg().Pow10(scale);
    llvm::Value* q = b.CreateSDiv(v, p);
    llvm::Value* r = b.CreateSub(v, b.CreateMul(q, p));
    q = b.CreateAdd(q,
                    b.CreateZExt(b.CreateICmpSGT(r, llvm::ConstantInt::get(v->getType(), 0)), v->getType()));
    llvm::Value* result = b.CreateMul(q, p, "ceil");
    return {result, ExceedsPrecision(result, precision)};
}

Checked DecimalEmitter::Round(llvm::Value* v, llvm::Value* digits, int scale, int precision) {
    llvm::IRBuilder<>& b = fb_.b();
    CodegenContext& cg = fb_.cg();
    // k = scale - digits fraction digits to drop, in i64 so that no i32 digits overflows it.
    llvm::Value* k = b.CreateSub(b.getInt64(scale), b.CreateSExt(digits, cg.I64()), "drop");
    llvm::Value* unchanged = b.CreateICmpSLE(k, b.getInt64(0));
    // Dropping more than 38 digits rounds every DECIMAL to 0 (|v| < 10^38 <= 10^k / 2).
    llvm::Value* to_zero = b.CreateICmpSGT(k, b.getInt64(Type::kMaxDecimalPrecision));
    llvm::Value* index = b.CreateSelect(b.CreateOr(unchanged, to_zero), b.getInt64(0), k);
    llvm::GlobalVariable* table = cg.Pow10Table();
    llvm::Value* pk = b.CreateLoad(
        cg.I128(), b.CreateInBoundsGEP(table->getValueType(), table, {b.getInt64(0), index}), "pow10");
    llvm::Value* rounded = b.CreateMul(RoundedDivide(v, pk, "round"), pk);
    llvm::Value* zero = llvm::ConstantInt::get(cg.I128(), 0);
    llvm::Value* result = b.CreateSelect(unchanged, v, b.CreateSelect(to_zero, zero, rounded), "rounded");
    llvm::Value* fail =
        b.CreateSelect(b.CreateOr(unchanged, to_zero), b.getFalse(), ExceedsPrecision(rounded, precision));
    return {result, fail};
}

Checked DecimalEmitter::Sign(llvm::Value* v, int scale, int precision) {
    llvm::IRBuilder<>& b = fb_.b();
    llvm::Type* t = v->getType();
    llvm::Value* zero = llvm::ConstantInt::get(t, 0);
    llvm::Value* one = fb_.cg().Pow10(scale);
    llvm::Value* minus_one = b.CreateSub(zero, one);
    llvm::Value* result = b.CreateSelect(b.CreateICmpSGT(v, zero), one,
                                         b.CreateSelect(b.CreateICmpSLT(v, zero), minus_one, zero), "sign");
    // DECIMAL(p, p) has no room for 1.
    llvm::Value* fail = scale >= precision ? b.CreateICmpNE(v, zero) : b.getFalse();
    return {result, fail};
}

} // namespace sluice::codegen
