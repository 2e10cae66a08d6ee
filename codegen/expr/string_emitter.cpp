#include "codegen/expr/string_emitter.h"

#include <map>

#include <llvm/IR/Intrinsics.h>

#include "codegen/codegen.h"
#include "codegen/ir/control_flow.h"

namespace sluice::codegen {

namespace {

llvm::CmpInst::Predicate UnsignedPredicate(plan::ExprOp op) {
    switch (op) {
    case plan::ExprOp::Lt:
        return llvm::CmpInst::ICMP_ULT;
    case plan::ExprOp::Le:
        return llvm::CmpInst::ICMP_ULE;
    case plan::ExprOp::Gt:
        return llvm::CmpInst::ICMP_UGT;
    case plan::ExprOp::Ge:
        return llvm::CmpInst::ICMP_UGE;
    default:
        throw CodegenError("codegen: not an ordering comparison");
    }
}

llvm::CmpInst::Predicate SignedPredicate(plan::ExprOp op) {
    switch (op) {
    case plan::ExprOp::Lt:
        return llvm::CmpInst::ICMP_SLT;
    case plan::ExprOp::Le:
        return llvm::CmpInst::ICMP_SLE;
    case plan::ExprOp::Gt:
        return llvm::CmpInst::ICMP_SGT;
    case plan::ExprOp::Ge:
        return llvm::CmpInst::ICMP_SGE;
    default:
        throw CodegenError("codegen: not an ordering comparison");
    }
}

} // namespace

llvm::Value* StringEmitter::LenPrefix(llvm::Value* s) {
    return fb_.b().CreateExtractValue(s, 0, "lenprefix");
}

llvm::Value* StringEmitter::Length(llvm::Value* s) {
    return fb_.b().CreateAnd(LenPrefix(s), fb_.b().getInt64(0xffffffffu), "len");
}

llvm::Value* StringEmitter::Data(llvm::Value* s) {
    return fb_.b().CreateExtractValue(s, 1, "bytes");
}

llvm::Value* StringEmitter::BytesEqual(llvm::Value* ptr, std::string_view text, const char* name) {
    llvm::IRBuilder<>& b = fb_.b();
    if (text.empty())
        return b.getTrue();
    llvm::Value* c = b.CreateCall(fb_.cg().Libc(LibcFn::Memcmp),
                                  {ptr, fb_.cg().StringBytes(text), b.getInt64(text.size())}, name);
    return b.CreateICmpEQ(c, b.getInt32(0));
}

llvm::Value* StringEmitter::Equal(llvm::Value* a, llvm::Value* b_) {
    llvm::IRBuilder<>& b = fb_.b();
    llvm::Value* same_head = b.CreateICmpEQ(LenPrefix(a), LenPrefix(b_), "samehead");
    llvm::Value* longer = b.CreateICmpUGT(Length(a), b.getInt64(4), "long");
    return IfElseValue(
        fb_, b.CreateAnd(same_head, longer), "streq",
        [&] {
            return calls_.Call(StdlibCall::Internal("__STR_EQ"), {a, b_}, FailPolicy::CannotFail()).value;
        },
        [&] { return same_head; });
}

llvm::Value* StringEmitter::EqualConstant(llvm::Value* s, std::string_view text) {
    llvm::IRBuilder<>& b = fb_.b();
    llvm::Value* head = b.CreateICmpEQ(LenPrefix(s), b.getInt64(CodegenContext::LenPrefix(text)), "samehead");
    if (text.size() <= 4)
        return head;
    return IfElseValue(
        fb_, head, "streq",
        [&] {
            llvm::Value* rest = b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), Data(s), 4);
            return BytesEqual(rest, text.substr(4), "tailcmp");
        },
        [&] { return b.getFalse(); });
}

llvm::Value* StringEmitter::Compare(plan::ExprOp op, llvm::Value* a, llvm::Value* b_) {
    llvm::IRBuilder<>& b = fb_.b();
    if (op == plan::ExprOp::Eq)
        return Equal(a, b_);
    if (op == plan::ExprOp::Ne)
        return b.CreateNot(Equal(a, b_), "ne");
    // The first four bytes, byte-swapped, order as memcmp does; zero padding of shorter strings sorts
    // them first, which is also memcmp's order for a proper prefix.
    auto head = [&](llvm::Value* s) {
        llvm::Value* prefix = b.CreateTrunc(b.CreateLShr(LenPrefix(s), 32), b.getInt32Ty());
        return b.CreateUnaryIntrinsic(llvm::Intrinsic::bswap, prefix);
    };
    llvm::Value* ha = head(a);
    llvm::Value* hb = head(b_);
    return IfElseValue(
        fb_, b.CreateICmpNE(ha, hb), "strcmp", [&] { return b.CreateICmp(UnsignedPredicate(op), ha, hb); },
        [&] {
            llvm::Value* c =
                calls_.Call(StdlibCall::Internal("__STR_CMP"), {a, b_}, FailPolicy::CannotFail()).value;
            return b.CreateICmp(SignedPredicate(op), c, b.getInt32(0));
        });
}

