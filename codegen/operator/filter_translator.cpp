#include "codegen/operator/filter_translator.h"

#include "codegen/ir/control_flow.h"

namespace sluice::codegen {

void FilterTranslator::Consume(RowValues& row) {
    OperatorScope scope(fb_, node_.id);
    llvm::IRBuilder<>& b = fb_.b();
    ExprTranslator expr(fb_, row);
    SqlValue predicate = expr.Translate(*filter_.predicate);
    // Only TRUE keeps a row; a NULL predicate drops it like FALSE.
    llvm::Value* keep = b.CreateSelect(predicate.is_null, b.getFalse(), predicate.value, Name() + ".keep");
    If(fb_, keep, Name() + ".pass", Name() + ".skip", [&] { parent().Consume(row); });
}

} // namespace sluice::codegen
