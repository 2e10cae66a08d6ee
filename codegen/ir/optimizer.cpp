#include "codegen/ir/optimizer.h"

#include <llvm/ADT/SmallVector.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/PassManager.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/SmallVectorMemoryBuffer.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Transforms/IPO/AlwaysInliner.h>
#include <llvm/Transforms/IPO/GlobalDCE.h>
#include <llvm/Transforms/InstCombine/InstCombine.h>
#include <llvm/Transforms/Scalar/EarlyCSE.h>
#include <llvm/Transforms/Scalar/SROA.h>
#include <llvm/Transforms/Scalar/SimplifyCFG.h>

namespace sluice::codegen {

llvm::CodeGenOpt::Level CodegenLevel(OptLevel level) {
    switch (level) {
    case OptLevel::O0:
        return llvm::CodeGenOpt::None;
    case OptLevel::Fast:
    case OptLevel::O1:
        return llvm::CodeGenOpt::Less;
    case OptLevel::O2:
        return llvm::CodeGenOpt::Default;
    }
    return llvm::CodeGenOpt::Less;
}

void OptimizeModule(llvm::Module& module, OptLevel level, llvm::TargetMachine& target) {
    llvm::LoopAnalysisManager lam;
    llvm::FunctionAnalysisManager fam;
    llvm::CGSCCAnalysisManager cgam;
    llvm::ModuleAnalysisManager mam;
    llvm::PassBuilder pb(&target);
    pb.registerModuleAnalyses(mam);
    pb.registerCGSCCAnalyses(cgam);
    pb.registerFunctionAnalyses(fam);
    pb.registerLoopAnalyses(lam);
    pb.crossRegisterProxies(lam, fam, cgam, mam);

    llvm::ModulePassManager mpm;
    switch (level) {
    case OptLevel::O0:
        mpm.addPass(llvm::AlwaysInlinerPass(/*InsertLifetimeIntrinsics=*/false));
        break;
    case OptLevel::Fast: {
        mpm.addPass(llvm::AlwaysInlinerPass(/*InsertLifetimeIntrinsics=*/false));
        llvm::FunctionPassManager fpm;
        fpm.addPass(llvm::SROAPass(llvm::SROAOptions::ModifyCFG));
        fpm.addPass(llvm::EarlyCSEPass(/*UseMemorySSA=*/false));
        fpm.addPass(llvm::InstCombinePass());
        fpm.addPass(llvm::SimplifyCFGPass());
        mpm.addPass(llvm::createModuleToFunctionPassAdaptor(std::move(fpm)));
        mpm.addPass(llvm::GlobalDCEPass());
        break;
    }
    case OptLevel::O1:
        mpm = pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O1);
        break;
    case OptLevel::O2:
        mpm = pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2);
        break;
    }
    mpm.run(module, mam);
}

std::unique_ptr<llvm::MemoryBuffer> EmitObjectFile(llvm::Module& module, llvm::TargetMachine& target) {
    llvm::SmallVector<char, 0> bytes;
    {
        llvm::raw_svector_ostream os(bytes);
        llvm::legacy::PassManager pm;
        if (target.addPassesToEmitFile(pm, os, nullptr, llvm::CGFT_ObjectFile))
            throw CodegenError("codegen: the target cannot emit object files");
        pm.run(module);
    }
    return std::make_unique<llvm::SmallVectorMemoryBuffer>(std::move(bytes), module.getName(),
                                                           /*RequiresNullTerminator=*/false);
}

} // namespace sluice::codegen
