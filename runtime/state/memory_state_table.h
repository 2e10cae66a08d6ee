#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/common/arena.h"
#include "runtime/common/state_table.h"
#include "runtime/engine/query_spec.h"

namespace sluice::rt {

/// One entry of a state table as a checkpoint file holds it: the key, the expiry and the value with
/// its strings carried as bytes (`strings[i]` for the sl_str at the table's i-th string offset).
struct StateRecord {
    std::string key;
    int64_t expiry = 0;
    std::string value; // value_size bytes; the sl_str fields' pointers are meaningless here
    std::vector<std::string> strings;
};

/// The in-memory state of one table in one partition: an open-addressing index over entries that hold
/// their key bytes, a 16-byte aligned value buffer, the expiry and whether the current batch upserted
/// them. Value buffers never move while an entry lives; strings of values live in an arena that is
/// rebuilt from the live entries when it holds too much garbage.
class MemoryStateTable final : public sl_state {
public:
    explicit MemoryStateTable(const StateTableSpec& spec);
    ~MemoryStateTable() override;

    uint8_t* Upsert(uint64_t hash, const uint8_t* key, int32_t key_len, int64_t expiry,
                    int32_t* is_new) override;
    void* AllocString(int64_t size) override;
    int32_t Next(const uint8_t** key, int32_t* key_len, uint8_t** value) override;
    void BeginBatch() override;
    void PrepareEmit(EmitSet set, int64_t evict_watermark_us) override;
    void EvictExpired(int64_t evict_watermark_us) override;

    /// What changed since BeginBatch, for a checkpoint delta: the records upserted and the keys removed.
    std::vector<StateRecord> UpdatedRecords() const;
    const std::vector<std::string>& removed_keys() const { return removed_; }
    /// Every live entry, for a snapshot.
    std::vector<StateRecord> AllRecords() const;
    /// Replaces the whole content (Load of a snapshot), or applies a delta on top.
    void Clear();
    void Apply(const StateRecord& record);
    void Remove(const std::string& key);
    /// Rebuilds the string arena from the live entries (after a snapshot), dropping replaced strings.
    void CompactStrings();
    /// Brings `metrics` (entries, memory, updated rows) up to date; cheap.
    void RefreshMetrics();

private:
    /// One key's state. `value` is one aligned allocation owned by the entry: the value buffer, then the
    /// key bytes, so that a lookup that hits touches one block.
    struct Entry {
        uint64_t hash = 0;
        int64_t expiry = 0;
        uint8_t* value = nullptr;
        const char* key = nullptr; // inside the value's block
        uint32_t key_len = 0;
        bool updated = false;
        bool live = true;

        std::string_view Key() const { return {key, key_len}; }
    };

    Entry* Find(uint64_t hash, const uint8_t* key, int32_t key_len, size_t* slot) const;
    Entry& Insert(uint64_t hash, const uint8_t* key, int32_t key_len, int64_t expiry);
    void Rehash(size_t capacity);
    StateRecord ToRecord(const Entry& e) const;
    void FreeValue(uint8_t* value);
    /// Frees the entries marked dead and closes the gaps (the caller rebuilds the index).
    void DropDeadEntries();

    const StateTableSpec spec_;
    const size_t value_bytes_; // value_size rounded up to 16, at least 16
    std::deque<Entry> entries_;
    /// Per slot: entry number + 1 in the low 32 bits (0 = empty), the hash's high 32 bits above, so that
    /// most mismatches are decided without touching the entry. Power-of-two size.
    std::vector<uint64_t> index_;
    size_t live_ = 0;
    size_t key_bytes_ = 0;
    std::vector<Entry*> updated_;
    std::vector<std::string> removed_;
    std::vector<Entry*> emit_;
    size_t emit_pos_ = 0;
    std::unique_ptr<Arena> strings_;
};

} // namespace sluice::rt
