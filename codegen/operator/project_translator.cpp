#include "codegen/operator/project_translator.h"

#include "codegen/codegen.h"

namespace sluice::codegen {

void ProjectTranslator::Consume(RowValues& row) {
    if (project_.exprs.size() != project_.schema.size())
        throw CodegenError("codegen: project #" + std::to_string(node_.id) + " has " +
                           std::to_string(project_.exprs.size()) + " expressions for " +
                           std::to_string(project_.schema.size()) + " columns");
    RowValues out(project_.schema);
    for (size_t i = 0; i < project_.exprs.size(); ++i) {
        out.SetProducer(static_cast<int>(i), [this, &row, i] {
            OperatorScope scope(fb_, node_.id);
            ExprTranslator expr(fb_, row);
            SqlValue v = expr.Translate(*project_.exprs[i]);
            // Name computed values after their output column, for readable IR.
            if (auto* inst = llvm::dyn_cast<llvm::Instruction>(v.value); inst && !inst->hasName())
                inst->setName(project_.schema[i].name);
            return v;
        });
    }
    parent().Consume(out);
}

} // namespace sluice::codegen
