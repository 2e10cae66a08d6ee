#include "codegen/operator/key_codec.h"

#include <llvm/IR/Intrinsics.h>

#include "codegen/codegen.h"
#include "codegen/ir/control_flow.h"
#include "compiler/plan/physical/physical_plan.h"

namespace sluice::codegen {

namespace {

/// Bytes of a fixed-width key value (STRING: its 8-byte length-and-prefix word; the bytes follow).
int FixedWidth(const Type& t) {
    return t.id == TypeId::String ? 8 : plan::ValueBytes(t);
}

llvm::Value* At(llvm::IRBuilder<>& b, llvm::Value* base, llvm::Value* offset) {
    return b.CreateInBoundsGEP(b.getInt8Ty(), base, offset);
}

} // namespace

KeyBytes EncodeKey(FunctionBuilder& fb, const std::vector<SqlValue>& values, const std::vector<Type>& types,
                   const KeyBytes* prefix) {
    CodegenContext& cg = fb.cg();
    llvm::IRBuilder<>& b = fb.b();
    llvm::Value* len = prefix ? prefix->len : b.getInt64(0);
    std::vector<llvm::Value*> string_lens(values.size(), nullptr);
    for (size_t i = 0; i < values.size(); ++i) {
        len = b.CreateAdd(len, b.getInt64(1 + FixedWidth(types[i])));
        if (types[i].id == TypeId::String) {
            llvm::Value* n = b.CreateAnd(b.CreateExtractValue(values[i].value, 0), b.getInt64(0xffffffffu));
            string_lens[i] = b.CreateSelect(values[i].is_null, b.getInt64(0), n, "key.strlen");
            len = b.CreateAdd(len, string_lens[i]);
        }
    }
    llvm::Value* data = b.CreateCall(cg.Runtime(RuntimeFn::sl_rt_arena_alloc), {fb.Ctx(), len}, "key");
    llvm::Value* offset = b.getInt64(0);
    if (prefix) {
        b.CreateMemCpy(data, llvm::MaybeAlign(1), prefix->data, llvm::MaybeAlign(1), prefix->len);
        offset = prefix->len;
    }
    for (size_t i = 0; i < values.size(); ++i) {
        const Type& t = types[i];
        llvm::Value* is_null = values[i].is_null;
        b.CreateStore(b.CreateSelect(is_null, b.getInt8(0), b.getInt8(1)), At(b, data, offset));
        offset = b.CreateAdd(offset, b.getInt64(1));
        llvm::Value* v = values[i].value;
        llvm::Type* stored_type = nullptr;
        switch (t.id) {
        case TypeId::Boolean:
            v = b.CreateZExt(v, cg.I8());
            break;
        case TypeId::Double: {
            // Equal values must be equal keys: -0.0 becomes 0.0 (adding +0.0 does it) and every NaN one NaN.
            v = b.CreateFAdd(v, llvm::ConstantFP::get(cg.F64(), 0.0));
            llvm::Value* nan = b.CreateFCmpUNO(v, v);
            v = b.CreateSelect(nan, llvm::ConstantFP::getNaN(cg.F64()), v);
            break;
        }
        case TypeId::String:
            v = b.CreateExtractValue(v, 0);
            break;
        default:
            break;
        }
        stored_type = v->getType();
        b.CreateAlignedStore(b.CreateSelect(is_null, llvm::Constant::getNullValue(stored_type), v),
                             At(b, data, offset), llvm::MaybeAlign(1));
        offset = b.CreateAdd(offset, b.getInt64(FixedWidth(t)));
        if (t.id == TypeId::String) {
            b.CreateMemCpy(At(b, data, offset), llvm::MaybeAlign(1), b.CreateExtractValue(values[i].value, 1),
                           llvm::MaybeAlign(1), string_lens[i]);
            offset = b.CreateAdd(offset, string_lens[i]);
        }
    }
    return {data, len};
}

std::vector<SqlValue> DecodeKey(FunctionBuilder& fb, llvm::Value* data, const std::vector<Type>& types) {
    CodegenContext& cg = fb.cg();
    llvm::IRBuilder<>& b = fb.b();
    std::vector<SqlValue> out;
    llvm::Value* offset = b.getInt64(0);
    for (const Type& t : types) {
        llvm::Value* tag = b.CreateLoad(cg.I8(), At(b, data, offset));
        llvm::Value* is_null = b.CreateICmpEQ(tag, b.getInt8(0), "key.null");
        offset = b.CreateAdd(offset, b.getInt64(1));
        llvm::Type* loaded = t.id == TypeId::Boolean  ? cg.I8()
                             : t.id == TypeId::String ? cg.I64()
                                                      : cg.ValueType(t);
        llvm::Value* v = b.CreateAlignedLoad(loaded, At(b, data, offset), llvm::MaybeAlign(1), "key.value");
        offset = b.CreateAdd(offset, b.getInt64(FixedWidth(t)));
        if (t.id == TypeId::Boolean) {
            v = b.CreateICmpNE(v, b.getInt8(0));
        } else if (t.id == TypeId::String) {
            llvm::Value* str = llvm::UndefValue::get(cg.StrType());
            str = b.CreateInsertValue(str, v, 0);
            str = b.CreateInsertValue(str, At(b, data, offset), 1);
            offset = b.CreateAdd(offset, b.CreateAnd(v, b.getInt64(0xffffffffu)));
            v = str;
        }
        out.push_back({v, is_null});
    }
    return out;
}

llvm::Value* HashKey(FunctionBuilder& fb, const KeyBytes& key) {
    // sl_hash_bytes of hash.h, step for step, inline: a call per row costs as much as the hash itself.
    CodegenContext& cg = fb.cg();
    llvm::IRBuilder<>& b = fb.b();
    llvm::Value* m = b.getInt64(0xc6a4a7935bd1e995ULL);
    auto shift_xor = [&](llvm::Value* v) { return b.CreateXor(v, b.CreateLShr(v, 47)); };
    Variable h(fb, cg.I64(), "hash", b.CreateXor(b.getInt64(0x9e3779b97f4a7c15ULL), b.CreateMul(key.len, m)));
    llvm::Value* words = b.CreateLShr(key.len, 3);
    CountedLoop(fb, b.getInt64(0), words, "hash.word", [&](llvm::Value* w) {
        llvm::Value* k =
            b.CreateAlignedLoad(cg.I64(), At(b, key.data, b.CreateShl(w, 3)), llvm::MaybeAlign(1));
        k = b.CreateMul(shift_xor(b.CreateMul(k, m)), m);
        h.Set(b.CreateMul(b.CreateXor(h.Get(), k), m));
    });
    // The last len % 8 bytes, little-endian.
    llvm::Value* rest = b.CreateAnd(key.len, b.getInt64(7));
    Variable tail(fb, cg.I64(), "hash.tail", b.getInt64(0));
    CountedLoop(fb, b.getInt64(0), rest, "hash.byte", [&](llvm::Value* j) {
        llvm::Value* at = b.CreateSub(b.CreateSub(key.len, b.getInt64(1)), j);
        llvm::Value* byte = b.CreateZExt(b.CreateLoad(cg.I8(), At(b, key.data, at)), cg.I64());
        tail.Set(b.CreateOr(b.CreateShl(tail.Get(), 8), byte));
    });
    If(fb, b.CreateICmpNE(rest, b.getInt64(0)), "hash.mix_tail", "hash.mixed",
       [&] { h.Set(b.CreateMul(b.CreateXor(h.Get(), tail.Get()), m)); });
    return shift_xor(b.CreateMul(shift_xor(h.Get()), m));
}

} // namespace sluice::codegen
