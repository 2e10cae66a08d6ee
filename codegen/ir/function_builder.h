#pragma once

#include <string>
#include <string_view>

#include <llvm/IR/IRBuilder.h>

#include "codegen/ir/codegen_context.h"

namespace sluice::codegen {

/// A SQL value in registers: `value` of CodegenContext::ValueType and an i1 `is_null`. When `is_null`
/// is true, `value` is unspecified (any bit pattern, e.g. whatever a NULL slot of a column holds):
/// code may compute with it but must not trap, call, or raise an error because of it.
struct SqlValue {
    llvm::Value* value = nullptr;
    llvm::Value* is_null = nullptr;
};

/// The state of one generated function while translators fill it: the IRBuilder, the `entry` block
/// that collects allocas and loop-invariant setup (column base pointers, the batch timestamp) no matter
/// where the code asking for them is, the operator and input row that runtime errors are attributed to,
/// and the alias scopes that tell LLVM input columns never overlap output columns.
class FunctionBuilder {
public:
    /// Creates the skeleton `entry: br label %start` and leaves the builder at `start`. The function's
    /// arguments are (sl_ctx* ctx, const sl_batch* in, sl_batch* out), the pipeline ABI.
    FunctionBuilder(CodegenContext& cg, llvm::Function* function);

    CodegenContext& cg() { return cg_; }
    llvm::IRBuilder<>& b() { return builder_; }
    llvm::LLVMContext& context() { return cg_.llvm_context(); }
    llvm::Function* function() { return function_; }
    llvm::Value* Ctx() { return function_->getArg(0); }
    llvm::Value* In() { return function_->getArg(1); }
    llvm::Value* Out() { return function_->getArg(2); }

    llvm::BasicBlock* NewBlock(const llvm::Twine& name);
    /// Continues emitting in a new block reached by a branch from the current one. Costs nothing after
    /// SimplifyCFG; used where a named block makes the IR easier to read (`sink5.emit`).
    void StartBlock(const llvm::Twine& name);

    /// Runs `emit` with the builder at the end of the entry block, for values that do not change while
    /// the function runs; returns what `emit` returns.
    template <typename F> auto AtEntry(F&& emit) -> decltype(emit()) {
        llvm::IRBuilderBase::InsertPointGuard guard(builder_);
        builder_.SetInsertPoint(entry_->getTerminator());
        return emit();
    }
    /// A stack slot in the entry block (where SROA can promote it to registers).
    llvm::AllocaInst* EntryAlloca(llvm::Type* type, const llvm::Twine& name);

    /// Tags a load of input column data / a store to output column data with the function's alias
    /// scopes: the two never overlap (the ABI hands a pipeline distinct batches), so LLVM may keep
    /// loaded values in registers across stores and vectorize.
    void MarkInputAccess(llvm::Instruction* access);
    void MarkOutputAccess(llvm::Instruction* access);

    /// The operator (`explain` id) and input row that runtime errors raised from here on belong to.
    int operator_id() const { return operator_id_; }
    void set_operator_id(int id) { operator_id_ = id; }
    llvm::Value* row() { return row_ ? row_ : builder_.getInt64(-1); }
    void set_row(llvm::Value* row) { row_ = row; }

    /// When `cond` holds at run time: records `code` (an SL_ERR_*) with the current operator, row and
    /// `detail` through sl_rt_error_raise, and returns the code from the pipeline function. Emission
    /// continues on the path where `cond` is false.
    void RaiseIf(llvm::Value* cond, int32_t code, std::string_view detail);
    /// RaiseIf with a code computed at run time (a stdlib function's error return).
    void RaiseIf(llvm::Value* cond, llvm::Value* code, std::string_view detail);

    /// CURRENT_TIMESTAMP: sl_rt_ctx_batch_timestamp(ctx), called once in the entry block.
    llvm::Value* BatchTimestamp();

    /// True when the current block already ends in a terminator.
    bool Terminated() { return builder_.GetInsertBlock()->getTerminator() != nullptr; }

private:
    CodegenContext& cg_;
    llvm::Function* function_;
    llvm::IRBuilder<> builder_;
    llvm::BasicBlock* entry_;
    int operator_id_ = -1;
    llvm::Value* row_ = nullptr;
    llvm::Value* batch_timestamp_ = nullptr;
    llvm::MDNode* input_scope_ = nullptr;  /// !{input scope}
    llvm::MDNode* output_scope_ = nullptr; /// !{output scope}
};

/// Sets the operator runtime errors are attributed to for as long as it lives.
class OperatorScope {
public:
    OperatorScope(FunctionBuilder& fb, int operator_id) : fb_(fb), saved_(fb.operator_id()) {
        fb.set_operator_id(operator_id);
    }
    ~OperatorScope() { fb_.set_operator_id(saved_); }
    OperatorScope(const OperatorScope&) = delete;
    OperatorScope& operator=(const OperatorScope&) = delete;

private:
    FunctionBuilder& fb_;
    int saved_;
};

} // namespace sluice::codegen
