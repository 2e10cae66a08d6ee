#pragma once

#include "codegen/ir/function_builder.h"
#include "codegen/operator/row_values.h"
#include "compiler/plan/physical/physical_plan.h"

namespace sluice::codegen {

/// Base of the translators that turn one physical operator into its part of a pipeline function
/// (HyPer's produce/consume model). A pipeline is a chain source -> operators -> breaker; the
/// PipelineCompiler makes one translator per node, links each to its parent (the next node towards the
/// sink) and runs the hooks below, all at code-generation time, on the compiling thread:
///
///  1. Init(), once per translator in pipeline order (source first), with the builder at the function's
///     start block, before any loop exists. Loop-invariant setup goes to the entry block through
///     FunctionBuilder::AtEntry (column base pointers, counters) so that nothing is recomputed per row.
///  2. Produce(), on the source only. It emits the loop over its input (the scan: rows [0, in->num_rows))
///     and, inside it, calls parent()->Consume(row) once: one call generates the code for every row.
///  3. Consume(row), on every other translator, with the builder inside the loop body, already under the
///     conditions of the operators below (a filter's `pass` block). It emits the per-row work and calls
///     its parent's Consume with the row the parent sees: a filter passes its input row on under a
///     branch, a projection passes a new row of lazily computed columns, the sink stores the row.
///     Values stay in registers from one Consume to the next: nothing is materialized between
///     operators. Column values are requested from `row` at the top level of Consume (see RowValues).
///  4. Finish(), once per translator in pipeline order, with the builder after the loop: write back what
///     the loop accumulated (the sink's out->num_rows). The PipelineCompiler then returns 0.
///
/// Runtime errors (overflow, a failed CAST) return from the function from inside Consume, attributed to
/// the operator of the expression (OperatorScope) and the scan's row. Stateful operators will add hooks
/// here (OnWatermark: expire state when the watermark moves; Snapshot: write a state version), run by the
/// same compiler at the same points of the batch.
class OperatorTranslator {
public:
    OperatorTranslator(FunctionBuilder& fb, const plan::PhysicalNode& node) : fb_(fb), node_(node) {}
    virtual ~OperatorTranslator() = default;
    OperatorTranslator(const OperatorTranslator&) = delete;
    OperatorTranslator& operator=(const OperatorTranslator&) = delete;

    virtual void Init() {}
    virtual void Produce();
    virtual void Consume(RowValues& row) = 0;
    virtual void Finish() {}
    /// What the pipeline function returns after Finish (an i32), or nullptr for SL_OK: the source of an
    /// emitting pipeline returns SL_OUTPUT_FULL when it stopped because `out` was full.
    virtual llvm::Value* ReturnCode() { return nullptr; }

    const plan::PhysicalNode& node() const { return node_; }
    void set_parent(OperatorTranslator* parent) { parent_ = parent; }

protected:
    OperatorTranslator& parent();
    /// The prefix of this operator's block and value names: "filter3", "sink5".
    std::string Name() const;

    FunctionBuilder& fb_;
    const plan::PhysicalNode& node_;

private:
    OperatorTranslator* parent_ = nullptr;
};

} // namespace sluice::codegen
