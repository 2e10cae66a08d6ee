#pragma once

#include <memory>
#include <set>
#include <string>

#include <llvm/IR/Module.h>

#include "codegen/ir/codegen_context.h"
#include "compiler/plan/physical/physical_plan.h"

namespace sluice::codegen {

/// Builds the LLVM module of one query (JIT, explain) or of every query of a file (AOT): one function
/// per pipeline, named PipelineSymbol(plan_hash, id). The module carries the target's triple and data
/// layout from the start, as LLVM requires before any IR is built.
class QueryModuleBuilder {
public:
    QueryModuleBuilder(llvm::LLVMContext& context, const std::string& name, const llvm::DataLayout& layout,
                       const std::string& triple);

    /// Adds the pipelines of `query`. Returns the symbols defined, in pipeline order.
    std::vector<std::string> AddQuery(const plan::PhysicalQuery& query, const std::string& plan_hash);

    llvm::Module& module() { return *module_; }
    CodegenContext& cg() { return *cg_; }
    /// Stdlib symbols the module calls (candidates for the bitcode link).
    const std::set<std::string>& used_stdlib_symbols() const { return cg_->used_stdlib_symbols(); }

    /// Verifies the module (a failure is a codegen bug: CodegenError with the verifier's report) and
    /// hands it over.
    std::unique_ptr<llvm::Module> Finish();

private:
    std::unique_ptr<llvm::Module> module_;
    std::unique_ptr<CodegenContext> cg_;
};

} // namespace sluice::codegen
