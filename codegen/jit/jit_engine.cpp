#include "codegen/jit/jit_engine.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <mutex>

#include <map>
#include <optional>
#include <vector>

#include <llvm/Config/llvm-config.h>
#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/Mangling.h>
#include <llvm/Support/SHA256.h>
#include <llvm/Support/raw_ostream.h>

#include "codegen/ir/llvm_session.h"
#include "codegen/ir/optimizer.h"
#include "codegen/ir/stdlib_linker.h"
#include "codegen/jit/disk_cache.h"
#include "codegen/jit/plan_fingerprint.h"
#include "codegen/jit/symbol_table.h"
#include "codegen/pipeline/query_module_builder.h"

namespace sluice::codegen {

namespace {

/// Bump when generated code changes for the same plan: it invalidates every on-disk object.
constexpr const char* kCodegenVersion = "sluice-codegen-3";

using Clock = std::chrono::steady_clock;

double MillisSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

bool DiskCacheDisabledByEnvironment() {
    const char* v = std::getenv("SLUICE_JIT_CACHE");
    return v && (std::string(v) == "off" || std::string(v) == "0" || std::string(v) == "false");
}

} // namespace

/// The LLJIT and what the engine keeps per compiled query.
struct JitEngine::State {
    std::unique_ptr<llvm::orc::LLJIT> jit;
    std::map<std::string, CompiledQuery> compiled;      /// in-process cache by cache key
    std::vector<llvm::orc::ResourceTrackerSP> trackers; /// one per loaded query; kept for the process
    int next_dylib = 0;

    std::string CacheKey(const plan::PhysicalQuery& query, const std::string& plan_hash,
                         const CodegenOptions& options);
    std::unique_ptr<llvm::MemoryBuffer> CompileToObject(const plan::PhysicalQuery& query,
                                                        const std::string& plan_hash,
                                                        const CodegenOptions& options,
                                                        CompileTimings& timings);
    /// Links `object` into a new JITDylib and resolves `symbols`; nullopt (and nothing kept) on failure.
    std::optional<std::vector<sl_pipeline_fn>> Load(std::unique_ptr<llvm::MemoryBuffer> object,
                                                    const std::vector<std::string>& symbols,
                                                    std::string* error);
};

JitEngine& JitEngine::Get() {
    static JitEngine* engine = new JitEngine(); // JIT'd code must outlive every static destructor
    return *engine;
}

JitEngine::~JitEngine() = default;

JitEngine::JitEngine() : state_(std::make_unique<State>()) {
    LlvmSession& session = LlvmSession::Get();
    std::lock_guard<std::mutex> lock(session.mutex());
    auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
    if (!builder)
        throw CodegenError("codegen: cannot describe this host to LLVM: " +
                           llvm::toString(builder.takeError()));
    builder->setCodeGenOptLevel(CodegenLevel(OptLevel::Fast));
    auto jit = llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(std::move(*builder)).create();
    if (!jit)
        throw CodegenError("codegen: cannot start the JIT: " + llvm::toString(jit.takeError()));
    state_->jit = std::move(*jit);
    llvm::orc::LLJIT& lljit = *state_->jit;

    llvm::orc::JITDylib& main = lljit.getMainJITDylib();
    llvm::orc::MangleAndInterner mangle(lljit.getExecutionSession(), lljit.getDataLayout());
    llvm::orc::SymbolMap symbols;
    for (const auto& [name, address] : JitSymbols())
        symbols[mangle(name)] =
            llvm::JITEvaluatedSymbol(llvm::pointerToJITTargetAddress(address),
                                     llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable);
    if (auto err = main.define(llvm::orc::absoluteSymbols(std::move(symbols))))
        throw CodegenError("codegen: cannot define the runtime symbols: " + llvm::toString(std::move(err)));
    // Anything else LLVM may lower to (libm) resolves from this process.
    auto process = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
        lljit.getDataLayout().getGlobalPrefix());
    if (!process)
        throw CodegenError("codegen: cannot search this process's symbols: " +
                           llvm::toString(process.takeError()));
    main.addGenerator(std::move(*process));
}

