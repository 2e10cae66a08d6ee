#include "codegen/operator/row_values.h"

#include <string>

#include "codegen/codegen.h"

namespace sluice::codegen {

SqlValue RowValues::Column(int index) {
    if (index < 0 || static_cast<size_t>(index) >= values_.size())
        throw CodegenError("codegen: column #" + std::to_string(index) + " is outside a row of " +
                           std::to_string(values_.size()) + " columns");
    std::optional<SqlValue>& slot = values_[index];
    if (!slot) {
        if (!producers_[index])
            throw CodegenError("codegen: column #" + std::to_string(index) + " (" + schema_[index].name +
                               ") has no value");
        slot = producers_[index]();
    }
    return *slot;
}

} // namespace sluice::codegen
