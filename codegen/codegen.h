#pragma once

// The code generator's public interface: what the driver calls to turn a physical plan into native
// pipeline functions, in process (`sluice run`, ORC LLJIT) or ahead of time (`sluice build`).
// No LLVM type appears here; LLVM stays inside codegen/.
//
// Each query becomes one LLVM module with one function per pipeline, of the ABI's sl_pipeline_fn
// signature (runtime/include/sluice/abi.h). The function for pipeline `p` of a query whose plan hash
// is `h` is named PipelineSymbol(h, p.id), which is what query specs record.

#include <stdexcept>
#include <string>
#include <vector>

#include "compiler/plan/physical/physical_plan.h"
#include "runtime/engine/query_spec.h"

namespace sluice::codegen {

/// A plan codegen cannot compile (an invariant the planner should have enforced, such as an operand
/// type an operator does not take), or a failure of LLVM, the cache or the system linker.
class CodegenError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// How hard LLVM works on a query. `Fast` is the default: a short function pipeline (SROA, EarlyCSE,
/// InstCombine, SimplifyCFG) plus always-inlining of the stdlib, then instruction selection at
/// CodeGenOpt::Less; it keeps the row loop in registers at a fraction of O2's compile time.
enum class OptLevel { O0, Fast, O1, O2 };

const char* OptLevelName(OptLevel level);

/// Knobs of one compilation; the defaults are what `sluice run` uses.
struct CodegenOptions {
    OptLevel opt_level = OptLevel::Fast;
    /// Link the stdlib's INLINE functions (embedded bitcode) into the module and inline them;
    /// otherwise every stdlib function is a direct call.
    bool inline_stdlib = true;
    /// Reuse a query compiled earlier in this process (same plan hash and plan).
    bool memory_cache = true;
    /// Reuse and store object files under CacheDirectory(); also off when SLUICE_JIT_CACHE=off.
    bool disk_cache = true;
};

/// Where the milliseconds of one JitCompile went (all zero on an in-process cache hit).
struct CompileTimings {
    double build_ir_ms = 0; // plan -> IR, including the stdlib link
    double optimize_ms = 0; // the IR pass pipeline
    double codegen_ms = 0;  // instruction selection to an object file in memory
    double load_ms = 0;     // JIT link and symbol resolution (and the cache lookup/store)
};

/// The result of JIT-compiling one query: one PipelineSpec per pipeline with its id, symbol and fn (the
/// rest of a pipeline's spec comes from Compilation::BuildSpec), in
/// the order of PhysicalQuery::pipelines. The functions live until the process exits.
struct CompiledQuery {
    std::vector<rt::PipelineSpec> pipelines;
    double compile_ms = 0;       // wall time of JitCompile
    bool cache_hit = false;      // served from the in-process or the on-disk cache
    bool disk_cache_hit = false; // the object came from the on-disk cache (no LLVM optimization/codegen)
    CompileTimings timings;
};

/// The generated function's name for a pipeline: "sl_pipe_<hash>_<id>", with characters of the hash
/// that cannot appear in a symbol replaced by '_'.
std::string PipelineSymbol(const std::string& plan_hash, int pipeline_id);

/// Compiles every pipeline of `query` into native code in this process and returns their addresses.
/// One LLJIT serves the process; each query gets its own JITDylib and ResourceTracker. Thread-safe
/// (compilations are serialized). Throws CodegenError.
CompiledQuery JitCompile(const plan::PhysicalQuery& query, const std::string& plan_hash,
                         const CodegenOptions& options = {});

/// Sets the `fn` of every pipeline of `spec` (a spec built with PipelineSymbol names) from `compiled`,
/// matching symbols. Throws CodegenError when one is missing.
void BindPipelines(rt::QuerySpec& spec, const CompiledQuery& compiled);

/// Initializes LLVM, the JIT and the stdlib bitcode now rather than at the first JitCompile; the
/// driver may call it on a thread while it parses, to take ~10 ms off the time to the first batch.
void WarmUpJit();

/// The IR of a query's module, for `sluice explain --level ir`: before optimization (stdlib calls
/// still visible) or after the default pipeline. Value and block names follow the plan: `row.loop`,
/// `filter3.pass`/`filter3.skip`, `sink5.emit`, column names.
std::string QueryIR(const plan::PhysicalQuery& query, bool optimized,
                    const std::string& plan_hash = "explain", const CodegenOptions& options = {});

/// The directory of the on-disk object cache: $XDG_CACHE_HOME/sluice/jit, else ~/.cache/sluice/jit.
std::string CacheDirectory();

/// One query of an executable made by `sluice build`.
struct AotQuery {
    const plan::PhysicalQuery* query = nullptr;
    std::string plan_hash;
};

/// True when this build can link executables (the AOT entry point library exists).
bool AotAvailable();

/// Writes an x86-64 object (generic CPU, position independent) holding every pipeline of `queries` and
/// the symbols of runtime/include/sluice/aot.h: `sl_aot_spec_json` (`spec_json` plus a NUL),
/// `sl_aot_pipelines` and `sl_aot_pipeline_count`. Throws CodegenError.
void EmitAotObject(const std::vector<AotQuery>& queries, const std::string& spec_json,
                   const std::string& object_path);

/// EmitAotObject, then links it with the system C++ driver against sluice_aot_main, the runtime
/// archives and their system libraries into the executable `output_path`. Throws CodegenError with the
/// linker's output when linking fails.
void BuildExecutable(const std::vector<AotQuery>& queries, const std::string& spec_json,
                     const std::string& output_path);

} // namespace sluice::codegen
