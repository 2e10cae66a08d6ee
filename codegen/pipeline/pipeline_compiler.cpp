#include "codegen/pipeline/pipeline_compiler.h"

#include <memory>
#include <vector>

#include "codegen/codegen.h"
#include "codegen/operator/filter_translator.h"
#include "codegen/operator/project_translator.h"
#include "codegen/operator/scan_translator.h"
#include "codegen/operator/sink_translator.h"

namespace sluice::codegen {

llvm::Function* PipelineCompiler::Compile(const plan::Pipeline& pipeline, const std::string& symbol) {
    if (!pipeline.source || pipeline.source->kind != plan::PhysicalKind::Scan || !pipeline.breaker ||
        pipeline.breaker->kind != plan::PhysicalKind::Sink)
        throw CodegenError("codegen: pipeline " + std::to_string(pipeline.id) +
                           " is not from a scan to a sink");
    if (cg_.module().getFunction(symbol))
        throw CodegenError("codegen: the module already defines " + symbol);

    auto* type = llvm::FunctionType::get(cg_.I32(), {cg_.Ptr(), cg_.Ptr(), cg_.Ptr()}, false);
    auto* fn = llvm::Function::Create(type, llvm::Function::ExternalLinkage, symbol, cg_.module());
    fn->setDoesNotThrow();
    const char* names[] = {"ctx", "in", "out"};
    for (unsigned i = 0; i < 3; ++i) {
        fn->getArg(i)->setName(names[i]);
        fn->addParamAttr(i, llvm::Attribute::NoCapture);
    }
    // The ABI hands a pipeline two distinct batches and reads `in` only.
    fn->addParamAttr(1, llvm::Attribute::NoAlias);
    fn->addParamAttr(1, llvm::Attribute::ReadOnly);
    fn->addParamAttr(2, llvm::Attribute::NoAlias);

    FunctionBuilder fb(cg_, fn);
    std::vector<std::unique_ptr<OperatorTranslator>> chain;
    chain.push_back(
        std::make_unique<ScanTranslator>(fb, static_cast<const plan::PhysicalScan&>(*pipeline.source)));
    for (const plan::PhysicalNode* node : pipeline.operators) {
        switch (node->kind) {
        case plan::PhysicalKind::Filter:
            chain.push_back(
                std::make_unique<FilterTranslator>(fb, static_cast<const plan::PhysicalFilter&>(*node)));
            break;
        case plan::PhysicalKind::Project:
            chain.push_back(
                std::make_unique<ProjectTranslator>(fb, static_cast<const plan::PhysicalProject&>(*node)));
            break;
        default:
            throw CodegenError(std::string("codegen: no translator for ") +
                               plan::PhysicalKindName(node->kind) + " inside a pipeline");
        }
    }
    chain.push_back(
        std::make_unique<SinkTranslator>(fb, static_cast<const plan::PhysicalSink&>(*pipeline.breaker)));
    for (size_t i = 0; i + 1 < chain.size(); ++i)
        chain[i]->set_parent(chain[i + 1].get());

    for (auto& t : chain)
        t->Init();
    chain.front()->Produce();
    for (auto& t : chain)
        t->Finish();
    fb.b().CreateRet(fb.b().getInt32(SL_OK));
    return fn;
}

} // namespace sluice::codegen
