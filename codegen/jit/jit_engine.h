#pragma once

#include <memory>
#include <string>

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
/// fingerprint. The ORC types stay in jit_engine.cpp (they make a translation unit ~10 s slower to build).
class JitEngine {
public:
    static JitEngine& Get();

    /// Requires LlvmSession's mutex to be free (it takes it).
    CompiledQuery Compile(const plan::PhysicalQuery& query, const std::string& plan_hash,
                          const CodegenOptions& options);

private:
    JitEngine();
    ~JitEngine();
    struct State;
    std::unique_ptr<State> state_;
};

} // namespace sluice::codegen
