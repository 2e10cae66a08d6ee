#pragma once

#include <string>

#include "codegen/ir/codegen_context.h"
#include "compiler/plan/physical/physical_plan.h"

namespace sluice::codegen {

/// Generates the function of one pipeline, `int32_t symbol(sl_ctx* ctx, const sl_batch* in, sl_batch*
/// out)`: one translator per node (scan, filter/project in pipeline order, sink), linked child to parent,
/// driven through the hooks of OperatorTranslator. The result is one loop over `in` with every operator
/// fused into its body.
class PipelineCompiler {
public:
    explicit PipelineCompiler(CodegenContext& cg) : cg_(cg) {}

    llvm::Function* Compile(const plan::Pipeline& pipeline, const std::string& symbol);

private:
    CodegenContext& cg_;
};

} // namespace sluice::codegen
