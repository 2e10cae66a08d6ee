#pragma once

#include "codegen/expr/string_emitter.h"

namespace sluice::codegen {

/// Comparisons of every SQL type. Doubles follow Spark: NaN equals NaN and is larger than every other
/// value (so that comparison, GREATEST/LEAST, IN and sorting agree), -0.0 equals 0.0. Booleans order
/// FALSE < TRUE; DECIMAL operands are at one scale (the binder casts them).
class ComparisonEmitter {
public:
    ComparisonEmitter(FunctionBuilder& fb, StringEmitter& strings) : fb_(fb), strings_(strings) {}

    /// a <op> b (Eq..Ge) on non-NULL values of `type`; i1.
    llvm::Value* Compare(plan::ExprOp op, const Type& type, llvm::Value* a, llvm::Value* b);
    /// Three-valued a <op> b: NULL when either side is NULL, in which case no string function runs.
    SqlValue Compare3(plan::ExprOp op, const Type& type, SqlValue a, SqlValue b);

private:
    llvm::Value* CompareDouble(plan::ExprOp op, llvm::Value* a, llvm::Value* b);
    FunctionBuilder& fb_;
    StringEmitter& strings_;
};

} // namespace sluice::codegen
