#include "codegen/pipeline/pipeline_compiler.h"

#include <memory>
#include <vector>

#include "codegen/codegen.h"
#include "codegen/operator/aggregate_translator.h"
#include "codegen/operator/exchange_translator.h"
#include "codegen/operator/filter_translator.h"
#include "codegen/operator/project_translator.h"
#include "codegen/operator/scan_translator.h"
#include "codegen/operator/sink_translator.h"
#include "codegen/operator/window_translator.h"

namespace sluice::codegen {

llvm::Function* PipelineCompiler::Compile(const plan::Pipeline& pipeline, const std::string& symbol) {
    if (!pipeline.source || !pipeline.breaker)
        throw CodegenError("codegen: pipeline " + std::to_string(pipeline.id) +
                           " lacks a source or a breaker");
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
    switch (pipeline.source->kind) {
    case plan::PhysicalKind::Scan:
    case plan::PhysicalKind::Exchange:
        chain.push_back(std::make_unique<ScanTranslator>(fb, *pipeline.source));
        break;
    case plan::PhysicalKind::Aggregate:
        chain.push_back(std::make_unique<AggregateEmitTranslator>(
            fb, static_cast<const plan::PhysicalAggregate&>(*pipeline.source), pipeline.rows_per_input_row));
        break;
    default:
        throw CodegenError(std::string("codegen: a pipeline cannot start at ") +
                           plan::PhysicalKindName(pipeline.source->kind));
    }
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
        case plan::PhysicalKind::WindowAssign:
            chain.push_back(std::make_unique<WindowAssignTranslator>(
                fb, static_cast<const plan::PhysicalWindowAssign&>(*node)));
            break;
        case plan::PhysicalKind::Dedup:
            chain.push_back(
                std::make_unique<DedupTranslator>(fb, static_cast<const plan::PhysicalDedup&>(*node)));
            break;
        default:
            throw CodegenError(std::string("codegen: no translator for ") +
                               plan::PhysicalKindName(node->kind) + " inside a pipeline");
        }
    }
    switch (pipeline.breaker->kind) {
    case plan::PhysicalKind::Sink:
        chain.push_back(std::make_unique<SinkTranslator>(fb, *pipeline.breaker));
        break;
    case plan::PhysicalKind::Exchange:
        chain.push_back(std::make_unique<ExchangeWriteTranslator>(
            fb, static_cast<const plan::PhysicalExchange&>(*pipeline.breaker)));
        break;
    case plan::PhysicalKind::Aggregate:
        chain.push_back(std::make_unique<AggregateUpdateTranslator>(
            fb, static_cast<const plan::PhysicalAggregate&>(*pipeline.breaker)));
        break;
    default:
        throw CodegenError(std::string("codegen: a pipeline cannot end at ") +
                           plan::PhysicalKindName(pipeline.breaker->kind));
    }
    for (size_t i = 0; i + 1 < chain.size(); ++i)
        chain[i]->set_parent(chain[i + 1].get());

    for (auto& t : chain)
        t->Init();
    chain.front()->Produce();
    for (auto& t : chain)
        t->Finish();
    llvm::Value* rc = chain.front()->ReturnCode();
    fb.b().CreateRet(rc ? rc : fb.b().getInt32(SL_OK));
    return fn;
}

} // namespace sluice::codegen
