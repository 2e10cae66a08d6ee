#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "codegen/expr/like_pattern.h"
#include "codegen/expr/stdlib_call.h"
#include "compiler/plan/expr/bound_expr.h"

namespace sluice::codegen {

/// Comparisons and pattern matching on %sl_str values { i64 len | prefix << 32, ptr }, all on non-NULL
/// operands. The fast paths decide most comparisons from the first eight bytes of the two views, which
/// are in registers; the bytes behind `ptr` are read only when those agree.
///
/// `channel = 'web'` (three bytes, all in the prefix) becomes one compare, no call:
///
///   %lp = extractvalue %sl_str %channel, 0
///   %eq = icmp eq i64 %lp, 7234015779700211715     ; 3 | "web\0" << 32
class StringEmitter {
public:
    StringEmitter(FunctionBuilder& fb, StdlibCall& calls) : fb_(fb), calls_(calls) {}

    llvm::Value* Length(llvm::Value* s);    // i64
    llvm::Value* Data(llvm::Value* s);      // ptr
    llvm::Value* LenPrefix(llvm::Value* s); // i64

    /// a = b: equal first eight bytes, then __STR_EQ only for strings longer than four bytes.
    llvm::Value* Equal(llvm::Value* a, llvm::Value* b);
    /// s = 'text': the first eight bytes against a constant, then memcmp of the rest.
    llvm::Value* EqualConstant(llvm::Value* s, std::string_view text);
    /// a <op> b for Eq..Ge, byte-wise unsigned: the big-endian prefixes decide unless equal, then
    /// __STR_CMP.
    llvm::Value* Compare(plan::ExprOp op, llvm::Value* a, llvm::Value* b);
    /// s LIKE a specialized pattern (any kind but Generic).
    llvm::Value* MatchLike(llvm::Value* s, const LikePattern& pattern);
    /// s IN ('a', 'b', ...) over constant strings: a switch on the first eight bytes, then memcmp of the
    /// rest for the strings that share them.
    llvm::Value* InConstants(llvm::Value* s, const std::vector<std::string>& items);

private:
    llvm::Value* StartsWith(llvm::Value* s, std::string_view text);
    llvm::Value* EndsWith(llvm::Value* s, std::string_view text);
    /// memcmp(ptr, text, n) == 0 with n = text.size() known to be in bounds.
    llvm::Value* BytesEqual(llvm::Value* ptr, std::string_view text, const char* name);

    FunctionBuilder& fb_;
    StdlibCall& calls_;
};

} // namespace sluice::codegen
