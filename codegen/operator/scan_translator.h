#pragma once

#include <vector>

#include "codegen/operator/operator_translator.h"

namespace sluice::codegen {

/// The pipeline's source: the loop over the input batch's rows (a source's chunk, or a partition of an
/// exchange). Column i of the row is column i of `in` (the node's schema), loaded only when an operator
/// above asks for it. Base pointers of the
/// values and of the validity bitmap are loaded once, in the entry block. A column without a bitmap
/// (no NULLs) reads its bits from an all-valid bitmap made once per call in the arena, so that the row
/// loop tests a bit the same way for every column, without a per-row branch or select on whether the
/// column has NULLs (which costs two instructions and a register per column and row).
///
/// Reading `price` (BIGINT) of row %row becomes
///
///   entry:    %price.values = load ptr ...
///             %price.valid = select (bitmap != null), bitmap, %all_valid   ; once per call
///   row.body: %price = load i64, ptr (gep %price.values, %row)
///             %price.null = !(bit %row of %price.valid)
class ScanTranslator : public OperatorTranslator {
public:
    ScanTranslator(FunctionBuilder& fb, const plan::PhysicalNode& scan)
        : OperatorTranslator(fb, scan), scan_(scan) {}

    void Init() override;
    void Produce() override;
    void Consume(RowValues& row) override;

private:
    /// Entry-block pointers of one input column, made on first use.
    struct ColumnPointers {
        llvm::Value* values = nullptr;
        llvm::Value* valid = nullptr; // the bitmap, or the all-valid one
    };
    const ColumnPointers& Pointers(int column);
    /// (num_rows + 7) / 8 bytes of 0xff from the arena, made in the entry block on first use.
    llvm::Value* AllValid();
    SqlValue Load(int column, llvm::Value* row);

    const plan::PhysicalNode& scan_;
    llvm::Value* num_rows_ = nullptr;
    llvm::Value* columns_ = nullptr;
    llvm::Value* all_valid_ = nullptr;
    std::vector<ColumnPointers> pointers_;
};

} // namespace sluice::codegen
