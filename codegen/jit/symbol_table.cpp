#include "codegen/jit/symbol_table.h"

#include <cmath>
#include <cstring>

#include "runtime/common/exec_context.h"
#include "sluice/stdlib_symbols.h"

extern "C" {
// libgcc's 128-bit integer and float conversion helpers, which LLVM calls for i128 division (DECIMAL)
// and i128 <-> double conversions.
__int128 __divti3(__int128, __int128);
__int128 __modti3(__int128, __int128);
unsigned __int128 __udivti3(unsigned __int128, unsigned __int128);
unsigned __int128 __umodti3(unsigned __int128, unsigned __int128);
double __floattidf(__int128);
double __floatuntidf(unsigned __int128);
__int128 __fixdfti(double);
unsigned __int128 __fixunsdfti(double);
}

namespace sluice::codegen {

std::vector<std::pair<std::string, void*>> JitSymbols() {
    std::vector<std::pair<std::string, void*>> symbols = {
        {"memcpy", reinterpret_cast<void*>(&::memcpy)},
        {"memmove", reinterpret_cast<void*>(&::memmove)},
        {"memset", reinterpret_cast<void*>(&::memset)},
        {"memcmp", reinterpret_cast<void*>(&::memcmp)},
        {"memmem", reinterpret_cast<void*>(&::memmem)},
        {"fmod", reinterpret_cast<void*>(static_cast<double (*)(double, double)>(&::fmod))},
        {"floor", reinterpret_cast<void*>(static_cast<double (*)(double)>(&::floor))},
        {"ceil", reinterpret_cast<void*>(static_cast<double (*)(double)>(&::ceil))},
        {"trunc", reinterpret_cast<void*>(static_cast<double (*)(double)>(&::trunc))},
        {"round", reinterpret_cast<void*>(static_cast<double (*)(double)>(&::round))},
        {"__divti3", reinterpret_cast<void*>(&__divti3)},
        {"__modti3", reinterpret_cast<void*>(&__modti3)},
        {"__udivti3", reinterpret_cast<void*>(&__udivti3)},
        {"__umodti3", reinterpret_cast<void*>(&__umodti3)},
        {"__floattidf", reinterpret_cast<void*>(&__floattidf)},
        {"__floatuntidf", reinterpret_cast<void*>(&__floatuntidf)},
        {"__fixdfti", reinterpret_cast<void*>(&__fixdfti)},
        {"__fixunsdfti", reinterpret_cast<void*>(&__fixunsdfti)},
    };
    for (const auto& [name, address] : rt::AbiSymbols())
        symbols.emplace_back(name, address);
    for (const auto& [name, address] : stdlib::StdlibSymbols())
        symbols.emplace_back(name, address);
    return symbols;
}

} // namespace sluice::codegen
