#include <cstring>
#include <set>
#include <string>
#include <type_traits>

#include "sluice/stdlib_symbols.h"
#include "stdlib_test_util.h"

// Every SL_FUNCTION of functions.def must be declared in stdlib.h with exactly the C signature the
// def's types give it (checked at compile time), and must be defined (checked at link time, since
// the test takes every address).
namespace signature {

// The type tokens of functions.def, and the C types of the calling convention for each.
struct BOOLEAN {
    using Arg = uint8_t;
    using Out = uint8_t;
};
struct INT {
    using Arg = int32_t;
    using Out = int32_t;
};
struct BIGINT {
    using Arg = int64_t;
    using Out = int64_t;
};
struct DOUBLE {
    using Arg = double;
    using Out = double;
};
struct DECIMAL {
    using Arg = sl_decimal;
    using Out = sl_decimal;
};
struct STRING {
    using Arg = const sl_str*;
    using Out = sl_str;
};
struct TIMESTAMP {
    using Arg = int64_t;
    using Out = int64_t;
};
struct DATE {
    using Arg = int32_t;
    using Out = int32_t;
};
struct INTERVAL {
    using Arg = int64_t;
    using Out = int64_t;
};

template <typename Ret, typename... Args>
using Fn = int32_t (*)(sl_ctx*, typename Ret::Out*, typename Args::Arg...);

#define SL_FUNCTION(name, symbol, flags, ret, doc, ...)                                                      \
    static_assert(std::is_same_v<decltype(&symbol), Fn<ret, __VA_ARGS__>>,                                   \
                  #symbol " in stdlib.h does not match its functions.def entry " #name);
#include "stdlib/functions.def"

} // namespace signature

TEST_CASE("Every SL_FUNCTION symbol links and is in the JIT symbol table", "[stdlib][symbols]") {
    struct Entry {
        const char* name;
        const char* symbol;
        void* address;
    };
    const Entry entries[] = {
#define SL_FUNCTION(name, symbol, flags, ret, doc, ...) {#name, #symbol, reinterpret_cast<void*>(&symbol)},
#include "stdlib/functions.def"
    };
    const auto table = sluice::stdlib::StdlibSymbols();
    std::set<std::string> table_names;
    for (const auto& [name, address] : table) {
        CHECK(address != nullptr);
        CHECK(table_names.insert(name).second); // listed once
    }
    std::set<std::string> symbols;
    for (const Entry& e : entries) {
        INFO(e.name << " -> " << e.symbol);
        CHECK(std::strncmp(e.symbol, "sl_fn_", 6) == 0);
        symbols.insert(e.symbol);
        bool found = false;
        for (const auto& [name, address] : table)
            if (name == std::string(e.symbol)) {
                found = true;
                CHECK(address == e.address);
            }
        CHECK(found);
    }
    CHECK(table_names == symbols);
}
