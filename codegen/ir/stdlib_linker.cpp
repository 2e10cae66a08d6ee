#include "codegen/ir/stdlib_linker.h"

#include <vector>

#include <llvm/IR/Constants.h>
#include <llvm/IR/Instructions.h>
#include <llvm/Linker/Linker.h>
#include <llvm/Transforms/Utils/Cloning.h>
#include <llvm/Transforms/Utils/ValueMapper.h>

#include "codegen/codegen.h"

namespace sluice::codegen {

namespace {

// Adds the globals `c` refers to (through constant expressions and aggregates) to `out`.
void CollectGlobals(const llvm::Constant* c, std::vector<const llvm::GlobalValue*>& out,
                    std::set<const llvm::Constant*>& seen) {
    if (!seen.insert(c).second)
        return;
    if (auto* gv = llvm::dyn_cast<llvm::GlobalValue>(c)) {
        out.push_back(gv);
        return;
    }
    for (const llvm::Use& op : c->operands())
        if (auto* oc = llvm::dyn_cast<llvm::Constant>(op.get()))
            CollectGlobals(oc, out, seen);
}

// The definitions of `roots` and everything they reach.
std::set<const llvm::GlobalValue*> Closure(const std::vector<const llvm::GlobalValue*>& roots) {
    std::set<const llvm::GlobalValue*> needed;
    std::vector<const llvm::GlobalValue*> work = roots;
    std::set<const llvm::Constant*> seen;
    while (!work.empty()) {
        const llvm::GlobalValue* gv = work.back();
        work.pop_back();
        if (gv->isDeclaration() || !needed.insert(gv).second)
            continue;
        std::vector<const llvm::GlobalValue*> refs;
        if (auto* f = llvm::dyn_cast<llvm::Function>(gv)) {
            for (const llvm::BasicBlock& bb : *f)
                for (const llvm::Instruction& inst : bb)
                    for (const llvm::Use& op : inst.operands())
                        if (auto* c = llvm::dyn_cast<llvm::Constant>(op.get()))
                            CollectGlobals(c, refs, seen);
        } else if (auto* var = llvm::dyn_cast<llvm::GlobalVariable>(gv); var && var->hasInitializer()) {
            CollectGlobals(var->getInitializer(), refs, seen);
        } else if (auto* alias = llvm::dyn_cast<llvm::GlobalAlias>(gv)) {
            CollectGlobals(alias->getAliasee(), refs, seen);
        }
        work.insert(work.end(), refs.begin(), refs.end());
    }
    return needed;
}

size_t InstructionCount(const std::set<const llvm::GlobalValue*>& values) {
    size_t n = 0;
    for (const llvm::GlobalValue* gv : values)
        if (auto* f = llvm::dyn_cast<llvm::Function>(gv))
            n += f->getInstructionCount();
    return n;
}

} // namespace

std::set<std::string> LinkStdlib(llvm::Module& dest, const llvm::Module& stdlib,
                                 const std::set<std::string>& used, size_t max_instructions) {
    std::vector<const llvm::GlobalValue*> roots;
    std::set<std::string> inlined;
    for (const std::string& symbol : used) {
        const llvm::Function* f = stdlib.getFunction(symbol);
        if (!f || f->isDeclaration())
            continue;
        if (max_instructions != SIZE_MAX && InstructionCount(Closure({f})) > max_instructions)
            continue;
        roots.push_back(f);
        inlined.insert(symbol);
    }
    if (roots.empty())
        return {};
    std::set<const llvm::GlobalValue*> needed = Closure(roots);

    std::set<std::string> defined_before;
    for (const llvm::GlobalValue& gv : dest.global_values())
        if (!gv.isDeclaration())
            defined_before.insert(gv.getName().str());

    llvm::ValueToValueMapTy map;
    std::unique_ptr<llvm::Module> part =
        llvm::CloneModule(stdlib, map, [&](const llvm::GlobalValue* gv) { return needed.count(gv) > 0; });
    part->setDataLayout(dest.getDataLayout());
    part->setTargetTriple(dest.getTargetTriple());
    // clang's module flags (PIC level, uwtable...) describe the stdlib's build, not this module's.
    if (llvm::NamedMDNode* flags = part->getModuleFlagsMetadata())
        part->eraseNamedMetadata(flags);
    if (llvm::Linker::linkModules(dest, std::move(part), llvm::Linker::LinkOnlyNeeded))
        throw CodegenError("codegen: linking the stdlib bitcode into the query module failed");

    std::set<std::string> linked;
    for (llvm::GlobalValue& gv : dest.global_values()) {
        if (gv.isDeclaration() || defined_before.count(gv.getName().str()))
            continue;
        gv.setLinkage(llvm::GlobalValue::InternalLinkage);
        gv.setVisibility(llvm::GlobalValue::DefaultVisibility);
        if (auto* f = llvm::dyn_cast<llvm::Function>(&gv)) {
            f->removeFnAttr("target-cpu");
            f->removeFnAttr("target-features");
            f->removeFnAttr("tune-cpu");
            if (inlined.count(f->getName().str())) {
                f->removeFnAttr(llvm::Attribute::NoInline);
                f->removeFnAttr(llvm::Attribute::OptimizeNone);
                f->addFnAttr(llvm::Attribute::AlwaysInline);
                linked.insert(f->getName().str());
            }
        }
    }
    return linked;
}

} // namespace sluice::codegen
