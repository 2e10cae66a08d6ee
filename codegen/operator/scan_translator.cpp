#include "codegen/operator/scan_translator.h"

#include "codegen/codegen.h"
#include "codegen/ir/control_flow.h"

namespace sluice::codegen {

void ScanTranslator::Init() {
    CodegenContext& cg = fb_.cg();
    llvm::IRBuilder<>& b = fb_.b();
    fb_.AtEntry([&] {
        num_rows_ = b.CreateLoad(cg.I64(), b.CreateStructGEP(cg.BatchType(), fb_.In(), 0), "num_rows");
        columns_ = b.CreateLoad(cg.Ptr(), b.CreateStructGEP(cg.BatchType(), fb_.In(), 3), "in.columns");
    });
    pointers_.assign(scan_.schema.size(), {});
}

llvm::Value* ScanTranslator::AllValid() {
    if (!all_valid_) {
        CodegenContext& cg = fb_.cg();
        llvm::IRBuilder<>& b = fb_.b();
        all_valid_ = fb_.AtEntry([&] {
            llvm::Value* bytes = b.CreateLShr(b.CreateAdd(num_rows_, b.getInt64(7)), 3, "all_valid.bytes");
            llvm::Value* buffer = b.CreateCall(cg.Runtime(RuntimeFn::sl_rt_arena_alloc),
                                               {fb_.Ctx(), b.CreateAdd(bytes, b.getInt64(1))}, "all_valid");
            b.CreateMemSet(buffer, b.getInt8(0xff), bytes, llvm::MaybeAlign(1));
            return buffer;
        });
    }
    return all_valid_;
}

const ScanTranslator::ColumnPointers& ScanTranslator::Pointers(int column) {
    ColumnPointers& p = pointers_.at(column);
    if (p.values)
        return p;
    CodegenContext& cg = fb_.cg();
    llvm::IRBuilder<>& b = fb_.b();
    const std::string& name = scan_.schema[column].name;
    llvm::Value* all_valid = AllValid();
    fb_.AtEntry([&] {
        llvm::Value* col = b.CreateConstInBoundsGEP1_64(cg.ColumnType(), columns_, column);
        p.values = b.CreateLoad(cg.Ptr(), b.CreateStructGEP(cg.ColumnType(), col, 0), name + ".values");
        llvm::Value* valid =
            b.CreateLoad(cg.Ptr(), b.CreateStructGEP(cg.ColumnType(), col, 1), name + ".bitmap");
        p.valid =
            b.CreateSelect(b.CreateIsNotNull(valid, name + ".nullable"), valid, all_valid, name + ".valid");
    });
    return p;
}

SqlValue ScanTranslator::Load(int column, llvm::Value* row) {
    CodegenContext& cg = fb_.cg();
    llvm::IRBuilder<>& b = fb_.b();
    const plan::Column& c = scan_.schema.at(column);
    const ColumnPointers& p = Pointers(column);

    llvm::Type* storage = cg.StorageType(c.type);
    llvm::LoadInst* raw = b.CreateLoad(storage, b.CreateInBoundsGEP(storage, p.values, row), c.name);
    fb_.MarkInputAccess(raw);
    llvm::Value* value = raw;
    if (c.type.id == TypeId::Boolean)
        value = b.CreateICmpNE(raw, b.getInt8(0), c.name + ".bool");

    // Bit `row % 8` of byte `row / 8`.
    llvm::LoadInst* byte =
        b.CreateLoad(cg.I8(), b.CreateInBoundsGEP(cg.I8(), p.valid, b.CreateLShr(row, 3)), c.name + ".vbyte");
    fb_.MarkInputAccess(byte);
    llvm::Value* shift = b.CreateTrunc(b.CreateAnd(row, 7), cg.I8());
    llvm::Value* bit = b.CreateAnd(b.CreateLShr(byte, shift), 1);
    return {value, b.CreateICmpEQ(bit, b.getInt8(0), c.name + ".null")};
}

void ScanTranslator::Produce() {
    CountedLoop(fb_, fb_.b().getInt64(0), num_rows_, "row", [&](llvm::Value* row) {
        fb_.set_row(row);
        RowValues values(scan_.schema);
        for (size_t c = 0; c < scan_.schema.size(); ++c) {
            int column = static_cast<int>(c);
            values.SetProducer(column, [this, column, row] { return Load(column, row); });
        }
        parent().Consume(values);
    });
    fb_.set_row(nullptr);
}

void ScanTranslator::Consume(RowValues&) {
    throw CodegenError("codegen: a scan consumes no rows");
}

} // namespace sluice::codegen
