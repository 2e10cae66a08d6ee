#pragma once

#include "codegen/expr/decimal_emitter.h"
#include "codegen/expr/stdlib_call.h"

namespace sluice::codegen {

/// CAST and TRY_CAST for every pair compiler/types CanCast allows. A value that does not convert
/// fails per the policy (CAST: SL_ERR_CAST for the operator and row; TRY_CAST: NULL).
///
///   numeric -> numeric   integers range-checked; DOUBLE -> integer truncates toward zero (NaN and
///                        out-of-range values fail); DECIMAL -> integer truncates; -> DECIMAL rounds half
///                        up and checks the precision
///   BOOLEAN <-> numeric  FALSE/TRUE are 0/1; a number is TRUE when not zero (NaN is TRUE)
///   TIMESTAMP <-> DATE   floor to the day / midnight
///   TIMESTAMP -> numeric epoch seconds: BIGINT and INT floor, DOUBLE and DECIMAL keep the fraction
///   numeric -> TIMESTAMP epoch seconds (fractions kept to the microsecond, truncated)
///   STRING <-> any       the stdlib's __CAST_* functions (text forms of runtime/common/value_format)
///
/// `CAST(price AS INT)` on BIGINT becomes
///
///   %fits = and (icmp sge i64 %price, -2147483648), (icmp sle i64 %price, 2147483647)
///   ; not fits and price not NULL: raise SL_ERR_CAST
///   %cast = trunc i64 %price to i32
class CastEmitter {
public:
    CastEmitter(FunctionBuilder& fb, DecimalEmitter& decimal, StdlibCall& calls)
        : fb_(fb), decimal_(decimal), calls_(calls) {}

    SqlValue Cast(SqlValue v, const Type& from, const Type& to, const FailPolicy& on_fail);

private:
    Checked Numeric(llvm::Value* v, const Type& from, const Type& to);
    Checked FromTimestamp(llvm::Value* v, const Type& to);
    Checked ToTimestamp(llvm::Value* v, const Type& from);
    /// A double, already scaled and integral, to an integer of `bits`; fails outside the range or NaN.
    Checked DoubleToInteger(llvm::Value* d, unsigned bits);
    /// A wide signed integer narrowed to `bits`, failing when it does not fit.
    Checked Narrow(llvm::Value* v, unsigned bits);
    SqlValue ViaStdlib(SqlValue v, const Type& from, const Type& to, const FailPolicy& on_fail);

    FunctionBuilder& fb_;
    DecimalEmitter& decimal_;
    StdlibCall& calls_;
};

} // namespace sluice::codegen
