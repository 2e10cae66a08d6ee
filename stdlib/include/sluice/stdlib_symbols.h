#pragma once

#include <utility>
#include <vector>

namespace sluice::stdlib {

/// Name and address of every C function of stdlib/functions.def (each symbol once), for the JIT's
/// symbol map. Taking every address also makes the linker keep all of sluice_stdlib in the binary,
/// which a JIT looking symbols up in the process would otherwise miss.
std::vector<std::pair<const char*, void*>> StdlibSymbols();

} // namespace sluice::stdlib
