#include "compiler/sema/function_registry.h"

#include "compiler/common/strings.h"

namespace sluice {

std::optional<Type> TokenToType(fndef::TypeToken token) {
    switch (token) {
    case fndef::BOOLEAN:
        return Type::Boolean();
    case fndef::INT:
        return Type::Int();
    case fndef::BIGINT:
        return Type::BigInt();
    case fndef::DOUBLE:
        return Type::Double();
    case fndef::DECIMAL:
        return Type::Decimal(Type::kMaxDecimalPrecision, 0);
    case fndef::STRING:
        return Type::String();
    case fndef::TIMESTAMP:
        return Type::Timestamp();
    case fndef::DATE:
        return Type::Date();
    case fndef::INTERVAL:
        return Type::Interval();
    default:
        return std::nullopt;
    }
}

const std::vector<FunctionInfo>& AllFunctions() {
    using namespace fndef;
    static const std::vector<FunctionInfo> kFunctions = {
#define SL_FUNCTION(name, symbol, flags, ret, doc, ...) {#name, #symbol, flags, ret, doc, {__VA_ARGS__}},
#define SL_BUILTIN(name, flags, ret, doc, ...) {#name, "", flags, ret, doc, {__VA_ARGS__}},
#include "stdlib/functions.def"
    };
    return kFunctions;
}

std::vector<const FunctionInfo*> FindFunctions(std::string_view name) {
    std::vector<const FunctionInfo*> out;
    std::string upper = ToUpper(name);
    if (upper.rfind("__", 0) == 0)
        return out;
    for (const FunctionInfo& f : AllFunctions())
        if (f.name == upper)
            out.push_back(&f);
    return out;
}

const FunctionInfo* FindInternal(std::string_view name) {
    for (const FunctionInfo& f : AllFunctions())
        if (f.name == name)
            return &f;
    return nullptr;
}

} // namespace sluice
