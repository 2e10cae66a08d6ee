#pragma once

#include <string_view>

#include <llvm/ADT/ArrayRef.h>

#include "codegen/expr/fail_policy.h"
#include "compiler/sema/function_registry.h"

namespace sluice::codegen {

/// Calls of stdlib C functions in the convention of stdlib/functions.def:
///
///   int32_t sym(sl_ctx* ctx, RET* out, ARG a1, ...)   0 = value in *out, -1 = NULL, > 0 = SL_ERR_*
///
/// `upper(channel)` becomes (strings travel by pointer, through stack slots SROA removes once the
/// stdlib body is inlined):
///
///   store %sl_str %channel, ptr %upper.arg0
///   %rc = call i32 @sl_fn_upper_str(ptr %ctx, ptr %upper.out, ptr %upper.arg0)
///   ; rc > 0: sl_rt_error_raise(ctx, rc, <operator>, <row>, "in upper(channel)") and return rc
///   %upper = load %sl_str, ptr %upper.out        ; NULL when rc == -1
class StdlibCall {
public:
    explicit StdlibCall(FunctionBuilder& fb) : fb_(fb) {}

    /// Calls `function` on non-NULL arguments: register values of its parameter types (SQL BOOLEAN as
    /// i1, STRING as %sl_str). An error return follows `on_error`.
    SqlValue Call(const FunctionInfo& function, llvm::ArrayRef<llvm::Value*> args,
                  const FailPolicy& on_error);
    /// NULL without calling when an argument is NULL (STRICT), else Call.
    SqlValue CallStrict(const FunctionInfo& function, llvm::ArrayRef<SqlValue> args,
                        const FailPolicy& on_error);

    /// The functions.def entry of an internal function (`__STR_EQ`); throws CodegenError when absent.
    static const FunctionInfo& Internal(std::string_view name);

private:
    FunctionBuilder& fb_;
};

/// The SQL type of a functions.def result token (not ARG0/COMMON, which only builtins use).
Type TokenResultType(fndef::TypeToken token);

} // namespace sluice::codegen
