#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

#include "runtime/common/arena.h"
#include "runtime/common/schema.h"
#include "sluice/abi.h"

namespace sluice::rt {

/// Owns the memory of an sl_batch: one value buffer and one validity bitmap per column, and the arena
/// for its strings. Sources fill batches, pipelines read one and append to another, sinks encode them.
/// A batch whose strings point into other batches keeps those alive through AddDependency.
class Batch {
public:
    Batch(Schema schema, int64_t capacity);
    Batch(const Batch&) = delete;
    Batch& operator=(const Batch&) = delete;

    const Schema& schema() const { return schema_; }
    int num_columns() const { return static_cast<int>(schema_.size()); }
    int64_t num_rows() const { return raw_.num_rows; }
    int64_t capacity() const { return raw_.capacity; }
    void set_num_rows(int64_t n) { raw_.num_rows = n; }

    sl_batch* raw() { return &raw_; }
    const sl_batch* raw() const { return &raw_; }
    Arena& arena() { return arena_; }

    /// Grows every column to hold at least `capacity` rows, keeping the values and validity present.
    void Reserve(int64_t capacity);
    /// Allocates zeroed validity bitmaps for every column (all rows NULL until their bit is set), as
    /// generated pipelines expect of their output batch.
    void AllocateAllValidity();

    template <typename T> T* Values(int col) { return static_cast<T*>(raw_.columns[col].values); }
    template <typename T> const T* Values(int col) const {
        return static_cast<const T*>(raw_.columns[col].values);
    }

    bool IsNull(int col, int64_t row) const {
        const uint8_t* v = raw_.columns[col].valid;
        return v != nullptr && !((v[row >> 3] >> (row & 7)) & 1);
    }
    /// Marks a row NULL (allocating the column's bitmap, all valid, on first use) or valid.
    void SetNull(int col, int64_t row, bool is_null);

    /// Makes a string value whose bytes are copied into this batch's arena.
    sl_str MakeString(std::string_view s);
    /// Makes a string value pointing at bytes that outlive the batch (no copy).
    static sl_str ViewString(const char* data, uint32_t len);
    static std::string_view ToStringView(const sl_str& s) { return {s.ptr, s.len}; }

    /// Keeps `other` alive as long as this batch, because string values here point into it.
    void AddDependency(std::shared_ptr<const Batch> other) { deps_.push_back(std::move(other)); }
    /// Lets go of the batches AddDependency kept (once this batch's rows have been consumed).
    void ClearDependencies() { deps_.clear(); }
    /// Empties the batch for reuse, keeping its buffers: no rows, an empty arena, no dependencies, and
    /// the validity convention it had (output batches: every row NULL until written; others: no NULLs).
    void Reset();

private:
    Schema schema_;
    sl_batch raw_{};
    std::vector<sl_column> columns_;
    std::vector<std::unique_ptr<uint8_t[]>> values_;
    std::vector<std::unique_ptr<uint8_t[]>> validity_;
    Arena arena_;
    bool all_validity_zeroed_ = false; // output batches: unwritten rows read as NULL
    std::vector<std::shared_ptr<const Batch>> deps_;
};

using BatchPtr = std::shared_ptr<Batch>;

/// Hands out the same batch again once whoever it went to has let it go, so that a reader or pipeline
/// making chunk after chunk does not allocate (and page-fault in) fresh buffers for each one.
class BatchRecycler {
public:
    /// An empty batch of `schema` with room for `capacity` rows (and zeroed validity bitmaps when
    /// `output`, as pipelines expect): the previous one, reset, when nobody else holds it any more.
    BatchPtr Acquire(const Schema& schema, int64_t capacity, bool output = false);

private:
    BatchPtr batch_;
};

} // namespace sluice::rt
