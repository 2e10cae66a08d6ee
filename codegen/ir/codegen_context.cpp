#include "codegen/ir/codegen_context.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "codegen/codegen.h"

namespace sluice::codegen {

namespace {

/// IR type codes of abi_functions.def.
namespace ircode {
enum Code { VOID, I1, I8, I32, I64, F64, I128, PTR };
} // namespace ircode

struct RuntimeDecl {
    const char* name;
    std::vector<ircode::Code> types; // return type first
};

const std::vector<RuntimeDecl>& RuntimeDecls() {
    using namespace ircode;
    static const std::vector<RuntimeDecl> kDecls = {
#define SL_RT_FUNCTION(ret, name, params, ...) {#name, {__VA_ARGS__}},
#include "sluice/abi_functions.def"
#undef SL_RT_FUNCTION
    };
    return kDecls;
}

llvm::Type* IrCodeType(CodegenContext& cg, ircode::Code code) {
    switch (code) {
    case ircode::VOID:
        return llvm::Type::getVoidTy(cg.llvm_context());
    case ircode::I1:
        return cg.I1();
    case ircode::I8:
        return cg.I8();
    case ircode::I32:
        return cg.I32();
    case ircode::I64:
        return cg.I64();
    case ircode::F64:
        return cg.F64();
    case ircode::I128:
        return cg.I128();
    case ircode::PTR:
        return cg.Ptr();
    }
    return cg.Ptr();
}

} // namespace

CodegenContext::CodegenContext(llvm::Module& module) : ctx_(module.getContext()), module_(module) {
    str_type_ = llvm::StructType::getTypeByName(ctx_, "sl_str");
    if (!str_type_)
        str_type_ = llvm::StructType::create(ctx_, {I64(), Ptr()}, "sl_str");
    batch_type_ = llvm::StructType::getTypeByName(ctx_, "sl_batch");
    if (!batch_type_)
        batch_type_ = llvm::StructType::create(ctx_, {I64(), I64(), I32(), Ptr()}, "sl_batch");
    column_type_ = llvm::StructType::getTypeByName(ctx_, "sl_column");
    if (!column_type_)
        column_type_ = llvm::StructType::create(ctx_, {Ptr(), Ptr()}, "sl_column");
}

llvm::Type* CodegenContext::ValueType(const Type& type) {
    switch (type.id) {
    case TypeId::Null:
    case TypeId::Boolean:
        return I1();
    case TypeId::Int:
    case TypeId::Date:
        return I32();
    case TypeId::BigInt:
    case TypeId::Timestamp:
    case TypeId::Interval:
        return I64();
    case TypeId::Double:
        return F64();
    case TypeId::Decimal:
        return I128();
    case TypeId::String:
        return str_type_;
    }
    throw CodegenError("codegen: no IR type for " + type.ToString());
}

llvm::Type* CodegenContext::StorageType(const Type& type) {
    return type.id == TypeId::Boolean ? I8() : ValueType(type);
}

llvm::FunctionCallee CodegenContext::Runtime(RuntimeFn fn) {
    const RuntimeDecl& decl = RuntimeDecls().at(static_cast<size_t>(fn));
    if (llvm::Function* existing = module_.getFunction(decl.name))
        return existing;
    std::vector<llvm::Type*> params;
    for (size_t i = 1; i < decl.types.size(); ++i)
        params.push_back(IrCodeType(*this, decl.types[i]));
    auto* type = llvm::FunctionType::get(IrCodeType(*this, decl.types[0]), params, false);
    auto* f = llvm::Function::Create(type, llvm::Function::ExternalLinkage, decl.name, module_);
    f->setDoesNotThrow();
    if (fn == RuntimeFn::sl_rt_error_raise)
        f->addFnAttr(llvm::Attribute::Cold);
    return f;
}

llvm::FunctionCallee CodegenContext::Libc(LibcFn fn) {
    switch (fn) {
    case LibcFn::Memcmp: {
        auto callee = module_.getOrInsertFunction("memcmp", I32(), Ptr(), Ptr(), I64());
        if (auto* f = llvm::dyn_cast<llvm::Function>(callee.getCallee())) {
            f->setDoesNotThrow();
            f->setOnlyReadsMemory();
        }
        return callee;
    }
    case LibcFn::Memmem: {
        auto callee = module_.getOrInsertFunction("memmem", Ptr(), Ptr(), I64(), Ptr(), I64());
        if (auto* f = llvm::dyn_cast<llvm::Function>(callee.getCallee())) {
            f->setDoesNotThrow();
            f->setOnlyReadsMemory();
        }
        return callee;
    }
    }
    throw CodegenError("codegen: unknown libc function");
}

llvm::Type* StdlibArgType(CodegenContext& cg, fndef::TypeToken token) {
    switch (token) {
    case fndef::BOOLEAN:
        return cg.I8();
    case fndef::INT:
    case fndef::DATE:
        return cg.I32();
    case fndef::BIGINT:
    case fndef::TIMESTAMP:
    case fndef::INTERVAL:
        return cg.I64();
    case fndef::DOUBLE:
        return cg.F64();
    case fndef::DECIMAL:
        return cg.I128();
    case fndef::STRING:
        return cg.Ptr();
    default:
        throw CodegenError("codegen: a stdlib C function cannot take a polymorphic argument");
    }
}

llvm::Function* CodegenContext::Stdlib(const FunctionInfo& function) {
    std::string symbol(function.symbol);
    used_stdlib_.insert(symbol);
    if (llvm::Function* existing = module_.getFunction(symbol))
        return existing;
    // int32_t sym(sl_ctx* ctx, RET* out, ARG a1, ...); a VARIADIC entry's C function takes the listed
    // arguments (the binder folds longer calls into nested ones).
    std::vector<llvm::Type*> params = {Ptr(), Ptr()};
    for (fndef::TypeToken t : function.args)
        params.push_back(StdlibArgType(*this, t));
    auto* type = llvm::FunctionType::get(I32(), params, false);
    auto* f = llvm::Function::Create(type, llvm::Function::ExternalLinkage, symbol, module_);
    f->setDoesNotThrow();
    for (size_t i = 0; i < function.args.size(); ++i) {
        // C passes uint8_t zero-extended; clang marks it so and relies on it in the callee.
        if (function.args[i] == fndef::BOOLEAN)
            f->addParamAttr(static_cast<unsigned>(i + 2), llvm::Attribute::ZExt);
    }
    return f;
}

uint64_t CodegenContext::LenPrefix(std::string_view s) {
    uint64_t prefix = 0;
    std::memcpy(&prefix, s.data(), std::min<size_t>(s.size(), 4));
    return static_cast<uint64_t>(static_cast<uint32_t>(s.size())) | (prefix << 32);
}

llvm::Constant* CodegenContext::StringBytes(std::string_view bytes) {
    auto it = strings_.find(bytes);
    if (it != strings_.end())
        return it->second;
    auto* data = llvm::ConstantDataArray::getString(ctx_, llvm::StringRef(bytes.data(), bytes.size()), false);
    auto* gv = new llvm::GlobalVariable(module_, data->getType(), true, llvm::GlobalValue::PrivateLinkage,
                                        data, "str");
    gv->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
    gv->setAlignment(llvm::Align(1));
    strings_.emplace(std::string(bytes), gv);
    return gv;
}

llvm::Constant* CodegenContext::CString(std::string_view text) {
    auto it = cstrings_.find(text);
    if (it != cstrings_.end())
        return it->second;
    auto* data = llvm::ConstantDataArray::getString(ctx_, llvm::StringRef(text.data(), text.size()), true);
    auto* gv = new llvm::GlobalVariable(module_, data->getType(), true, llvm::GlobalValue::PrivateLinkage,
                                        data, "msg");
    gv->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
    gv->setAlignment(llvm::Align(1));
    cstrings_.emplace(std::string(text), gv);
    return gv;
}

llvm::ConstantInt* CodegenContext::Pow10(int n) {
    llvm::APInt v(128, 1);
    for (int i = 0; i < n; ++i)
        v *= 10;
    return llvm::ConstantInt::get(ctx_, v);
}

llvm::GlobalVariable* CodegenContext::Pow10Table() {
    if (pow10_table_)
        return pow10_table_;
    std::vector<llvm::Constant*> values;
    for (int i = 0; i <= Type::kMaxDecimalPrecision; ++i)
        values.push_back(Pow10(i));
    auto* type = llvm::ArrayType::get(I128(), values.size());
    pow10_table_ = new llvm::GlobalVariable(module_, type, true, llvm::GlobalValue::PrivateLinkage,
                                            llvm::ConstantArray::get(type, values), "pow10");
    pow10_table_->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
    return pow10_table_;
}

} // namespace sluice::codegen
