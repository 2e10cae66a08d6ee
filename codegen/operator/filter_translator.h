#pragma once

#include "codegen/operator/operator_translator.h"

namespace sluice::codegen {

/// WHERE: passes the row on when the predicate is TRUE (not FALSE, not NULL). No row is copied: the
/// parent's code is emitted inside the `pass` block and sees the same lazily loaded columns, except that
/// columns the predicate proves non-NULL (`price` below) lose their NULL flag, and with it every NULL
/// check the parents would make.
///
/// `WHERE price > 100` (filter #2) becomes
///
///   %pred = icmp sgt i64 %price, 100
///   %keep = select i1 %price.null, i1 false, i1 %pred
///   br i1 %keep, label %filter2.pass, label %filter2.skip
///   filter2.pass: ...the projection and the output store...
///   filter2.skip: ; next row
class FilterTranslator : public OperatorTranslator {
public:
    FilterTranslator(FunctionBuilder& fb, const plan::PhysicalFilter& filter)
        : OperatorTranslator(fb, filter), filter_(filter) {}

    void Consume(RowValues& row) override;

private:
    const plan::PhysicalFilter& filter_;
};

} // namespace sluice::codegen
