#include "codegen/codegen.h"

#include <cstdlib>
#include <mutex>

#include <llvm/Support/FileSystem.h>
#include <llvm/Support/raw_ostream.h>

#include "codegen/aot/aot_builder.h"
#include "codegen/aot_link_config.h"
#include "codegen/ir/llvm_session.h"
#include "codegen/ir/optimizer.h"
#include "codegen/ir/stdlib_linker.h"
#include "codegen/jit/jit_engine.h"
#include "codegen/pipeline/query_module_builder.h"

namespace sluice::codegen {

const char* OptLevelName(OptLevel level) {
    switch (level) {
    case OptLevel::O0:
        return "O0";
    case OptLevel::Fast:
        return "fast";
    case OptLevel::O1:
        return "O1";
    case OptLevel::O2:
        return "O2";
    }
    return "?";
}

std::string PipelineSymbol(const std::string& plan_hash, int pipeline_id) {
    std::string symbol = "sl_pipe_";
    for (char c : plan_hash) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        symbol += ok ? c : '_';
    }
    return symbol + "_" + std::to_string(pipeline_id);
}

CompiledQuery JitCompile(const plan::PhysicalQuery& query, const std::string& plan_hash,
                         const CodegenOptions& options) {
    return JitEngine::Get().Compile(query, plan_hash, options);
}

void WarmUpJit() {
    JitEngine::Get();
    LlvmSession& session = LlvmSession::Get();
    std::lock_guard<std::mutex> lock(session.mutex());
    session.Stdlib();
    session.HostTarget(CodegenOptions{}.opt_level);
}

std::string QueryIR(const plan::PhysicalQuery& query, bool optimized, const std::string& plan_hash,
                    const CodegenOptions& options) {
    LlvmSession& session = LlvmSession::Get();
    std::lock_guard<std::mutex> lock(session.mutex());
    llvm::TargetMachine& target = session.HostTarget(options.opt_level);
    QueryModuleBuilder builder(session.context(), "query_" + plan_hash, target.createDataLayout(),
                               target.getTargetTriple().str());
    builder.AddQuery(query, plan_hash);
    std::set<std::string> used = builder.used_stdlib_symbols();
    std::unique_ptr<llvm::Module> module = builder.Finish();
    if (optimized) {
        if (options.inline_stdlib)
            if (const llvm::Module* stdlib = session.Stdlib())
                LinkStdlib(*module, *stdlib, used, kJitInlineBudget);
        OptimizeModule(*module, options.opt_level, target);
    }
    std::string text;
    llvm::raw_string_ostream os(text);
    module->print(os, nullptr);
    os.flush();
    return text;
}

std::string CacheDirectory() {
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    if (xdg && *xdg)
        return std::string(xdg) + "/sluice/jit";
    const char* home = std::getenv("HOME");
    if (home && *home)
        return std::string(home) + "/.cache/sluice/jit";
    return "";
}

bool AotAvailable() {
    return aot_config::kAvailable;
}

void EmitAotObject(const std::vector<AotQuery>& queries, const std::string& spec_json,
                   const std::string& object_path) {
    AotBuilder::EmitObject(queries, spec_json, object_path);
}

void BuildExecutable(const std::vector<AotQuery>& queries, const std::string& spec_json,
                     const std::string& output_path) {
    llvm::SmallString<128> object;
    if (auto ec = llvm::sys::fs::createTemporaryFile("sluice-aot", "o", object))
        throw CodegenError("codegen: cannot create a temporary object file: " + ec.message());
    try {
        AotBuilder::EmitObject(queries, spec_json, object.str().str());
        AotBuilder::LinkExecutable(object.str().str(), output_path);
    } catch (...) {
        llvm::sys::fs::remove(object);
        throw;
    }
    llvm::sys::fs::remove(object);
}

} // namespace sluice::codegen
