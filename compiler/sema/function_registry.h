#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "compiler/types/type.h"

namespace sluice {

/// Type tokens of stdlib/functions.def.
namespace fndef {
enum TypeToken : uint8_t {
    BOOLEAN,
    INT,
    BIGINT,
    DOUBLE,
    DECIMAL,
    STRING,
    TIMESTAMP,
    DATE,
    INTERVAL,
    ANY,
    NUMERIC,
    ARG0,
    COMMON,
};
enum Flags : uint32_t { NONE = 0, STRICT = 1, INLINE = 2, VARIADIC = 4 };
} // namespace fndef

/// One overload of a built-in function, from stdlib/functions.def.
struct FunctionInfo {
    std::string_view name;   // SQL name, upper case
    std::string_view symbol; // C symbol; empty for builtins compiled by codegen
    uint32_t flags = 0;
    fndef::TypeToken ret = fndef::ANY;
    std::string_view doc;
    std::vector<fndef::TypeToken> args;

    bool builtin() const { return symbol.empty(); }
    bool internal() const { return name.substr(0, 2) == "__"; }
    bool strict() const { return flags & fndef::STRICT; }
    bool inlined() const { return flags & fndef::INLINE; }
    bool variadic() const { return flags & fndef::VARIADIC; }
};

/// The SQL type a concrete token stands for (DECIMAL: DECIMAL(38, 0), its scale travels separately);
/// nullopt for ANY, NUMERIC, ARG0 and COMMON, which depend on the call.
std::optional<Type> TokenToType(fndef::TypeToken token);

/// Every entry of functions.def, in file order.
const std::vector<FunctionInfo>& AllFunctions();
/// The overloads of an SQL name (case-insensitive); empty when unknown.
std::vector<const FunctionInfo*> FindFunctions(std::string_view name);
/// The entry with this internal name (e.g. "__LIKE"); nullptr when absent.
const FunctionInfo* FindInternal(std::string_view name);

} // namespace sluice
