#include "codegen/expr/stdlib_call.h"

#include <string>

#include "codegen/codegen.h"
#include "codegen/ir/control_flow.h"
#include "compiler/common/strings.h"

namespace sluice::codegen {

Type TokenResultType(fndef::TypeToken token) {
    if (std::optional<Type> t = TokenToType(token))
        return *t; // DECIMAL: the caller knows the scale
    throw CodegenError("codegen: a stdlib C function cannot return a polymorphic type");
}

const FunctionInfo& StdlibCall::Internal(std::string_view name) {
    const FunctionInfo* f = FindInternal(name);
    if (!f)
        throw CodegenError("codegen: stdlib/functions.def has no entry " + std::string(name));
    return *f;
}

SqlValue StdlibCall::Call(const FunctionInfo& function, llvm::ArrayRef<llvm::Value*> args,
                          const FailPolicy& on_error) {
    if (function.builtin())
        throw CodegenError("codegen: " + std::string(function.name) + " has no C symbol to call");
    if (args.size() != function.args.size())
        throw CodegenError("codegen: " + std::string(function.symbol) + " takes " +
                           std::to_string(function.args.size()) + " arguments, not " +
                           std::to_string(args.size()));
    CodegenContext& cg = fb_.cg();
    llvm::IRBuilder<>& b = fb_.b();
    std::string name = ToLower(function.name);
    while (!name.empty() && name[0] == '_')
        name.erase(0, 1);

    Type result_type = TokenResultType(function.ret);
    llvm::Type* out_type = cg.StorageType(result_type);
    llvm::AllocaInst* out = fb_.EntryAlloca(out_type, name + ".out");

    std::vector<llvm::Value*> call_args = {fb_.Ctx(), out};
    for (size_t i = 0; i < args.size(); ++i) {
        llvm::Value* a = args[i];
        switch (function.args[i]) {
        case fndef::STRING: {
            llvm::AllocaInst* slot = fb_.EntryAlloca(cg.StrType(), name + ".arg" + std::to_string(i));
            b.CreateStore(a, slot);
            a = slot;
            break;
        }
        case fndef::BOOLEAN:
            a = b.CreateZExt(a, cg.I8());
            break;
        default:
            break;
        }
        call_args.push_back(a);
    }
    llvm::Value* rc = b.CreateCall(cg.Stdlib(function), call_args, name + ".rc");

    // Unwritten when rc != 0; freeze makes that an arbitrary value rather than poison.
    llvm::Value* value = b.CreateFreeze(b.CreateLoad(out_type, out), name);
    if (result_type.id == TypeId::Boolean)
        value = b.CreateICmpNE(value, llvm::ConstantInt::get(cg.I8(), 0), name + ".bool");
    if (on_error.cannot_fail)
        return {value, b.getFalse()};
    SqlValue result{value, b.CreateICmpNE(rc, b.getInt32(0), name + ".null")};
    if (on_error.to_null)
        return result; // any nonzero return: NULL
    fb_.RaiseIf(b.CreateICmpSGT(rc, b.getInt32(0)), rc, on_error.detail);
    return result;
}

SqlValue StdlibCall::CallStrict(const FunctionInfo& function, llvm::ArrayRef<SqlValue> args,
                                const FailPolicy& on_error) {
    llvm::IRBuilder<>& b = fb_.b();
    llvm::Value* any_null = b.getFalse();
    std::vector<llvm::Value*> values;
    for (const SqlValue& a : args) {
        any_null = b.CreateOr(any_null, a.is_null);
        values.push_back(a.value);
    }
    Type result_type = TokenResultType(function.ret);
    llvm::Type* value_type = fb_.cg().ValueType(result_type);
    return IfElse(
        fb_, any_null, "strict",
        [&] {
            return SqlValue{llvm::Constant::getNullValue(value_type), b.getTrue()};
        },
        [&] { return Call(function, values, on_error); });
}

} // namespace sluice::codegen
