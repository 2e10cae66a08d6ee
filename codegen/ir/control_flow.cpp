#include "codegen/ir/control_flow.h"

#include <optional>

#include "codegen/codegen.h"

namespace sluice::codegen {

namespace {

// The constant value of an i1, if it is one.
std::optional<bool> ConstantBool(llvm::Value* v) {
    if (auto* c = llvm::dyn_cast<llvm::ConstantInt>(v))
        return !c->isZero();
    return std::nullopt;
}

llvm::Value* Merge(FunctionBuilder& fb, llvm::Value* a, llvm::BasicBlock* a_block, llvm::Value* b,
                   llvm::BasicBlock* b_block, const std::string& name) {
    if (a == b)
        return a;
    if (a->getType() != b->getType())
        throw CodegenError("codegen: the branches of a conditional produce different types");
    llvm::PHINode* phi = fb.b().CreatePHI(a->getType(), 2, name);
    phi->addIncoming(a, a_block);
    phi->addIncoming(b, b_block);
    return phi;
}

} // namespace

void If(FunctionBuilder& fb, llvm::Value* cond, const std::string& then_name, const std::string& end_name,
        llvm::function_ref<void()> then) {
    if (auto c = ConstantBool(cond)) {
        if (*c)
            then();
        return;
    }
    llvm::BasicBlock* then_block = fb.NewBlock(then_name);
    llvm::BasicBlock* end_block = fb.NewBlock(end_name);
    fb.b().CreateCondBr(cond, then_block, end_block);
    fb.b().SetInsertPoint(then_block);
    then();
    if (!fb.Terminated())
        fb.b().CreateBr(end_block);
    // Keep blocks in emission order so that the IR reads top to bottom.
    end_block->moveAfter(fb.b().GetInsertBlock());
    fb.b().SetInsertPoint(end_block);
}

SqlValue IfElse(FunctionBuilder& fb, llvm::Value* cond, const std::string& name,
                llvm::function_ref<SqlValue()> then, llvm::function_ref<SqlValue()> otherwise) {
    if (auto c = ConstantBool(cond))
        return *c ? then() : otherwise();
    llvm::BasicBlock* then_block = fb.NewBlock(name + ".then");
    llvm::BasicBlock* else_block = fb.NewBlock(name + ".else");
    llvm::BasicBlock* end_block = fb.NewBlock(name + ".end");
    fb.b().CreateCondBr(cond, then_block, else_block);

    fb.b().SetInsertPoint(then_block);
    SqlValue t = then();
    llvm::BasicBlock* then_end = fb.b().GetInsertBlock();
    fb.b().CreateBr(end_block);

    else_block->moveAfter(then_end);
    fb.b().SetInsertPoint(else_block);
    SqlValue e = otherwise();
    llvm::BasicBlock* else_end = fb.b().GetInsertBlock();
    fb.b().CreateBr(end_block);

    end_block->moveAfter(else_end);
    fb.b().SetInsertPoint(end_block);
    return {Merge(fb, t.value, then_end, e.value, else_end, name),
            Merge(fb, t.is_null, then_end, e.is_null, else_end, name + ".null")};
}

llvm::Value* IfElseValue(FunctionBuilder& fb, llvm::Value* cond, const std::string& name,
                         llvm::function_ref<llvm::Value*()> then,
                         llvm::function_ref<llvm::Value*()> otherwise) {
    SqlValue v = IfElse(
        fb, cond, name,
        [&] {
            return SqlValue{then(), fb.b().getFalse()};
        },
        [&] {
            return SqlValue{otherwise(), fb.b().getFalse()};
        });
    return v.value;
}

llvm::Value* SwitchValue(FunctionBuilder& fb, llvm::Value* key, const std::vector<SwitchArm>& arms,
                         llvm::function_ref<llvm::Value*()> otherwise, const std::string& name) {
    llvm::IRBuilder<>& b = fb.b();
    llvm::BasicBlock* default_block = fb.NewBlock(name + ".default");
    llvm::BasicBlock* end_block = fb.NewBlock(name + ".end");
    llvm::SwitchInst* sw = b.CreateSwitch(key, default_block, static_cast<unsigned>(arms.size()));
    std::vector<std::pair<llvm::Value*, llvm::BasicBlock*>> incoming;
    for (const SwitchArm& arm : arms) {
        llvm::BasicBlock* block = fb.NewBlock(name + ".case");
        block->moveBefore(default_block);
        sw->addCase(arm.first, block);
        b.SetInsertPoint(block);
        llvm::Value* v = arm.second();
        incoming.emplace_back(v, b.GetInsertBlock());
        b.CreateBr(end_block);
    }
    default_block->moveAfter(b.GetInsertBlock());
    b.SetInsertPoint(default_block);
    llvm::Value* v = otherwise();
    incoming.emplace_back(v, b.GetInsertBlock());
    b.CreateBr(end_block);
    end_block->moveAfter(b.GetInsertBlock());
    b.SetInsertPoint(end_block);
    llvm::PHINode* phi = b.CreatePHI(v->getType(), static_cast<unsigned>(incoming.size()), name);
    for (auto& [value, block] : incoming) {
        if (value->getType() != v->getType())
            throw CodegenError("codegen: the arms of a switch produce different types");
        phi->addIncoming(value, block);
    }
    return phi;
}

void CountedLoop(FunctionBuilder& fb, llvm::Value* begin, llvm::Value* end, const std::string& name,
                 llvm::function_ref<void(llvm::Value* index)> body) {
    llvm::IRBuilder<>& b = fb.b();
    llvm::BasicBlock* preheader = b.GetInsertBlock();
    llvm::BasicBlock* header = fb.NewBlock(name + ".loop");
    llvm::BasicBlock* body_block = fb.NewBlock(name + ".body");
    llvm::BasicBlock* latch = fb.NewBlock(name + ".next");
    llvm::BasicBlock* done = fb.NewBlock(name + ".done");
    b.CreateBr(header);

    b.SetInsertPoint(header);
    llvm::PHINode* index = b.CreatePHI(b.getInt64Ty(), 2, name);
    index->addIncoming(begin, preheader);
    b.CreateCondBr(b.CreateICmpSLT(index, end, name + ".more"), body_block, done);

    b.SetInsertPoint(body_block);
    body(index);
    if (!fb.Terminated())
        b.CreateBr(latch);

    latch->moveAfter(b.GetInsertBlock());
    b.SetInsertPoint(latch);
    llvm::Value* next = b.CreateAdd(index, b.getInt64(1), name + ".inc", /*HasNUW=*/true, /*HasNSW=*/true);
    index->addIncoming(next, latch);
    b.CreateBr(header);

    done->moveAfter(latch);
    b.SetInsertPoint(done);
}

Variable::Variable(FunctionBuilder& fb, llvm::Type* type, const std::string& name, llvm::Value* initial)
    : fb_(fb), slot_(fb.EntryAlloca(type, name + ".slot")), name_(name) {
    fb_.b().CreateStore(initial, slot_);
}

llvm::Value* Variable::Get() {
    return fb_.b().CreateLoad(slot_->getAllocatedType(), slot_, name_);
}

void Variable::Set(llvm::Value* value) {
    fb_.b().CreateStore(value, slot_);
}

void Loop(FunctionBuilder& fb, const std::string& name,
          llvm::function_ref<void(const std::function<void(llvm::Value*)>& exit_if)> body) {
    llvm::IRBuilder<>& b = fb.b();
    llvm::BasicBlock* header = fb.NewBlock(name + ".loop");
    llvm::BasicBlock* done = fb.NewBlock(name + ".done");
    b.CreateBr(header);
    b.SetInsertPoint(header);
    body([&](llvm::Value* cond) {
        llvm::BasicBlock* next = fb.NewBlock(name + ".cont");
        b.CreateCondBr(cond, done, next);
        b.SetInsertPoint(next);
    });
    b.CreateBr(header);
    b.SetInsertPoint(done);
}

} // namespace sluice::codegen
