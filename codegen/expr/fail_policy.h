#pragma once

#include <cstdint>
#include <string>

#include "codegen/ir/function_builder.h"
#include "sluice/abi.h"

namespace sluice::codegen {

/// What a value-level check that fails at run time does: raise an SL_ERR_* error for the current
/// operator and row (CAST, arithmetic, a stdlib function's error return, which raises the function's
/// own code), or make the value NULL (TRY_CAST).
struct FailPolicy {
    bool to_null = false;
    /// The check cannot fail by construction (an internal comparison function): emit nothing.
    bool cannot_fail = false;
    int32_t code = SL_ERR_INTERNAL;
    /// The error's detail text, naming the expression: "BIGINT overflow in (price * qty)".
    std::string detail;

    static FailPolicy Raise(int32_t code, std::string detail) {
        return {false, false, code, std::move(detail)};
    }
    static FailPolicy Null() { return {true, false, SL_OK, {}}; }
    static FailPolicy CannotFail() { return {false, true, SL_OK, {}}; }
};

/// `fail && !is_null`, written as a select so that a poison `fail` computed from a NULL's meaningless
/// bits never reaches a branch (a select does not propagate its unchosen operand).
inline llvm::Value* LiveFailure(FunctionBuilder& fb, llvm::Value* is_null, llvm::Value* fail) {
    return fb.b().CreateSelect(is_null, fb.b().getFalse(), fail, "fails");
}

/// Applies `policy` where `fail` (i1) holds for a non-NULL `v`: raises, or returns `v` made NULL. A
/// failure of a NULL value is no failure (its bits mean nothing).
inline SqlValue ApplyFailure(FunctionBuilder& fb, SqlValue v, llvm::Value* fail, const FailPolicy& policy) {
    if (auto* c = llvm::dyn_cast<llvm::ConstantInt>(fail); policy.cannot_fail || (c && c->isZero()))
        return v;
    if (policy.to_null)
        return {v.value, fb.b().CreateSelect(v.is_null, fb.b().getTrue(), fail, "failed")};
    fb.RaiseIf(LiveFailure(fb, v.is_null, fail), policy.code, policy.detail);
    return v;
}

} // namespace sluice::codegen
