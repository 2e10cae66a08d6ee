#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "runtime/common/batch.h"

namespace sluice::rt {

/// Writes decoded values into one column of a source batch: the value slot, the validity bit, and string
/// bytes copied into the batch's arena (no heap allocation per value). Decoders keep one per projected
/// column and Bind it to each chunk they fill. A row slot may be written again after a bad row was
/// abandoned half-way, so every setter also sets the validity bit.
class ColumnWriter {
public:
    ColumnWriter(std::string name, ColumnType type) : name_(std::move(name)), type_(type) {}

    const std::string& name() const { return name_; }
    const ColumnType& type() const { return type_; }

    void Bind(Batch* batch, int col) {
        batch_ = batch;
        col_ = col;
        values_ = batch->raw()->columns[col].values;
    }

    void SetNull(int64_t row) { batch_->SetNull(col_, row, true); }

    template <typename T> void Set(int64_t row, T value) {
        static_cast<T*>(values_)[row] = value;
        MarkValid(row);
    }
    /// Copies `s` into the batch's arena. (Batch::MakeString does the same out of line; this is the hot
    /// path of every string column.)
    void SetString(int64_t row, std::string_view s) {
        char* bytes = AllocateString(s.size());
        if (!s.empty())
            std::memcpy(bytes, s.data(), s.size());
        SetStringBytes(row, bytes, s.size());
    }
    /// For decoders that unescape in place: room for `len` bytes in the arena; finish with SetStringBytes.
    char* AllocateString(size_t len) { return static_cast<char*>(batch_->arena().Allocate(len, 1)); }
    /// `data` must live in the batch's arena.
    void SetStringBytes(int64_t row, const char* data, size_t len) {
        sl_str v;
        v.len = static_cast<uint32_t>(len);
        std::memset(v.prefix, 0, sizeof v.prefix);
        std::memcpy(v.prefix, data, std::min<size_t>(len, sizeof v.prefix));
        v.ptr = data;
        Set<sl_str>(row, v);
    }

    /// Decodes the text form of value_format ("42", "2026-01-01 10:00:00", "12.50", ...) into the slot.
    /// False when `text` is not a value of the column's type; the slot is then unspecified.
    bool ParseText(int64_t row, std::string_view text);

    /// The reason a value is rejected, for bad-row messages: "'abc' is not a BIGINT" (long values are cut).
    std::string NotAValue(std::string_view text) const;
    /// "a BIGINT", "an INT", "a DECIMAL(10,2)".
    std::string TypeWithArticle() const;

private:
    void MarkValid(int64_t row) {
        uint8_t* valid = batch_->raw()->columns[col_].valid;
        if (valid != nullptr)
            valid[row >> 3] |= static_cast<uint8_t>(1u << (row & 7));
    }

    std::string name_;
    ColumnType type_;
    Batch* batch_ = nullptr;
    int col_ = 0;
    void* values_ = nullptr;
};

/// Parses an INTERVAL in the form FormatInterval writes (`INTERVAL '1.5' SECOND`) or as plain seconds.
/// value_format has no parser for intervals; this one keeps the two forms in step.
bool ParseIntervalText(std::string_view text, int64_t* micros);

} // namespace sluice::rt