llvm::Value* StringEmitter::StartsWith(llvm::Value* s, std::string_view text) {
    llvm::IRBuilder<>& b = fb_.b();
    size_t k = text.size();
    if (k == 0)
        return b.getTrue();
    uint64_t mask = k >= 4 ? 0xffffffffull : (1ull << (8 * k)) - 1;
    uint64_t want = (CodegenContext::LenPrefix(text) >> 32) & mask;
    llvm::Value* prefix = b.CreateLShr(LenPrefix(s), 32);
    llvm::Value* head = b.CreateAnd(b.CreateICmpEQ(b.CreateAnd(prefix, b.getInt64(mask)), b.getInt64(want)),
                                    b.CreateICmpUGE(Length(s), b.getInt64(k)), "headmatch");
    if (k <= 4)
        return head;
    return IfElseValue(
        fb_, head, "prefix",
        [&] {
            return BytesEqual(b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), Data(s), 4), text.substr(4),
                              "prefixcmp");
        },
        [&] { return b.getFalse(); });
}

llvm::Value* StringEmitter::EndsWith(llvm::Value* s, std::string_view text) {
    llvm::IRBuilder<>& b = fb_.b();
    if (text.empty())
        return b.getTrue();
    llvm::Value* len = Length(s);
    return IfElseValue(
        fb_, b.CreateICmpUGE(len, b.getInt64(text.size())), "suffix",
        [&] {
            llvm::Value* start = b.CreateSub(len, b.getInt64(text.size()));
            return BytesEqual(b.CreateInBoundsGEP(b.getInt8Ty(), Data(s), start), text, "suffixcmp");
        },
        [&] { return b.getFalse(); });
}

llvm::Value* StringEmitter::MatchLike(llvm::Value* s, const LikePattern& pattern) {
    llvm::IRBuilder<>& b = fb_.b();
    switch (pattern.kind) {
    case LikePattern::Kind::Exact:
        return EqualConstant(s, pattern.text);
    case LikePattern::Kind::Prefix:
        return StartsWith(s, pattern.text);
    case LikePattern::Kind::Suffix:
        return EndsWith(s, pattern.text);
    case LikePattern::Kind::Any:
        return b.getTrue();
    case LikePattern::Kind::PrefixSuffix: {
        // The two parts may not overlap: 'ab%ba' does not match 'aba'.
        llvm::Value* long_enough =
            b.CreateICmpUGE(Length(s), b.getInt64(pattern.text.size() + pattern.suffix.size()), "fits");
        return IfElseValue(
            fb_, b.CreateAnd(long_enough, StartsWith(s, pattern.text)), "like",
            [&] { return EndsWith(s, pattern.suffix); }, [&] { return b.getFalse(); });
    }
    case LikePattern::Kind::Contains: {
        llvm::Value* len = Length(s);
        return IfElseValue(
            fb_, b.CreateICmpUGE(len, b.getInt64(pattern.text.size())), "contains",
            [&] {
                llvm::Value* found = b.CreateCall(
                    fb_.cg().Libc(LibcFn::Memmem),
                    {Data(s), len, fb_.cg().StringBytes(pattern.text), b.getInt64(pattern.text.size())},
                    "found");
                return b.CreateIsNotNull(found);
            },
            [&] { return b.getFalse(); });
    }
    case LikePattern::Kind::Generic:
        break;
    }
    throw CodegenError("codegen: a generic LIKE pattern goes to __LIKE");
}

llvm::Value* StringEmitter::InConstants(llvm::Value* s, const std::vector<std::string>& items) {
    llvm::IRBuilder<>& b = fb_.b();
    // Strings with the same first eight bytes (length and prefix) share a case.
    std::map<uint64_t, std::vector<std::string>> groups;
    for (const std::string& item : items)
        groups[CodegenContext::LenPrefix(item)].push_back(item);
    std::vector<SwitchArm> arms;
    for (auto& [head, group] : groups) {
        std::vector<std::string> texts = group;
        arms.emplace_back(b.getInt64(head), [this, s, texts]() -> llvm::Value* {
            llvm::IRBuilder<>& ir = fb_.b();
            if (texts[0].size() <= 4)
                return ir.getTrue();
            llvm::Value* rest = ir.CreateConstInBoundsGEP1_64(ir.getInt8Ty(), Data(s), 4);
            llvm::Value* any = ir.getFalse();
            for (const std::string& t : texts)
                any = ir.CreateOr(any, BytesEqual(rest, std::string_view(t).substr(4), "tailcmp"));
            return any;
        });
    }
    return SwitchValue(
        fb_, LenPrefix(s), arms, [&] { return b.getFalse(); }, "in");
}

} // namespace sluice::codegen
