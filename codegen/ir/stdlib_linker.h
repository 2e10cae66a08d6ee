#pragma once

#include <cstdint>
#include <set>
#include <string>

#include <llvm/IR/Module.h>

namespace sluice::codegen {

/// Links into `dest` the definitions of the stdlib functions it calls that `stdlib` (the INLINE
/// functions' bitcode) defines, with whatever those use: only the needed functions are cloned out of the
/// process's parsed copy, then Linker::LinkOnlyNeeded merges them. The linked functions become internal
/// and always-inline, and lose the CPU attributes clang gave them, so that they inline into, and are
/// compiled for, the module's own target (the host for the JIT, generic x86-64 for AOT). Returns the
/// symbols now defined in `dest`.
///
/// `max_instructions` bounds the size of what one function brings along (itself and its helpers):
/// bigger functions stay direct calls to the native stdlib. Inlining pays for small bodies that
/// constant arguments and the surrounding code fold into (string compares, LENGTH, YEAR), while a
/// body that is a loop (UPPER: 150 instructions of vectorized code) saves one call per row and costs
/// ~15 ms of instruction selection per query, against the JIT's latency budget.
std::set<std::string> LinkStdlib(llvm::Module& dest, const llvm::Module& stdlib,
                                 const std::set<std::string>& used, size_t max_instructions = SIZE_MAX);

/// The JIT's budget for LinkStdlib; AOT builds inline every INLINE function.
constexpr size_t kJitInlineBudget = 100;

} // namespace sluice::codegen
