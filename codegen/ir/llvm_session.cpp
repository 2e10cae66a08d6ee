#include "codegen/ir/llvm_session.h"

#include <llvm/Bitcode/BitcodeReader.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/IR/DebugInfo.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Support/Error.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/TargetParser/Host.h>

#include "codegen/ir/optimizer.h"

namespace sluice::codegen {

LlvmSession::LlvmSession() {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
}

LlvmSession& LlvmSession::Get() {
    static LlvmSession* session = new LlvmSession(); // lives as long as JIT'd code may run
    return *session;
}

const llvm::Module* LlvmSession::Stdlib() {
    if (stdlib_loaded_)
        return stdlib_.get();
    stdlib_loaded_ = true;
    std::string_view bytes = EmbeddedStdlibBitcode();
    if (bytes.empty())
        return nullptr;
    auto buffer = llvm::MemoryBuffer::getMemBuffer(llvm::StringRef(bytes.data(), bytes.size()),
                                                   "sluice_stdlib_inline.bc",
                                                   /*RequiresNullTerminator=*/false);
    llvm::Expected<std::unique_ptr<llvm::Module>> module =
        llvm::parseBitcodeFile(buffer->getMemBufferRef(), context_);
    if (!module)
        throw CodegenError("codegen: the embedded stdlib bitcode does not parse: " +
                           llvm::toString(module.takeError()));
    stdlib_ = std::move(*module);
    // Debug info would only slow every query's code generation down.
    llvm::StripDebugInfo(*stdlib_);
    return stdlib_.get();
}

llvm::TargetMachine& LlvmSession::HostTarget(OptLevel level) {
    llvm::CodeGenOpt::Level codegen = CodegenLevel(level);
    auto& slot = host_targets_[static_cast<int>(codegen)];
    if (!slot) {
        auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
        if (!builder)
            throw CodegenError("codegen: cannot describe this host to LLVM: " +
                               llvm::toString(builder.takeError()));
        builder->setCodeGenOptLevel(codegen);
        auto target = builder->createTargetMachine();
        if (!target)
            throw CodegenError("codegen: no LLVM target for this host: " +
                               llvm::toString(target.takeError()));
        slot = std::move(*target);
    }
    return *slot;
}

const std::string& LlvmSession::HostTargetKey() {
    if (host_key_.empty()) {
        llvm::TargetMachine& tm = HostTarget(OptLevel::Fast);
        host_key_ = tm.getTargetTriple().str() + "/" + tm.getTargetCPU().str() + "/" +
                    tm.getTargetFeatureString().str();
    }
    return host_key_;
}

std::unique_ptr<llvm::TargetMachine> LlvmSession::GenericTarget() {
    std::string triple = llvm::sys::getDefaultTargetTriple();
    std::string error;
    const llvm::Target* target = llvm::TargetRegistry::lookupTarget(triple, error);
    if (!target)
        throw CodegenError("codegen: no LLVM target for " + triple + ": " + error);
    llvm::TargetOptions options;
    std::unique_ptr<llvm::TargetMachine> tm(target->createTargetMachine(
        triple, "x86-64", "", options, llvm::Reloc::PIC_, std::nullopt, llvm::CodeGenOpt::Default));
    if (!tm)
        throw CodegenError("codegen: cannot create an x86-64 target machine");
    return tm;
}

} // namespace sluice::codegen
