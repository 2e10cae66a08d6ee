#include "codegen/ir/function_builder.h"

#include <llvm/IR/MDBuilder.h>

namespace sluice::codegen {

FunctionBuilder::FunctionBuilder(CodegenContext& cg, llvm::Function* function)
    : cg_(cg), function_(function), builder_(cg.llvm_context()) {
    entry_ = llvm::BasicBlock::Create(context(), "entry", function_);
    llvm::BasicBlock* start = llvm::BasicBlock::Create(context(), "start", function_);
    builder_.SetInsertPoint(entry_);
    builder_.CreateBr(start);
    builder_.SetInsertPoint(start);

    llvm::MDBuilder md(context());
    llvm::MDNode* domain = md.createAnonymousAliasScopeDomain("pipeline");
    input_scope_ = llvm::MDNode::get(context(), {md.createAnonymousAliasScope(domain, "input")});
    output_scope_ = llvm::MDNode::get(context(), {md.createAnonymousAliasScope(domain, "output")});
}

llvm::BasicBlock* FunctionBuilder::NewBlock(const llvm::Twine& name) {
    return llvm::BasicBlock::Create(context(), name, function_);
}

void FunctionBuilder::StartBlock(const llvm::Twine& name) {
    llvm::BasicBlock* next = NewBlock(name);
    builder_.CreateBr(next);
    builder_.SetInsertPoint(next);
}

llvm::AllocaInst* FunctionBuilder::EntryAlloca(llvm::Type* type, const llvm::Twine& name) {
    llvm::IRBuilderBase::InsertPointGuard guard(builder_);
    builder_.SetInsertPoint(entry_, entry_->getFirstInsertionPt());
    llvm::AllocaInst* slot = builder_.CreateAlloca(type, nullptr, name);
    // C compilers align __int128 (sl_decimal) to 16 and store it with aligned SSE moves; LLVM 16's x86-64
    // data layout says 8. A slot a stdlib function writes a DECIMAL to must satisfy the C side.
    if (type->isIntegerTy(128))
        slot->setAlignment(llvm::Align(16));
    return slot;
}

void FunctionBuilder::MarkInputAccess(llvm::Instruction* access) {
    access->setMetadata(llvm::LLVMContext::MD_alias_scope, input_scope_);
    access->setMetadata(llvm::LLVMContext::MD_noalias, output_scope_);
}

void FunctionBuilder::MarkOutputAccess(llvm::Instruction* access) {
    access->setMetadata(llvm::LLVMContext::MD_alias_scope, output_scope_);
    access->setMetadata(llvm::LLVMContext::MD_noalias, input_scope_);
}

void FunctionBuilder::RaiseIf(llvm::Value* cond, int32_t code, std::string_view detail) {
    RaiseIf(cond, builder_.getInt32(code), detail);
}

void FunctionBuilder::RaiseIf(llvm::Value* cond, llvm::Value* code, std::string_view detail) {
    if (auto* c = llvm::dyn_cast<llvm::ConstantInt>(cond); c && c->isZero())
        return;
    llvm::BasicBlock* error = NewBlock("error");
    llvm::BasicBlock* ok = NewBlock("ok");
    // Errors end the batch: keep the row loop's hot path straight and the error path out of line.
    builder_.CreateCondBr(cond, error, ok, llvm::MDBuilder(context()).createBranchWeights(1, 1u << 20));
    builder_.SetInsertPoint(error);
    llvm::Value* raised =
        builder_.CreateCall(cg_.Runtime(RuntimeFn::sl_rt_error_raise),
                            {Ctx(), code, builder_.getInt32(operator_id_), row(), cg_.CString(detail)});
    builder_.CreateRet(raised);
    builder_.SetInsertPoint(ok);
}

llvm::Value* FunctionBuilder::BatchTimestamp() {
    if (!batch_timestamp_) {
        batch_timestamp_ = AtEntry([&] {
            return builder_.CreateCall(cg_.Runtime(RuntimeFn::sl_rt_ctx_batch_timestamp), {Ctx()},
                                       "batch_timestamp");
        });
    }
    return batch_timestamp_;
}

} // namespace sluice::codegen
