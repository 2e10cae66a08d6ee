#pragma once

#include <string>

#include "codegen/expr/arithmetic_emitter.h"
#include "codegen/expr/cast_emitter.h"
#include "codegen/expr/comparison_emitter.h"
#include "codegen/expr/decimal_emitter.h"
#include "codegen/expr/stdlib_call.h"
#include "codegen/expr/string_emitter.h"
#include "compiler/plan/expr/bound_expr.h"

namespace sluice::codegen {

/// Where column references of an expression get their values: the row the evaluating operator
/// consumes (ColumnRef indexes that operator's input schema).
class ColumnResolver {
public:
    virtual ~ColumnResolver() = default;
    /// The value of input column `index`, computed at the current insertion point on first use.
    virtual SqlValue Column(int index) = 0;
};

/// Compiles bound expressions into IR at the builder's insertion point, as (value, is_null) pairs. NULL
/// propagates through strict operators; AND/OR/NOT are three-valued; CASE, COALESCE, IF and the right
/// side of an AND/OR that may raise or call run only when needed, so they cost nothing (and raise
/// nothing) for rows that do not need them. Runtime errors name the current operator and row.
///
/// `WHERE price > 100 AND channel = 'web'` (price BIGINT, channel STRING, both nullable) becomes
///
///   %gt  = icmp sgt i64 %price, 100
///   %lp  = extractvalue %sl_str %channel, 0
///   %eq  = icmp eq i64 %lp, 7234015779700211715    ; no call: "web" fits the 4-byte prefix
///   ; AND: FALSE if either side is a non-NULL FALSE, NULL if either is NULL, else TRUE
class ExprTranslator {
public:
    ExprTranslator(FunctionBuilder& fb, ColumnResolver& columns);

    /// Compiles a root expression (a predicate, a projection). Every column it reads is fetched first, at
    /// the current point, so the values dominate all branches the expression creates.
    SqlValue Translate(const plan::BoundExpr& expr);

private:
    SqlValue Emit(const plan::BoundExpr& e);
    SqlValue EmitLiteral(const plan::Value& v);
    SqlValue EmitOp(const plan::BoundExpr& e);
    SqlValue EmitLogic(const plan::BoundExpr& e);
    SqlValue EmitComparison(const plan::BoundExpr& e);
    SqlValue EmitIn(const plan::BoundExpr& e);
    SqlValue EmitCase(const plan::BoundExpr& e, size_t pair);
    SqlValue EmitCoalesce(const plan::BoundExpr& e, size_t index);
    SqlValue EmitExtreme(const plan::BoundExpr& e);
    SqlValue EmitLike(const plan::BoundExpr& e);
    SqlValue EmitFunction(const plan::BoundExpr& e);
    /// Emits `e` converted to `type` when the plan left an implicit widening out.
    SqlValue EmitAs(const plan::BoundExpr& e, const Type& type);
    SqlValue NullOf(const Type& type);

    /// True when evaluating `e` can neither raise an error nor call a function, so an AND/OR may
    /// evaluate it unconditionally (branch-free) instead of short-circuiting.
    static bool IsCheap(const plan::BoundExpr& e);

    FunctionBuilder& fb_;
    ColumnResolver& columns_;
    StdlibCall calls_;
    DecimalEmitter decimal_;
    StringEmitter strings_;
    ComparisonEmitter compare_;
    ArithmeticEmitter arith_;
    CastEmitter cast_;
};

/// The register constant of a non-NULL literal.
llvm::Constant* ConstantOf(CodegenContext& cg, const plan::Value& v);

} // namespace sluice::codegen
