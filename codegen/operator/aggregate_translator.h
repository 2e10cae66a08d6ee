#pragma once

#include <memory>
#include <vector>

#include "codegen/expr/comparison_emitter.h"
#include "codegen/expr/stdlib_call.h"
#include "codegen/expr/string_emitter.h"
#include "codegen/ir/control_flow.h"
#include "codegen/operator/operator_translator.h"

namespace sluice::codegen {

/// Reads and writes the parts of aggregate values in a state value buffer, per AggregateCall's layout.
class AggregateState {
public:
    explicit AggregateState(FunctionBuilder& fb)
        : fb_(fb), calls_(fb), strings_(fb, calls_), compare_(fb, strings_) {}

    llvm::Value* Field(llvm::Value* value, int32_t offset);
    SqlValue Load(const Type& type, llvm::Value* ptr);
    /// Stores a non-NULL value; a STRING's bytes are copied into the state (sl_rt_state_alloc).
    void Store(const Type& type, llvm::Value* ptr, llvm::Value* v, llvm::Value* state);
    ComparisonEmitter& compare() { return compare_; }
    StringEmitter& strings() { return strings_; }

private:
    FunctionBuilder& fb_;
    StdlibCall calls_;
    StringEmitter strings_;
    ComparisonEmitter compare_;
};

/// The update side of an aggregation (a pipeline breaker; its input is an exchange's read side): per
/// row, drops it when late (counted), upserts its group and updates every aggregate in place.
class AggregateUpdateTranslator : public OperatorTranslator {
public:
    AggregateUpdateTranslator(FunctionBuilder& fb, const plan::PhysicalAggregate& aggregate)
        : OperatorTranslator(fb, aggregate), aggregate_(aggregate), state_(fb) {}

    void Init() override;
    void Consume(RowValues& row) override;
    void Finish() override;

private:
    void Update(const plan::AggregateCall& call, const std::vector<SqlValue>& args, llvm::Value* pass,
                llvm::Value* value, const SqlValue& key, llvm::Value* expiry);

    const plan::PhysicalAggregate& aggregate_;
    AggregateState state_;
    llvm::Value* table_ = nullptr;
    std::vector<llvm::Value*> distinct_tables_;
    llvm::Value* late_watermark_ = nullptr;
    llvm::Value* is_new_ = nullptr;
    std::unique_ptr<Variable> late_rows_;
};

/// The emit side of an aggregation (a pipeline source): walks the state table's emit set and hands the
/// parent one row per group — the key columns decoded from the key bytes, then every aggregate's
/// result. Stops with SL_OUTPUT_FULL before `out` could overflow; the runtime calls it again.
class AggregateEmitTranslator : public OperatorTranslator {
public:
    AggregateEmitTranslator(FunctionBuilder& fb, const plan::PhysicalAggregate& aggregate,
                            int64_t rows_per_entry)
        : OperatorTranslator(fb, aggregate), aggregate_(aggregate), rows_per_entry_(rows_per_entry),
          state_(fb) {}

    void Init() override;
    void Produce() override;
    void Consume(RowValues& row) override;
    llvm::Value* ReturnCode() override { return rc_->Get(); }

private:
    SqlValue Result(const plan::AggregateCall& call, llvm::Value* value);

    const plan::PhysicalAggregate& aggregate_;
    const int64_t rows_per_entry_;
    AggregateState state_;
    llvm::Value* table_ = nullptr;
    std::unique_ptr<Variable> rc_;
};

/// DEDUPLICATE BY inside a pipeline (its input is an exchange's read side): drops late rows (counted),
/// upserts the key and passes the row on only when the key is new.
class DedupTranslator : public OperatorTranslator {
public:
    DedupTranslator(FunctionBuilder& fb, const plan::PhysicalDedup& dedup)
        : OperatorTranslator(fb, dedup), dedup_(dedup) {}

    void Init() override;
    void Consume(RowValues& row) override;
    void Finish() override;

private:
    const plan::PhysicalDedup& dedup_;
    llvm::Value* table_ = nullptr;
    llvm::Value* late_watermark_ = nullptr;
    llvm::Value* is_new_ = nullptr;
    std::unique_ptr<Variable> late_rows_;
};

} // namespace sluice::codegen
