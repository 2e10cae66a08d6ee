#include "runtime/engine/result_sort.h"

#include <algorithm>
#include <cstring>
#include <string_view>

namespace sluice::rt {

namespace {

/// -1, 0 or 1: the order of two non-NULL values of one column.
int CompareValues(const ColumnType& type, const Batch& a, int64_t ra, const Batch& b, int64_t rb, int col) {
    auto cmp = [](auto x, auto y) { return x < y ? -1 : y < x ? 1 : 0; };
    switch (type.id) {
    case SL_TYPE_BOOLEAN:
        return cmp(a.Values<uint8_t>(col)[ra], b.Values<uint8_t>(col)[rb]);
    case SL_TYPE_INT:
    case SL_TYPE_DATE:
        return cmp(a.Values<int32_t>(col)[ra], b.Values<int32_t>(col)[rb]);
    case SL_TYPE_DOUBLE: {
        // NaN is larger than every other value, as in Spark.
        const double x = a.Values<double>(col)[ra], y = b.Values<double>(col)[rb];
        if (x != x || y != y)
            return (x != x) - (y != y);
        return cmp(x, y);
    }
    case SL_TYPE_DECIMAL:
        return cmp(a.Values<sl_decimal>(col)[ra], b.Values<sl_decimal>(col)[rb]);
    case SL_TYPE_STRING:
        return cmp(Batch::ToStringView(a.Values<sl_str>(col)[ra]),
                   Batch::ToStringView(b.Values<sl_str>(col)[rb]));
    default:
        return cmp(a.Values<int64_t>(col)[ra], b.Values<int64_t>(col)[rb]);
    }
}

} // namespace

BatchPtr SortResult(const std::vector<BatchPtr>& batches, const Schema& schema,
                    const std::vector<SortKeySpec>& keys, int64_t limit) {
    struct RowRef {
        const Batch* batch;
        int64_t row;
    };
    std::vector<RowRef> rows;
    for (const BatchPtr& b : batches)
        for (int64_t r = 0; r < b->num_rows(); ++r)
            rows.push_back({b.get(), r});
    std::stable_sort(rows.begin(), rows.end(), [&](const RowRef& x, const RowRef& y) {
        for (const SortKeySpec& k : keys) {
            const bool xn = x.batch->IsNull(k.column, x.row), yn = y.batch->IsNull(k.column, y.row);
            if (xn || yn) {
                if (xn == yn)
                    continue;
                return xn == k.nulls_first;
            }
            int c = CompareValues(schema[k.column].type, *x.batch, x.row, *y.batch, y.row, k.column);
            if (c != 0)
                return k.descending ? c > 0 : c < 0;
        }
        return false;
    });
    if (limit >= 0 && static_cast<int64_t>(rows.size()) > limit)
        rows.resize(static_cast<size_t>(limit));
    auto out = std::make_shared<Batch>(schema, std::max<int64_t>(1, static_cast<int64_t>(rows.size())));
    for (const BatchPtr& b : batches)
        out->AddDependency(b);
    for (size_t i = 0; i < rows.size(); ++i) {
        for (int c = 0; c < out->num_columns(); ++c) {
            const int width = schema[c].type.Width();
            std::memcpy(static_cast<uint8_t*>(out->raw()->columns[c].values) + i * width,
                        static_cast<const uint8_t*>(rows[i].batch->raw()->columns[c].values) +
                            rows[i].row * width,
                        width);
            if (rows[i].batch->IsNull(c, rows[i].row))
                out->SetNull(c, static_cast<int64_t>(i), true);
        }
    }
    out->set_num_rows(static_cast<int64_t>(rows.size()));
    return out;
}

} // namespace sluice::rt
