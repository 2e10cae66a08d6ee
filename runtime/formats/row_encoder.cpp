#include "runtime/formats/row_encoder.h"

#include <charconv>
#include <cstring>

#include "runtime/common/value_format.h"
#include "runtime/engine/source.h"
#include "runtime/formats/csv_encoder.h"
#include "runtime/formats/json_encoder.h"

namespace sluice::rt {

namespace {

size_t CopyText(const std::string& text, char* buf) {
    size_t n = std::min(text.size(), size_t{63});
    std::memcpy(buf, text.data(), n);
    return n;
}

} // namespace

size_t RowEncoder::FormatValue(const Batch& rows, int col, int64_t row, char* buf) {
    const ColumnType& type = rows.schema()[col].type;
    char* const end = buf + kValueBufferBytes;
    switch (type.id) {
    case SL_TYPE_BOOLEAN: {
        const char* text = rows.Values<uint8_t>(col)[row] ? "true" : "false";
        size_t n = std::strlen(text);
        std::memcpy(buf, text, n);
        return n;
    }
    case SL_TYPE_INT:
        return static_cast<size_t>(std::to_chars(buf, end, rows.Values<int32_t>(col)[row]).ptr - buf);
    case SL_TYPE_BIGINT:
        return static_cast<size_t>(std::to_chars(buf, end, rows.Values<int64_t>(col)[row]).ptr - buf);
    case SL_TYPE_DOUBLE:
        return FormatDouble(rows.Values<double>(col)[row], buf);
    case SL_TYPE_DECIMAL:
        return FormatDecimalTo(rows.Values<sl_decimal>(col)[row], type.scale, buf);
    case SL_TYPE_TIMESTAMP:
        return FormatTimestamp(rows.Values<int64_t>(col)[row], buf);
    case SL_TYPE_DATE:
        return FormatDate(rows.Values<int32_t>(col)[row], buf);
    case SL_TYPE_INTERVAL:
        // Rare in output; the allocation of FormatInterval does not matter here.
        return CopyText(FormatInterval(rows.Values<int64_t>(col)[row]), buf);
    case SL_TYPE_STRING:
        break;
    }
    return 0;
}

std::unique_ptr<RowEncoder> CreateRowEncoder(const std::string& format, const Schema& schema,
                                             const Options& format_options) {
    if (format == "csv")
        return std::make_unique<CsvEncoder>(schema, CsvOptions::FromOptions(format_options));
    if (format == "json")
        return std::make_unique<JsonEncoder>(schema);
    throw QueryError("unknown output format '" + format + "' (expected csv or json)");
}

} // namespace sluice::rt
