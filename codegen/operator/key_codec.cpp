#include "codegen/operator/key_codec.h"

#include <llvm/IR/Intrinsics.h>

#include "codegen/codegen.h"
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
    return fb.b().CreateCall(fb.cg().Runtime(RuntimeFn::sl_rt_hash_bytes), {key.data, key.len}, "key.hash");
}

} // namespace sluice::codegen
