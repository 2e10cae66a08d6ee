#include "codegen/operator/sink_translator.h"

#include "codegen/codegen.h"

namespace sluice::codegen {

void SinkTranslator::Init() {
    CodegenContext& cg = fb_.cg();
    llvm::IRBuilder<>& b = fb_.b();
    llvm::Value* first_row = fb_.AtEntry([&] {
        llvm::Value* columns =
            b.CreateLoad(cg.Ptr(), b.CreateStructGEP(cg.BatchType(), fb_.Out(), 3), "out.columns");
        for (size_t c = 0; c < sink_.schema.size(); ++c) {
            const std::string& name = sink_.schema[c].name;
            llvm::Value* col = b.CreateConstInBoundsGEP1_64(cg.ColumnType(), columns, c);
            ColumnPointers p;
            p.values =
                b.CreateLoad(cg.Ptr(), b.CreateStructGEP(cg.ColumnType(), col, 0), "out." + name + ".values");
            p.valid =
                b.CreateLoad(cg.Ptr(), b.CreateStructGEP(cg.ColumnType(), col, 1), "out." + name + ".valid");
            columns_.push_back(p);
        }
        return b.CreateLoad(cg.I64(), b.CreateStructGEP(cg.BatchType(), fb_.Out(), 0), "out.first_row");
    });
    out_row_ = std::make_unique<Variable>(fb_, cg.I64(), "out.row", first_row);
}

void SinkTranslator::Consume(RowValues& row) {
    CodegenContext& cg = fb_.cg();
    llvm::IRBuilder<>& b = fb_.b();
    if (row.size() != sink_.schema.size())
        throw CodegenError("codegen: sink #" + std::to_string(node_.id) + " writes " +
                           std::to_string(sink_.schema.size()) + " columns but its input has " +
                           std::to_string(row.size()));
    fb_.StartBlock(Name() + ".emit");
    // Every value first (they may compute: lazy projections), then the stores.
    std::vector<SqlValue> values;
    for (size_t c = 0; c < sink_.schema.size(); ++c)
        values.push_back(row.Column(static_cast<int>(c)));

    llvm::Value* index = out_row_->Get();
    for (size_t c = 0; c < sink_.schema.size(); ++c) {
        const Type& type = sink_.schema[c].type;
        const Type& produced = row.schema()[c].type;
        if (produced.IsNull())
            continue; // the bare NULL literal: its bit stays 0
        if (!(produced == type))
            throw CodegenError("codegen: sink column " + sink_.schema[c].name + " is " + type.ToString() +
                               " but its input produces " + produced.ToString());
        SqlValue v = values[c];
        if (auto* always_null = llvm::dyn_cast<llvm::ConstantInt>(v.is_null);
            always_null && always_null->isOne())
            continue;
        llvm::Type* storage = cg.StorageType(type);
        llvm::Value* stored = type.id == TypeId::Boolean ? b.CreateZExt(v.value, cg.I8()) : v.value;
        fb_.MarkOutputAccess(b.CreateStore(stored, b.CreateInBoundsGEP(storage, columns_[c].values, index)));

        // valid[index / 8] |= !is_null << index % 8 (the runtime zeroed the bitmap).
        llvm::Value* byte_ptr = b.CreateInBoundsGEP(cg.I8(), columns_[c].valid, b.CreateLShr(index, 3));
        llvm::LoadInst* byte = b.CreateLoad(cg.I8(), byte_ptr);
        fb_.MarkOutputAccess(byte);
        llvm::Value* present = b.CreateZExt(b.CreateNot(v.is_null), cg.I8());
        llvm::Value* bit = b.CreateShl(present, b.CreateTrunc(b.CreateAnd(index, 7), cg.I8()));
        fb_.MarkOutputAccess(b.CreateStore(b.CreateOr(byte, bit), byte_ptr));
    }
    out_row_->Set(b.CreateAdd(index, b.getInt64(1), "out.next"));
}

void SinkTranslator::Finish() {
    CodegenContext& cg = fb_.cg();
    llvm::IRBuilder<>& b = fb_.b();
    b.CreateStore(out_row_->Get(), b.CreateStructGEP(cg.BatchType(), fb_.Out(), 0));
}

} // namespace sluice::codegen
