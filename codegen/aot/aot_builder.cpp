#include "codegen/aot/aot_builder.h"

#include <map>
#include <mutex>

#include <llvm/ADT/SmallString.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/Program.h>
#include <llvm/Support/raw_ostream.h>

#include "codegen/aot_link_config.h"
#include "codegen/ir/llvm_session.h"
#include "codegen/ir/optimizer.h"
#include "codegen/ir/stdlib_linker.h"
#include "codegen/jit/plan_fingerprint.h"
#include "codegen/pipeline/query_module_builder.h"

namespace sluice::codegen {

namespace {

// Defines `name` as an external constant (the aot.h symbols are const data).
void DefineConstant(llvm::Module& module, const std::string& name, llvm::Constant* value) {
    auto* gv = new llvm::GlobalVariable(module, value->getType(), /*isConstant=*/true,
                                        llvm::GlobalValue::ExternalLinkage, value, name);
    gv->setAlignment(llvm::Align(8));
}

} // namespace

void AotBuilder::EmitObject(const std::vector<AotQuery>& queries, const std::string& spec_json,
                            const std::string& object_path) {
    LlvmSession& session = LlvmSession::Get();
    std::lock_guard<std::mutex> lock(session.mutex());
    std::unique_ptr<llvm::TargetMachine> target = session.GenericTarget();

    QueryModuleBuilder builder(session.context(), "sluice_aot", target->createDataLayout(),
                               target->getTargetTriple().str());
    std::map<std::string, std::string> emitted; // plan hash -> fingerprint
    std::vector<std::string> symbols;
    for (const AotQuery& q : queries) {
        if (!q.query)
            throw CodegenError("codegen: an AOT query without a plan");
        std::string fingerprint = PlanFingerprint(*q.query);
        auto [it, inserted] = emitted.emplace(q.plan_hash, fingerprint);
        if (!inserted) {
            if (it->second != fingerprint)
                throw CodegenError("codegen: two different plans share the plan hash " + q.plan_hash);
            continue;
        }
        for (std::string& s : builder.AddQuery(*q.query, q.plan_hash))
            symbols.push_back(std::move(s));
    }

    CodegenContext& cg = builder.cg();
    llvm::Module& module = builder.module();
    llvm::LLVMContext& ctx = session.context();
    // const char sl_aot_spec_json[] (with its NUL), sl_aot_pipelines[] and sl_aot_pipeline_count.
    DefineConstant(module, "sl_aot_spec_json", llvm::ConstantDataArray::getString(ctx, spec_json, true));
    auto* entry_type = llvm::StructType::get(ctx, {cg.Ptr(), cg.Ptr()});
    std::vector<llvm::Constant*> entries;
    for (const std::string& s : symbols)
        entries.push_back(llvm::ConstantStruct::get(entry_type, {cg.CString(s), module.getFunction(s)}));
    auto* table_type = llvm::ArrayType::get(entry_type, entries.size());
    DefineConstant(module, "sl_aot_pipelines", llvm::ConstantArray::get(table_type, entries));
    DefineConstant(module, "sl_aot_pipeline_count",
                   llvm::ConstantInt::get(cg.I32(), static_cast<uint64_t>(symbols.size())));

    std::set<std::string> used = builder.used_stdlib_symbols();
    std::unique_ptr<llvm::Module> finished = builder.Finish();
    if (const llvm::Module* stdlib = session.Stdlib())
        LinkStdlib(*finished, *stdlib, used);
    OptimizeModule(*finished, OptLevel::O2, *target);
    std::unique_ptr<llvm::MemoryBuffer> object = EmitObjectFile(*finished, *target);

    std::error_code ec;
    llvm::raw_fd_ostream out(object_path, ec, llvm::sys::fs::OF_None);
    if (ec)
        throw CodegenError("codegen: cannot write " + object_path + ": " + ec.message());
    out.write(object->getBufferStart(), object->getBufferSize());
    out.close();
    if (out.has_error()) {
        out.clear_error();
        throw CodegenError("codegen: cannot write " + object_path);
    }
}

std::vector<std::string> AotBuilder::LinkCommand(const std::string& object_path,
                                                 const std::string& output_path) {
    std::string compiler = aot_config::kCxxCompiler;
    if (const char* env = std::getenv("SLUICE_CXX"); env && *env)
        compiler = env;
    if (compiler.empty() || !llvm::sys::fs::can_execute(compiler)) {
        auto found = llvm::sys::findProgramByName("c++");
        if (!found)
            throw CodegenError("codegen: no C++ compiler driver (c++) to link with");
        compiler = *found;
    }
    std::vector<std::string> args = {compiler, "-o", output_path, object_path};
    // lld links several times faster than bfd; gcc finds `ld.lld` through -B in LLVM 16's bin directory.
    if (*aot_config::kLdLld && llvm::sys::fs::exists(aot_config::kLdLld)) {
        llvm::SmallString<256> real;
        if (!llvm::sys::fs::real_path(aot_config::kLdLld, real)) {
            args.push_back("-B" + llvm::sys::path::parent_path(real).str());
            args.push_back("-fuse-ld=lld");
        }
    }
    args.push_back("-Wl,--start-group");
    for (const char* const* a = aot_config::kArchives; *a; ++a)
        args.push_back(*a);
    args.push_back("-Wl,--end-group");
    for (const char* const* l = aot_config::kSystemLibraries; *l; ++l)
        args.push_back(*l);
    args.push_back("-pthread");
    return args;
}

void AotBuilder::LinkExecutable(const std::string& object_path, const std::string& output_path) {
    if (!aot_config::kAvailable)
        throw CodegenError(
            "codegen: this build has no AOT entry point (runtime/aot): cannot link executables");
    std::vector<std::string> args = LinkCommand(object_path, output_path);
    llvm::SmallString<128> log;
    if (auto ec = llvm::sys::fs::createTemporaryFile("sluice-link", "log", log))
        throw CodegenError("codegen: cannot create a temporary file: " + ec.message());
    std::vector<llvm::StringRef> argv(args.begin(), args.end());
    std::optional<llvm::StringRef> redirects[] = {std::nullopt, llvm::StringRef(log), llvm::StringRef(log)};
    std::string error;
    int rc = llvm::sys::ExecuteAndWait(args[0], argv, std::nullopt, redirects, 0, 0, &error);
    std::string output;
    if (auto buffer = llvm::MemoryBuffer::getFile(log))
        output = (*buffer)->getBuffer().str();
    llvm::sys::fs::remove(log);
    if (rc != 0) {
        std::string command;
        for (const std::string& a : args)
            command += (command.empty() ? "" : " ") + a;
        throw CodegenError("codegen: linking " + output_path + " failed" +
                           (error.empty() ? "" : " (" + error + ")") + "\n  " + command + "\n" + output);
    }
}

} // namespace sluice::codegen
