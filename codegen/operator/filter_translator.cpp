#include "codegen/operator/filter_translator.h"

#include "codegen/expr/null_facts.h"
#include "codegen/ir/control_flow.h"

namespace sluice::codegen {

void FilterTranslator::Consume(RowValues& row) {
    OperatorScope scope(fb_, node_.id);
    llvm::IRBuilder<>& b = fb_.b();
    ExprTranslator expr(fb_, row);
    SqlValue predicate = expr.Translate(*filter_.predicate);
    // Only TRUE keeps a row; a NULL predicate drops it like FALSE.
    llvm::Value* keep = b.CreateSelect(predicate.is_null, b.getFalse(), predicate.value, Name() + ".keep");
    // The parent sees the same columns, minus the NULL handling of those the predicate proves non-NULL.
    std::set<int> non_null = ColumnsNonNullWhenTrue(*filter_.predicate);
    RowValues passed(row.schema());
    for (size_t c = 0; c < row.size(); ++c) {
        int column = static_cast<int>(c);
        bool proven = non_null.count(column) > 0;
        passed.SetProducer(column, [&row, column, proven, &b]() -> SqlValue {
            SqlValue v = row.Column(column);
            return proven ? SqlValue{v.value, b.getFalse()} : v;
        });
    }
    If(fb_, keep, Name() + ".pass", Name() + ".skip", [&] { parent().Consume(passed); });
}

} // namespace sluice::codegen
