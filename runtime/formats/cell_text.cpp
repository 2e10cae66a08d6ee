#include "runtime/formats/cell_text.h"

#include "runtime/common/value_format.h"

namespace sluice::rt {

std::optional<std::string> CellText(const Batch& batch, int col, int64_t row) {
    if (batch.IsNull(col, row))
        return std::nullopt;
    const ColumnType& type = batch.schema()[col].type;
    switch (type.id) {
    case SL_TYPE_BOOLEAN:
        return batch.Values<uint8_t>(col)[row] ? "true" : "false";
    case SL_TYPE_INT:
        return std::to_string(batch.Values<int32_t>(col)[row]);
    case SL_TYPE_BIGINT:
        return std::to_string(batch.Values<int64_t>(col)[row]);
    case SL_TYPE_DOUBLE:
        return FormatDouble(batch.Values<double>(col)[row]);
    case SL_TYPE_DECIMAL:
        return FormatDecimal(batch.Values<sl_decimal>(col)[row], type.scale);
    case SL_TYPE_STRING:
        return std::string(Batch::ToStringView(batch.Values<sl_str>(col)[row]));
    case SL_TYPE_TIMESTAMP:
        return FormatTimestamp(batch.Values<int64_t>(col)[row]);
    case SL_TYPE_DATE:
        return FormatDate(batch.Values<int32_t>(col)[row]);
    case SL_TYPE_INTERVAL:
        return FormatInterval(batch.Values<int64_t>(col)[row]);
    }
    return std::nullopt;
}

} // namespace sluice::rt
