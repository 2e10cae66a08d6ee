#pragma once

#include <vector>

#include "codegen/operator/operator_translator.h"

namespace sluice::codegen {

/// The pipeline's source: the loop over the input batch's rows. Column i of the row is column i of
/// `in` (the scan's schema), loaded only when an operator above asks for it. Base pointers of the
/// values and of the validity bitmap are loaded once, in the entry block.
///
/// Reading `price` (BIGINT) of row %row becomes
///
///   entry:    %price.values = load ptr ...; %price.valid = ...   ; once per call
///   row.body: %price = load i64, ptr (gep %price.values, %row)
///             %price.null = !(bit %row of the bitmap)             ; false when there is no bitmap
class ScanTranslator : public OperatorTranslator {
public:
    ScanTranslator(FunctionBuilder& fb, const plan::PhysicalScan& scan) : OperatorTranslator(fb, scan), scan_(scan) {}

    void Init() override;
    void Produce() override;
    void Consume(RowValues& row) override;

private:
    /// Entry-block pointers of one input column, made on first use.
    struct ColumnPointers {
        llvm::Value* values = nullptr;
        llvm::Value* valid = nullptr;      // the bitmap, or a one-byte all-valid constant
        llvm::Value* valid_mask = nullptr; // i64 index mask: all ones with a bitmap, 0 without
    };
    const ColumnPointers& Pointers(int column);
    SqlValue Load(int column, llvm::Value* row);

    const plan::PhysicalScan& scan_;
    llvm::Value* num_rows_ = nullptr;
    llvm::Value* columns_ = nullptr;
    std::vector<ColumnPointers> pointers_;
};

} // namespace sluice::codegen
