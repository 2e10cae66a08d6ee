#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <llvm/ExecutionEngine/Orc/LLJIT.h>

#include "codegen/codegen.h"

namespace sluice::codegen {

/// The process's JIT. One ORC LLJIT whose main JITDylib holds absolute symbols for everything generated
/// code calls (JitSymbols), plus one JITDylib and ResourceTracker per compiled query, so queries never
/// collide on symbol names and each one's memory is one unit.
///
/// Compilation happens here rather than in ORC's IR layer: build the module, link the stdlib bitcode,
/// optimize, emit an object in memory, and hand the object to LLJIT. That order is what lets the
/// on-disk cache skip everything but the (cheap) link when the same plan was compiled before. Cache keys
/// hash the codegen version, LLVM version, host CPU, options, stdlib bitcode digest, plan hash and plan
/// fingerprint.
class JitEngine {
public:
    static JitEngine& Get();

    /// Requires LlvmSession's mutex to be free (it takes it).
    CompiledQuery Compile(const plan::PhysicalQuery& query, const std::string& plan_hash,
                          const CodegenOptions& options);

private:
    JitEngine();
    std::string CacheKey(const plan::PhysicalQuery& query, const std::string& plan_hash,
                         const CodegenOptions& options);
    std::unique_ptr<llvm::MemoryBuffer> CompileToObject(const plan::PhysicalQuery& query,
                                                        const std::string& plan_hash, const CodegenOptions& options,
                                                        CompileTimings& timings);
    /// Links `object` into a new JITDylib and resolves `symbols`; nullopt (and nothing kept) on failure.
    std::optional<std::vector<sl_pipeline_fn>> Load(std::unique_ptr<llvm::MemoryBuffer> object,
                                                    const std::vector<std::string>& symbols, std::string* error);

    std::unique_ptr<llvm::orc::LLJIT> jit_;
    std::map<std::string, CompiledQuery> compiled_; /// in-process cache by cache key
    std::vector<llvm::orc::ResourceTrackerSP> trackers_; /// one per loaded query; kept for the process
    int next_dylib_ = 0;
};

} // namespace sluice::codegen
