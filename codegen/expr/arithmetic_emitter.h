#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "codegen/expr/decimal_emitter.h"
#include "codegen/expr/fail_policy.h"
#include "compiler/plan/expr/bound_expr.h"

namespace sluice::codegen {

/// Arithmetic on numbers, timestamps and intervals, and the numeric builtins of functions.def (ABS,
/// SIGN, FLOOR, CEIL, ROUND, MOD). Integer overflow raises SL_ERR_OVERFLOW; division and modulo by zero
/// give NULL (the language's one rule).
///
/// `price * 2` on BIGINT becomes
///
///   %mul = call { i64, i1 } @llvm.smul.with.overflow.i64(i64 %price, i64 2)
///   ; overflow and price not NULL: sl_rt_error_raise(ctx, SL_ERR_OVERFLOW, <op>, %row,
///   ;                                                "BIGINT overflow in (price * 2)"), return
class ArithmeticEmitter {
public:
    ArithmeticEmitter(FunctionBuilder& fb, DecimalEmitter& decimal) : fb_(fb), decimal_(decimal) {}

    /// a <op> b for Add, Sub, Mul, Div, Mod with the plan's operand and result types.
    SqlValue Binary(plan::ExprOp op, SqlValue a, const Type& ta, SqlValue b, const Type& tb,
                    const Type& result, const std::string& detail);
    /// -a.
    SqlValue Negate(SqlValue a, const Type& type, const std::string& detail);
    /// A numeric builtin (ABS, SIGN, FLOOR, CEIL, ROUND, MOD) on arguments of the plan's types. Each is
    /// STRICT: NULL in, NULL out.
    SqlValue Builtin(std::string_view name, const std::vector<SqlValue>& args, const std::vector<Type>& types,
                     const Type& result, const std::string& detail);

private:
    SqlValue Integer(plan::ExprOp op, SqlValue a, SqlValue b, const Type& result, const std::string& detail);
    SqlValue Double(plan::ExprOp op, SqlValue a, SqlValue b);
    SqlValue Decimal(plan::ExprOp op, SqlValue a, const Type& ta, SqlValue b, const Type& tb,
                     const Type& result, const std::string& detail);
    /// Integer remainder with the sign of the dividend; NULL for a zero divisor.
    SqlValue IntegerMod(SqlValue a, SqlValue b);
    /// ROUND of an integer to `digits` (negative rounds to tens, hundreds...).
    SqlValue RoundInteger(SqlValue v, const Type& type, SqlValue digits, const std::string& detail);
    llvm::Value* OverflowIntrinsic(plan::ExprOp op, llvm::Value* a, llvm::Value* b, llvm::Value** overflow);

    FunctionBuilder& fb_;
    DecimalEmitter& decimal_;
};

} // namespace sluice::codegen
