#pragma once

#include <vector>

#include "codegen/ir/control_flow.h"
#include "codegen/operator/operator_translator.h"

namespace sluice::codegen {

/// The output writer: appends each row it consumes, of the node's schema (a sink's, or an exchange's when
/// an ExchangeWriteTranslator drives it), to `out` at out->num_rows (the runtime sized `out`
/// for the pipeline's largest output and zeroed its validity bitmaps), sets the validity bit of each
/// non-NULL value, and writes the new row count back after the loop. Several pipelines (UNION ALL)
/// append to one output batch in turn, each from the count the previous one left.
///
/// Storing `doubled` (BIGINT) for the row being emitted becomes
///
///   sink5.emit:
///     %out.row = load i64, ptr %out.row.slot
///     store i64 %doubled, ptr (gep %doubled.out, %out.row)
///     ; valid[%out.row / 8] |= (not %doubled.null) << (%out.row % 8)
///     store i64 (%out.row + 1), ptr %out.row.slot
class SinkTranslator : public OperatorTranslator {
public:
    SinkTranslator(FunctionBuilder& fb, const plan::PhysicalNode& sink)
        : OperatorTranslator(fb, sink), sink_(sink) {}
    /// The output row the next Consume writes (for a source that must not overfill `out`).
    llvm::Value* NextRow() { return out_row_->Get(); }

    void Init() override;
    void Consume(RowValues& row) override;
    void Finish() override;

private:
    struct ColumnPointers {
        llvm::Value* values = nullptr;
        llvm::Value* valid = nullptr;
    };

    const plan::PhysicalNode& sink_;
    std::vector<ColumnPointers> columns_;
    std::unique_ptr<Variable> out_row_; /// the next output row, carried across iterations
};

} // namespace sluice::codegen
