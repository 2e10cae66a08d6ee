#pragma once

#include <string>
#include <utility>
#include <vector>

namespace sluice::codegen {

/// Name and address of every function outside the generated code that a query module may call: the
/// runtime ABI (abi_functions.def), every stdlib C function (functions.def), and the C library and
/// compiler-runtime helpers LLVM lowers some operations to (memcmp, fmod, 128-bit division...). Built
/// from the .def lists with X-macros and address-of, so that a function missing from the build fails to
/// link (or, at the latest, when the JIT starts), never at a query's first call. The JIT defines them
/// all as absolute symbols.
std::vector<std::pair<std::string, void*>> JitSymbols();

} // namespace sluice::codegen