std::string JitEngine::State::CacheKey(const plan::PhysicalQuery& query, const std::string& plan_hash,
                                       const CodegenOptions& options) {
    LlvmSession& session = LlvmSession::Get();
    std::string text = std::string(kCodegenVersion) + "\n" LLVM_VERSION_STRING "\n" +
                       session.HostTargetKey() + "\n" + OptLevelName(options.opt_level) +
                       (options.inline_stdlib ? "/inline\n" : "/calls\n") +
                       std::string(session.StdlibDigest()) + "\n" + plan_hash + "\n" + PlanFingerprint(query);
    auto digest = llvm::SHA256::hash(
        llvm::ArrayRef<uint8_t>(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
    static const char kHex[] = "0123456789abcdef";
    std::string key;
    for (uint8_t byte : digest) {
        key += kHex[byte >> 4];
        key += kHex[byte & 15];
    }
    return key;
}

std::unique_ptr<llvm::MemoryBuffer> JitEngine::State::CompileToObject(const plan::PhysicalQuery& query,
                                                                      const std::string& plan_hash,
                                                                      const CodegenOptions& options,
                                                                      CompileTimings& timings) {
    LlvmSession& session = LlvmSession::Get();
    llvm::TargetMachine& target = session.HostTarget(options.opt_level);
    auto start = Clock::now();
    QueryModuleBuilder builder(session.context(), "query_" + plan_hash, target.createDataLayout(),
                               target.getTargetTriple().str());
    builder.AddQuery(query, plan_hash);
    std::set<std::string> used = builder.used_stdlib_symbols();
    std::unique_ptr<llvm::Module> module = builder.Finish();
    if (options.inline_stdlib)
        if (const llvm::Module* stdlib = session.Stdlib())
            LinkStdlib(*module, *stdlib, used, kJitInlineBudget);
    timings.build_ir_ms = MillisSince(start);

    start = Clock::now();
    OptimizeModule(*module, options.opt_level, target);
    timings.optimize_ms = MillisSince(start);

    start = Clock::now();
    std::unique_ptr<llvm::MemoryBuffer> object = EmitObjectFile(*module, target);
    timings.codegen_ms = MillisSince(start);
    return object;
}

std::optional<std::vector<sl_pipeline_fn>> JitEngine::State::Load(std::unique_ptr<llvm::MemoryBuffer> object,
                                                                  const std::vector<std::string>& symbols,
                                                                  std::string* error) {
    auto dylib = jit->createJITDylib("sluice.query." + std::to_string(next_dylib++));
    if (!dylib) {
        *error = llvm::toString(dylib.takeError());
        return std::nullopt;
    }
    dylib->addToLinkOrder(jit->getMainJITDylib());
    llvm::orc::ResourceTrackerSP tracker = dylib->createResourceTracker();
    if (auto err = jit->addObjectFile(tracker, std::move(object))) {
        *error = llvm::toString(std::move(err));
        return std::nullopt;
    }
    std::vector<sl_pipeline_fn> fns;
    for (const std::string& symbol : symbols) {
        auto address = jit->lookup(*dylib, symbol);
        if (!address) {
            *error = llvm::toString(address.takeError());
            if (auto err = tracker->remove())
                llvm::consumeError(std::move(err));
            return std::nullopt;
        }
        fns.push_back(address->toPtr<sl_pipeline_fn>());
    }
    trackers.push_back(tracker);
    return fns;
}

CompiledQuery JitEngine::Compile(const plan::PhysicalQuery& query, const std::string& plan_hash,
                                 const CodegenOptions& options) {
    auto start = Clock::now();
    LlvmSession& session = LlvmSession::Get();
    std::lock_guard<std::mutex> lock(session.mutex());

    State& state = *state_;
    std::string key = state.CacheKey(query, plan_hash, options);
    if (options.memory_cache) {
        auto it = state.compiled.find(key);
        if (it != state.compiled.end()) {
            CompiledQuery hit = it->second;
            hit.cache_hit = true;
            hit.disk_cache_hit = false;
            hit.timings = {};
            hit.compile_ms = MillisSince(start);
            return hit;
        }
    }

    CompiledQuery result;
    std::string directory = options.disk_cache && !DiskCacheDisabledByEnvironment() ? CacheDirectory() : "";
    std::optional<DiskCache> disk;
    if (!directory.empty())
        disk.emplace(directory);

    std::unique_ptr<llvm::MemoryBuffer> object;
    if (disk) {
        auto t = Clock::now();
        object = disk->Load(key);
        result.timings.load_ms += MillisSince(t);
        result.disk_cache_hit = object != nullptr;
    }
    if (!object) {
        object = state.CompileToObject(query, plan_hash, options, result.timings);
        if (disk) {
            auto t = Clock::now();
            disk->Store(key, *object);
            result.timings.load_ms += MillisSince(t);
        }
    }

    std::vector<std::string> symbols;
    for (const plan::Pipeline& p : query.pipelines)
        symbols.push_back(PipelineSymbol(plan_hash, p.id));
    auto t = Clock::now();
    std::string error;
    auto fns = state.Load(std::move(object), symbols, &error);
    if (!fns && result.disk_cache_hit) {
        // A cached object that no longer links (a runtime symbol it names is gone): recompile.
        disk->Remove(key);
        result.disk_cache_hit = false;
        object = state.CompileToObject(query, plan_hash, options, result.timings);
        disk->Store(key, *object);
        fns = state.Load(std::move(object), symbols, &error);
    }
    if (!fns)
        throw CodegenError("codegen: the JIT could not link query " + plan_hash + ": " + error);
    result.timings.load_ms += MillisSince(t);

    for (size_t i = 0; i < query.pipelines.size(); ++i) {
        rt::PipelineSpec spec;
        spec.id = query.pipelines[i].id;
        spec.symbol = symbols[i];
        spec.fn = (*fns)[i];
        result.pipelines.push_back(std::move(spec));
    }
    result.cache_hit = result.disk_cache_hit;
    result.compile_ms = MillisSince(start);
    if (options.memory_cache)
        state.compiled[key] = result;
    return result;
}

void BindPipelines(rt::QuerySpec& spec, const CompiledQuery& compiled) {
    for (rt::PipelineSpec& p : spec.pipelines) {
        auto it = std::find_if(compiled.pipelines.begin(), compiled.pipelines.end(),
                               [&](const rt::PipelineSpec& c) { return c.symbol == p.symbol; });
        if (it == compiled.pipelines.end())
            throw CodegenError("codegen: no compiled function for pipeline " + p.symbol);
        p.fn = it->fn;
    }
}

} // namespace sluice::codegen
