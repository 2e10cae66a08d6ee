#pragma once

#include <cstdint>

#include "sluice/abi.h"

namespace sluice::rt {

/// Progress counters of one state table in one partition (Spark's StateOperatorProgress fields).
struct StateTableMetrics {
    int64_t rows_total = 0;                // entries after the batch
    int64_t rows_updated = 0;              // entries upserted in the batch
    int64_t rows_removed = 0;              // entries evicted in the batch
    int64_t rows_dropped_by_watermark = 0; // late input rows (sl_rt_state_count_late)
    int64_t memory_used_bytes = 0;         // keys, values, strings and index
};

/// Which entries a state table's emit pipeline sees (mirrors StateTableSpec::Emit).
enum class EmitSet { None, Updated, Expired, All };

} // namespace sluice::rt

/// The keyed state of one state table in one partition: what generated code reaches through the
/// sl_rt_state_* functions of the C ABI. Abstract here, in the library generated code links against, so
/// that the ABI shims need no store; the stores (memory, RocksDB) implement it in runtime/state. Used by
/// one thread at a time: the worker running the partition.
struct sl_state {
    virtual ~sl_state() = default;

    // ---- called by generated code (through the ABI shims) ----
    virtual uint8_t* Upsert(uint64_t hash, const uint8_t* key, int32_t key_len, int64_t expiry,
                            int32_t* is_new) = 0;
    virtual void* AllocString(int64_t size) = 0;
    void CountLate(int64_t rows) { metrics.rows_dropped_by_watermark += rows; }
    /// The next entry of the set PrepareEmit fixed, in a deterministic order (by key hash, then memcmp
    /// order of keys); 0 at the end.
    virtual int32_t Next(const uint8_t** key, int32_t* key_len, uint8_t** value) = 0;

    // ---- called by the engine, between pipelines ----
    /// A batch starts: forget the previous batch's updated marks and per-batch counters.
    virtual void BeginBatch() = 0;
    /// Fixes the set Next walks: entries updated in this batch, entries whose expiry is <=
    /// `evict_watermark_us`, or all.
    virtual void PrepareEmit(sluice::rt::EmitSet set, int64_t evict_watermark_us) = 0;
    /// Removes the entries whose expiry is <= `evict_watermark_us` (after their emit pipeline ran).
    virtual void EvictExpired(int64_t evict_watermark_us) = 0;

    sluice::rt::StateTableMetrics metrics;
};
