#pragma once

#include <llvm/IR/Value.h>

namespace sluice::codegen {

/// A computed value and the i1 condition under which computing it failed (overflow, a value out of a
/// target type's range); `fail` is the constant false where nothing can fail. The caller decides what
/// failure means (FailPolicy) and masks it with the operands' NULL flags (LiveFailure).
struct Checked {
    llvm::Value* value = nullptr;
    llvm::Value* fail = nullptr;
};

} // namespace sluice::codegen
