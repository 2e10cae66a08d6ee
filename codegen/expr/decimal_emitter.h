#pragma once

#include "codegen/expr/checked.h"
#include "codegen/ir/function_builder.h"
#include "compiler/types/type.h"

namespace sluice::codegen {

/// DECIMAL arithmetic on unscaled i128 values (value * 10^scale), checked against 10^precision.
/// Rounding is half away from zero (Java's HALF_UP, as Spark). Every function takes raw values: a
/// NULL operand's bits are arbitrary, so results may be garbage but never trap (no division by a value
/// that can be zero, no poison-producing flags).
///
/// `price * qty` with DECIMAL(10,2) * DECIMAL(5,0) -> DECIMAL(16,2) becomes
///
///   %m = call { i128, i1 } @llvm.smul.with.overflow.i128(i128 %price, i128 %qty)
///   ; fail = overflow || |product| >= 10^16
class DecimalEmitter {
public:
    explicit DecimalEmitter(FunctionBuilder& fb) : fb_(fb) {}

    /// True when |v| >= 10^precision (v does not fit DECIMAL(precision, _)).
    llvm::Value* ExceedsPrecision(llvm::Value* v, int precision);
    /// v from DECIMAL `from` to DECIMAL `to`: exact when scaling up, rounded half up when dropping
    /// digits; fails when the result does not fit to's precision (checked only where it can happen).
    Checked Rescale(llvm::Value* v, const Type& from, const Type& to);
    /// v / 10^k truncated toward zero (k may exceed 38: the result is then 0).
    llvm::Value* DivPow10Truncate(llvm::Value* v, int k);
    /// round(v / d) half away from zero, for d > 0 (d must not be zero at run time).
    llvm::Value* RoundedDivide(llvm::Value* v, llvm::Value* d, const llvm::Twine& name);

    Checked Add(llvm::Value* a, llvm::Value* b, int scale_a, int scale_b, int scale, int precision);
    Checked Sub(llvm::Value* a, llvm::Value* b, int scale_a, int scale_b, int scale, int precision);
    /// The exact product has scale scale_a + scale_b; it is rescaled when the result scale differs.
    Checked Mul(llvm::Value* a, llvm::Value* b, int scale_a, int scale_b, int scale, int precision);
    /// a / b rounded half up to `scale`; b must not be zero at run time (the caller maps that to NULL).
    /// Numerators beyond i128 take a 256-bit path.
    Checked Div(llvm::Value* a, llvm::Value* b, int scale_a, int scale_b, int scale, int precision);
    /// Remainder with the sign of the dividend, operands at one scale; b must not be zero at run time.
    llvm::Value* Rem(llvm::Value* a, llvm::Value* b);

    /// FLOOR / CEIL keeping the scale: floor(1.25) at scale 2 is 1.00.
    Checked Floor(llvm::Value* v, int scale, int precision);
    Checked Ceil(llvm::Value* v, int scale, int precision);
    /// ROUND(v, d) keeping the scale, d an i32 known at run time (may be negative).
    Checked Round(llvm::Value* v, llvm::Value* digits, int scale, int precision);
    /// SIGN(v) at the same scale: -1, 0 or 1 times 10^scale.
    Checked Sign(llvm::Value* v, int scale, int precision);

private:
    llvm::Value* Abs(llvm::Value* v);
    FunctionBuilder& fb_;
};

} // namespace sluice::codegen
