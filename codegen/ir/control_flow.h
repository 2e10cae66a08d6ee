#pragma once

// Structured control flow for translators: conditionals, counted loops and mutable locals, so that no
// translator creates, links or merges basic blocks itself. Each helper leaves the builder in the block
// where code after the construct goes. Constant conditions are folded (no block is made).

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <llvm/ADT/STLFunctionalExtras.h>

#include "codegen/ir/function_builder.h"

namespace sluice::codegen {

/// `if (cond) then();` with blocks `<then_name>` and `<end_name>` (the join).
///
///   br i1 %cond, label %filter3.pass, label %filter3.skip
///   filter3.pass:  ...then()...  br label %filter3.skip
///   filter3.skip:  ; emission continues here
void If(FunctionBuilder& fb, llvm::Value* cond, const std::string& then_name, const std::string& end_name,
        llvm::function_ref<void()> then);

/// `cond ? then() : otherwise()` for SQL values; the two results meet in phis in `<name>.end`. Only the
/// taken side runs, so a side that may raise an error or call a function costs nothing when not taken.
SqlValue IfElse(FunctionBuilder& fb, llvm::Value* cond, const std::string& name,
                llvm::function_ref<SqlValue()> then, llvm::function_ref<SqlValue()> otherwise);

/// The same for a plain (non-NULL) LLVM value.
llvm::Value* IfElseValue(FunctionBuilder& fb, llvm::Value* cond, const std::string& name,
                         llvm::function_ref<llvm::Value*()> then,
                         llvm::function_ref<llvm::Value*()> otherwise);

/// One arm of SwitchValue: a constant key and the code computing the arm's result.
using SwitchArm = std::pair<llvm::ConstantInt*, std::function<llvm::Value*()>>;

/// `switch (key) { case k: arm_k(); ... default: otherwise(); }` with the arms' (non-NULL) results
/// merged in a phi in `<name>.end`. Keys must be distinct and of key's type.
llvm::Value* SwitchValue(FunctionBuilder& fb, llvm::Value* key, const std::vector<SwitchArm>& arms,
                         llvm::function_ref<llvm::Value*()> otherwise, const std::string& name);

/// `for (i = begin; i < end; ++i) body(i);` over i64, with blocks `<name>.loop` (the header and its
/// phi, named `<name>`), `<name>.body`, `<name>.next` and `<name>.done`.
void CountedLoop(FunctionBuilder& fb, llvm::Value* begin, llvm::Value* end, const std::string& name,
                 llvm::function_ref<void(llvm::Value* index)> body);

/// `while (true) { body(exit_if); }`: the body leaves the loop through exit_if(cond), which goes to
/// `<name>.done` when cond holds and continues in a new block otherwise. Blocks `<name>.loop` (the
/// header) and `<name>.done`.
void Loop(FunctionBuilder& fb, const std::string& name,
          llvm::function_ref<void(const std::function<void(llvm::Value*)>& exit_if)> body);

/// A mutable local: a stack slot in the entry block that SROA promotes to SSA registers (and phis).
/// For state updated under nested conditionals, such as the output row counter.
class Variable {
public:
    Variable(FunctionBuilder& fb, llvm::Type* type, const std::string& name, llvm::Value* initial);
    llvm::Value* Get();
    void Set(llvm::Value* value);

private:
    FunctionBuilder& fb_;
    llvm::AllocaInst* slot_;
    std::string name_;
};

} // namespace sluice::codegen
