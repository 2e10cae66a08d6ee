#include "runtime/common/batch.h"

#include <algorithm>

namespace sluice::rt {

namespace {
int64_t BitmapBytes(int64_t rows) {
    return (rows + 7) / 8;
}
} // namespace

int ColumnType::Width() const {
    switch (id) {
    case SL_TYPE_BOOLEAN:
        return 1;
    case SL_TYPE_INT:
    case SL_TYPE_DATE:
        return 4;
    case SL_TYPE_BIGINT:
    case SL_TYPE_DOUBLE:
    case SL_TYPE_TIMESTAMP:
    case SL_TYPE_INTERVAL:
        return 8;
    case SL_TYPE_DECIMAL:
    case SL_TYPE_STRING:
        return 16;
    }
    return 8;
}

std::string ColumnType::ToString() const {
    switch (id) {
    case SL_TYPE_BOOLEAN:
        return "BOOLEAN";
    case SL_TYPE_INT:
        return "INT";
    case SL_TYPE_BIGINT:
        return "BIGINT";
    case SL_TYPE_DOUBLE:
        return "DOUBLE";
    case SL_TYPE_DECIMAL:
        return "DECIMAL(" + std::to_string(precision) + "," + std::to_string(scale) + ")";
    case SL_TYPE_STRING:
        return "STRING";
    case SL_TYPE_TIMESTAMP:
        return "TIMESTAMP";
    case SL_TYPE_DATE:
        return "DATE";
    case SL_TYPE_INTERVAL:
        return "INTERVAL";
    }
    return "?";
}

bool ParseColumnType(const std::string& text, ColumnType* out) {
    static const std::pair<const char*, sl_type_id> kNames[] = {
        {"BOOLEAN", SL_TYPE_BOOLEAN}, {"INT", SL_TYPE_INT},          {"BIGINT", SL_TYPE_BIGINT},
        {"DOUBLE", SL_TYPE_DOUBLE},   {"STRING", SL_TYPE_STRING},    {"TIMESTAMP", SL_TYPE_TIMESTAMP},
        {"DATE", SL_TYPE_DATE},       {"INTERVAL", SL_TYPE_INTERVAL}};
    for (auto& [name, id] : kNames) {
        if (text == name) {
            *out = {id, 0, 0};
            return true;
        }
    }
    unsigned p = 0, s = 0;
    if (std::sscanf(text.c_str(), "DECIMAL(%u,%u)", &p, &s) == 2 && p <= 38 && s <= p) {
        *out = {SL_TYPE_DECIMAL, static_cast<uint8_t>(p), static_cast<uint8_t>(s)};
        return true;
    }
    return false;
}

Batch::Batch(Schema schema, int64_t capacity) : schema_(std::move(schema)) {
    columns_.resize(schema_.size());
    values_.resize(schema_.size());
    validity_.resize(schema_.size());
    raw_.num_columns = static_cast<int32_t>(schema_.size());
    raw_.columns = columns_.data();
    raw_.capacity = 0;
    Reserve(std::max<int64_t>(capacity, 1));
}

void Batch::Reserve(int64_t capacity) {
    if (capacity <= raw_.capacity)
        return;
    int64_t old = raw_.capacity;
    for (size_t c = 0; c < schema_.size(); ++c) {
        int w = schema_[c].type.Width();
        auto buf = std::make_unique_for_overwrite<uint8_t[]>(capacity * w);
        if (values_[c])
            std::memcpy(buf.get(), values_[c].get(), old * w);
        values_[c] = std::move(buf);
        columns_[c].values = values_[c].get();
        if (validity_[c]) {
            auto bits = std::make_unique<uint8_t[]>(BitmapBytes(capacity)); // zeroed
            std::memcpy(bits.get(), validity_[c].get(), BitmapBytes(old));
            // Rows beyond the old capacity keep the bitmap's convention for "not yet written":
            // valid for source batches (bitmaps made by SetNull start all valid).
            if (!all_validity_zeroed_)
                std::memset(bits.get() + BitmapBytes(old), 0xff, BitmapBytes(capacity) - BitmapBytes(old));
            validity_[c] = std::move(bits);
            // A bitmap kept for reuse after Reset stays detached until SetNull needs it.
            if (columns_[c].valid)
                columns_[c].valid = validity_[c].get();
        }
    }
    raw_.capacity = capacity;
}

void Batch::Reset() {
    raw_.num_rows = 0;
    arena_.Reset();
    deps_.clear();
    for (size_t c = 0; c < schema_.size(); ++c) {
        if (all_validity_zeroed_)
            std::memset(validity_[c].get(), 0, BitmapBytes(raw_.capacity));
        else
            columns_[c].valid = nullptr;
    }
}

BatchPtr BatchRecycler::Acquire(const Schema& schema, int64_t capacity, bool output) {
    if (batch_ && batch_.use_count() == 1 && batch_->capacity() >= capacity) {
        bool same = batch_->schema().size() == schema.size();
        for (size_t c = 0; same && c < schema.size(); ++c)
            same = batch_->schema()[c].type == schema[c].type;
        if (same) {
            batch_->Reset();
            return batch_;
        }
    }
    batch_ = std::make_shared<Batch>(schema, capacity);
    if (output)
        batch_->AllocateAllValidity();
    return batch_;
}

void Batch::AllocateAllValidity() {
    all_validity_zeroed_ = true;
    for (size_t c = 0; c < schema_.size(); ++c) {
        validity_[c] = std::make_unique<uint8_t[]>(BitmapBytes(raw_.capacity));
        columns_[c].valid = validity_[c].get();
    }
}

void Batch::SetNull(int col, int64_t row, bool is_null) {
    if (!columns_[col].valid) {
        if (!is_null)
            return;
        if (!validity_[col])
            validity_[col] = std::make_unique_for_overwrite<uint8_t[]>(BitmapBytes(raw_.capacity));
        std::memset(validity_[col].get(), 0xff, BitmapBytes(raw_.capacity));
        columns_[col].valid = validity_[col].get();
    }
    uint8_t& byte = columns_[col].valid[row >> 3];
    uint8_t bit = static_cast<uint8_t>(1u << (row & 7));
    byte = is_null ? static_cast<uint8_t>(byte & ~bit) : static_cast<uint8_t>(byte | bit);
}

sl_str Batch::ViewString(const char* data, uint32_t len) {
    sl_str s;
    s.len = len;
    std::memset(s.prefix, 0, 4);
    std::memcpy(s.prefix, data, std::min<uint32_t>(len, 4));
    s.ptr = data;
    return s;
}

sl_str Batch::MakeString(std::string_view s) {
    const char* data = arena_.Copy(s.data(), s.size());
    return ViewString(data, static_cast<uint32_t>(s.size()));
}

} // namespace sluice::rt
