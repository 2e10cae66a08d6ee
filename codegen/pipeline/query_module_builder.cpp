#include "codegen/pipeline/query_module_builder.h"

#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>

#include "codegen/codegen.h"
#include "codegen/pipeline/pipeline_compiler.h"

namespace sluice::codegen {

QueryModuleBuilder::QueryModuleBuilder(llvm::LLVMContext& context, const std::string& name,
                                       const llvm::DataLayout& layout, const std::string& triple)
    : module_(std::make_unique<llvm::Module>(name, context)) {
    module_->setDataLayout(layout);
    module_->setTargetTriple(triple);
    cg_ = std::make_unique<CodegenContext>(*module_);
}

std::vector<std::string> QueryModuleBuilder::AddQuery(const plan::PhysicalQuery& query,
                                                      const std::string& plan_hash) {
    std::vector<std::string> symbols;
    PipelineCompiler compiler(*cg_);
    for (const plan::Pipeline& p : query.pipelines) {
        std::string symbol = PipelineSymbol(plan_hash, p.id);
        compiler.Compile(p, symbol);
        symbols.push_back(symbol);
    }
    return symbols;
}

std::unique_ptr<llvm::Module> QueryModuleBuilder::Finish() {
    std::string report;
    llvm::raw_string_ostream os(report);
    if (llvm::verifyModule(*module_, &os)) {
        os.flush();
        throw CodegenError("codegen: generated invalid IR (a code generator bug):\n" + report);
    }
    cg_.reset();
    return std::move(module_);
}

} // namespace sluice::codegen
