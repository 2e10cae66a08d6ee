#pragma once

#include <memory>

#include <llvm/IR/Module.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Target/TargetMachine.h>

#include "codegen/codegen.h"

namespace sluice::codegen {

/// Runs the IR pass pipeline of `level` on `module`:
///   O0    always-inline only (the stdlib functions linked for inlining), no other pass
///   Fast  always-inline, then per function SROA, EarlyCSE, InstCombine, SimplifyCFG, and GlobalDCE to
///         drop inlined bodies: the row loop in registers, stores of constants folded, for about a
///         third of O2's time
///   O1/O2 LLVM's default module pipelines
void OptimizeModule(llvm::Module& module, OptLevel level, llvm::TargetMachine& target);

/// The instruction-selection level that goes with an IR level (FastISel for O0).
llvm::CodeGenOpt::Level CodegenLevel(OptLevel level);

/// Compiles `module` to a relocatable ELF object in memory with `target`.
std::unique_ptr<llvm::MemoryBuffer> EmitObjectFile(llvm::Module& module, llvm::TargetMachine& target);

} // namespace sluice::codegen
