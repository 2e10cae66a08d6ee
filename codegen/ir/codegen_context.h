#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include "compiler/sema/function_registry.h"
#include "compiler/types/type.h"

namespace sluice::codegen {

/// The runtime ABI functions of abi_functions.def, by name, so call sites read like the C they call.
enum class RuntimeFn {
#define SL_RT_FUNCTION(ret, name, params, ...) name,
#include "sluice/abi_functions.def"
#undef SL_RT_FUNCTION
};

/// C library and compiler-runtime functions generated code calls directly (the JIT resolves them from
/// this process, an AOT executable from libc).
enum class LibcFn { Memcmp, Memmem };

/// Module-level state shared by every pipeline function of one query module: the LLVM types of the ABI,
/// declarations of the runtime and stdlib functions (generated from the .def lists, so they cannot drift
/// from the C prototypes), and interned constant strings. One per module; not thread-safe.
class CodegenContext {
public:
    explicit CodegenContext(llvm::Module& module);

    llvm::LLVMContext& llvm_context() { return ctx_; }
    llvm::Module& module() { return module_; }

    llvm::IntegerType* I1() { return llvm::Type::getInt1Ty(ctx_); }
    llvm::IntegerType* I8() { return llvm::Type::getInt8Ty(ctx_); }
    llvm::IntegerType* I32() { return llvm::Type::getInt32Ty(ctx_); }
    llvm::IntegerType* I64() { return llvm::Type::getInt64Ty(ctx_); }
    llvm::IntegerType* I128() { return llvm::Type::getInt128Ty(ctx_); }
    llvm::Type* F64() { return llvm::Type::getDoubleTy(ctx_); }
    llvm::PointerType* Ptr() { return llvm::PointerType::get(ctx_, 0); }

    /// `%sl_str = { i64, ptr }`: the ABI's sl_str with len (low 32 bits) and prefix (high 32 bits) read as
    /// one i64, so that "same length and same first four bytes" is a single compare.
    llvm::StructType* StrType() { return str_type_; }
    /// `%sl_batch = { i64 num_rows, i64 capacity, i32 num_columns, ptr columns }`.
    llvm::StructType* BatchType() { return batch_type_; }
    /// `%sl_column = { ptr values, ptr valid }`.
    llvm::StructType* ColumnType() { return column_type_; }

    /// The type a value of `type` has in registers: i1, i32, i64, double, i128 or %sl_str. NULL-typed
    /// values (the bare NULL literal) are i1.
    llvm::Type* ValueType(const Type& type);
    /// The type a value of `type` has in a column: as ValueType, except BOOLEAN is i8.
    llvm::Type* StorageType(const Type& type);

    llvm::FunctionCallee Runtime(RuntimeFn fn);
    llvm::FunctionCallee Libc(LibcFn fn);
    /// The declaration of a stdlib C function (`int32_t sym(sl_ctx*, RET* out, args...)`), and a note that
    /// the module uses it, for the stdlib bitcode link.
    llvm::Function* Stdlib(const FunctionInfo& function);
    /// Stdlib symbols this module calls.
    const std::set<std::string>& used_stdlib_symbols() const { return used_stdlib_; }

    /// A private constant holding `bytes` (no terminator), shared by equal strings of the module.
    llvm::Constant* StringBytes(std::string_view bytes);
    /// A private constant NUL-terminated C string, for error details.
    llvm::Constant* CString(std::string_view text);
    /// 10^n as an i128 constant.
    llvm::ConstantInt* Pow10(int n);
    /// A private constant `[39 x i128]` table of 10^0..10^38, for scales known only at run time.
    llvm::GlobalVariable* Pow10Table();

    /// The i64 holding len | prefix << 32 of a string, as StrType's first field has it.
    static uint64_t LenPrefix(std::string_view s);

private:
    llvm::LLVMContext& ctx_;
    llvm::Module& module_;
    llvm::StructType* str_type_;
    llvm::StructType* batch_type_;
    llvm::StructType* column_type_;
    std::map<std::string, llvm::Constant*, std::less<>> strings_;
    std::map<std::string, llvm::Constant*, std::less<>> cstrings_;
    std::set<std::string> used_stdlib_;
    llvm::GlobalVariable* pow10_table_ = nullptr;
};

/// The IR type of a functions.def type token in the stdlib C convention (DECIMAL i128, STRING ptr).
llvm::Type* StdlibArgType(CodegenContext& cg, fndef::TypeToken token);

} // namespace sluice::codegen
