#pragma once

#include "codegen/operator/operator_translator.h"

namespace sluice::codegen {

/// TUMBLE / HOP window assignment inside a pipeline: for each row with a time, a loop over the windows
/// covering it (one for TUMBLE, size / slide rounded up for HOP) that hands the parent the row's columns
/// plus window_start and window_end. A row whose time is NULL goes nowhere.
class WindowAssignTranslator : public OperatorTranslator {
public:
    WindowAssignTranslator(FunctionBuilder& fb, const plan::PhysicalWindowAssign& window)
        : OperatorTranslator(fb, window), window_(window) {}

    void Consume(RowValues& row) override;

private:
    const plan::PhysicalWindowAssign& window_;
};

} // namespace sluice::codegen
