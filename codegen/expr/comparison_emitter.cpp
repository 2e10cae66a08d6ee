#include "codegen/expr/comparison_emitter.h"

#include "codegen/codegen.h"
#include "codegen/ir/control_flow.h"

namespace sluice::codegen {

namespace {

llvm::CmpInst::Predicate IntegerPredicate(plan::ExprOp op, bool is_signed) {
    switch (op) {
    case plan::ExprOp::Eq:
        return llvm::CmpInst::ICMP_EQ;
    case plan::ExprOp::Ne:
        return llvm::CmpInst::ICMP_NE;
    case plan::ExprOp::Lt:
        return is_signed ? llvm::CmpInst::ICMP_SLT : llvm::CmpInst::ICMP_ULT;
    case plan::ExprOp::Le:
        return is_signed ? llvm::CmpInst::ICMP_SLE : llvm::CmpInst::ICMP_ULE;
    case plan::ExprOp::Gt:
        return is_signed ? llvm::CmpInst::ICMP_SGT : llvm::CmpInst::ICMP_UGT;
    case plan::ExprOp::Ge:
        return is_signed ? llvm::CmpInst::ICMP_SGE : llvm::CmpInst::ICMP_UGE;
    default:
        throw CodegenError("codegen: not a comparison");
    }
}

} // namespace

llvm::Value* ComparisonEmitter::CompareDouble(plan::ExprOp op, llvm::Value* a, llvm::Value* b_) {
    llvm::IRBuilder<>& b = fb_.b();
    auto is_nan = [&](llvm::Value* x) { return b.CreateFCmpUNO(x, x); };
    // a < b, with NaN above every number.
    auto less = [&](llvm::Value* x, llvm::Value* y) {
        return b.CreateOr(b.CreateFCmpOLT(x, y), b.CreateAnd(b.CreateNot(is_nan(x)), is_nan(y)));
    };
    auto equal = [&] { return b.CreateOr(b.CreateFCmpOEQ(a, b_), b.CreateAnd(is_nan(a), is_nan(b_)), "eq"); };
    switch (op) {
    case plan::ExprOp::Eq:
        return equal();
    case plan::ExprOp::Ne:
        return b.CreateNot(equal(), "ne");
    case plan::ExprOp::Lt:
        return less(a, b_);
    case plan::ExprOp::Gt:
        return less(b_, a);
    case plan::ExprOp::Le:
        return b.CreateNot(less(b_, a), "le");
    case plan::ExprOp::Ge:
        return b.CreateNot(less(a, b_), "ge");
    default:
        throw CodegenError("codegen: not a comparison");
    }
}

llvm::Value* ComparisonEmitter::Compare(plan::ExprOp op, const Type& type, llvm::Value* a, llvm::Value* b) {
    switch (type.id) {
    case TypeId::Null:
    case TypeId::Boolean:
        return fb_.b().CreateICmp(IntegerPredicate(op, false), a, b, "cmp");
    case TypeId::Int:
    case TypeId::BigInt:
    case TypeId::Decimal:
    case TypeId::Timestamp:
    case TypeId::Date:
    case TypeId::Interval:
        return fb_.b().CreateICmp(IntegerPredicate(op, true), a, b, "cmp");
    case TypeId::Double:
        return CompareDouble(op, a, b);
    case TypeId::String:
        return strings_.Compare(op, a, b);
    }
    throw CodegenError("codegen: cannot compare " + type.ToString());
}

SqlValue ComparisonEmitter::Compare3(plan::ExprOp op, const Type& type, SqlValue a, SqlValue b) {
    llvm::Value* is_null = fb_.b().CreateOr(a.is_null, b.is_null, "cmp.null");
    if (type.id != TypeId::String)
        return {Compare(op, type, a.value, b.value), is_null};
    // String comparisons may read the bytes behind the views: never for a NULL (its view is garbage).
    llvm::Value* v = IfElseValue(
        fb_, is_null, "cmp", [&] { return fb_.b().getFalse(); },
        [&] { return Compare(op, type, a.value, b.value); });
    return {v, is_null};
}

} // namespace sluice::codegen
