#include "sluice/stdlib_symbols.h"

#include <cstring>

#include "sluice/stdlib.h"

namespace sluice::stdlib {

std::vector<std::pair<const char*, void*>> StdlibSymbols() {
    // A symbol may serve several entries (CONCAT and __CONCAT): list it once, as a JIT symbol map
    // rejects duplicate definitions.
    static const std::vector<std::pair<const char*, void*>> kSymbols = [] {
        std::vector<std::pair<const char*, void*>> all = {
#define SL_FUNCTION(name, symbol, flags, ret, doc, ...) {#symbol, reinterpret_cast<void*>(&symbol)},
#include "stdlib/functions.def"
        };
        std::vector<std::pair<const char*, void*>> unique;
        for (const auto& entry : all) {
            bool seen = false;
            for (const auto& kept : unique)
                seen = seen || std::strcmp(kept.first, entry.first) == 0;
            if (!seen)
                unique.push_back(entry);
        }
        return unique;
    }();
    return kSymbols;
}

} // namespace sluice::stdlib
