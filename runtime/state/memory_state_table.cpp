#include "runtime/state/memory_state_table.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "sluice/hash.h"

namespace sluice::rt {

namespace {

bool KeyLess(std::string_view a, std::string_view b) {
    const int c = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
    return c < 0 || (c == 0 && a.size() < b.size());
}

/// Equal key bytes of one length, compared eight bytes at a time inline: keys are short, and a call to
/// memcmp per lookup costs more than the comparison.
inline bool SameBytes(const char* a, const uint8_t* b, size_t len) {
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t x, y;
        std::memcpy(&x, a + i, 8);
        std::memcpy(&y, b + i, 8);
        if (x != y)
            return false;
    }
    for (; i < len; ++i)
        if (static_cast<uint8_t>(a[i]) != b[i])
            return false;
    return true;
}

/// The emit order: by hash, then by key bytes — deterministic (it does not depend on how the table was
/// filled, so a recovered table emits in the same order), and mostly decided by one integer compare.
bool EmitLess(uint64_t ha, std::string_view a, uint64_t hb, std::string_view b) {
    return ha != hb ? ha < hb : KeyLess(a, b);
}

} // namespace

MemoryStateTable::MemoryStateTable(const StateTableSpec& spec)
    : spec_(spec), value_bytes_(std::max<size_t>(16, (static_cast<size_t>(spec.value_size) + 15) / 16 * 16)),
      strings_(std::make_unique<Arena>()) {
    index_.assign(16, 0);
}

MemoryStateTable::~MemoryStateTable() {
    for (Entry& e : entries_)
        FreeValue(e.value);
}

void MemoryStateTable::FreeValue(uint8_t* value) {
    std::free(value);
}

MemoryStateTable::Entry* MemoryStateTable::Find(uint64_t hash, const uint8_t* key, int32_t key_len,
                                                size_t* slot) const {
    const size_t mask = index_.size() - 1;
    const uint64_t tag = hash >> 32;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        const uint64_t at = index_[i];
        if (at == 0) {
            *slot = i;
            return nullptr;
        }
        if ((at >> 32) != tag)
            continue;
        const Entry& e = entries_[static_cast<uint32_t>(at) - 1];
        if (e.hash == hash && e.key_len == static_cast<uint32_t>(key_len) &&
            SameBytes(e.key, key, static_cast<size_t>(key_len))) {
            *slot = i;
            return const_cast<Entry*>(&e);
        }
    }
}

void MemoryStateTable::Rehash(size_t capacity) {
    index_.assign(capacity, 0);
    const size_t mask = capacity - 1;
    for (size_t n = 0; n < entries_.size(); ++n) {
        if (!entries_[n].live)
            continue;
        size_t i = entries_[n].hash & mask;
        while (index_[i] != 0)
            i = (i + 1) & mask;
        index_[i] = (entries_[n].hash >> 32 << 32) | static_cast<uint64_t>(n + 1);
    }
}

MemoryStateTable::Entry& MemoryStateTable::Insert(uint64_t hash, const uint8_t* key, int32_t key_len,
                                                  int64_t expiry) {
    // Entries (dead ones included, until the next eviction compacts them) fill at most half the index.
    if ((entries_.size() + 1) * 2 > index_.size())
        Rehash(index_.size() * 2);
    size_t slot = 0;
    Find(hash, key, key_len, &slot);
    Entry& e = entries_.emplace_back();
    const size_t block = (value_bytes_ + static_cast<size_t>(key_len) + 15) / 16 * 16;
    e.value = static_cast<uint8_t*>(std::aligned_alloc(16, block));
    if (!e.value)
        throw std::bad_alloc();
    std::memset(e.value, 0, value_bytes_);
    std::memcpy(e.value + value_bytes_, key, static_cast<size_t>(key_len));
    e.key = reinterpret_cast<const char*>(e.value + value_bytes_);
    e.key_len = static_cast<uint32_t>(key_len);
    key_bytes_ += e.key_len;
    e.hash = hash;
    e.expiry = expiry;
    index_[slot] = (hash >> 32 << 32) | static_cast<uint64_t>(entries_.size());
    ++live_;
    return e;
}

uint8_t* MemoryStateTable::Upsert(uint64_t hash, const uint8_t* key, int32_t key_len, int64_t expiry,
                                  int32_t* is_new) {
    size_t slot = 0;
    Entry* e = Find(hash, key, key_len, &slot);
    *is_new = e == nullptr;
    if (!e) {
        e = &Insert(hash, key, key_len, expiry);
    } else if (spec_.value_size == 0) {
        // Nothing of an entry without a value can change: seeing its key again is not an update.
        return e->value;
    }
    if (!e->updated) {
        e->updated = true;
        updated_.push_back(e);
    }
    return e->value;
}

void* MemoryStateTable::AllocString(int64_t size) {
    return strings_->Allocate(static_cast<size_t>(std::max<int64_t>(size, 1)), 1);
}

void MemoryStateTable::BeginBatch() {
    for (Entry* e : updated_)
        e->updated = false;
    updated_.clear();
    removed_.clear();
    emit_.clear();
    emit_pos_ = 0;
    metrics.rows_updated = 0;
    metrics.rows_removed = 0;
    metrics.rows_dropped_by_watermark = 0;
    RefreshMetrics();
}

void MemoryStateTable::PrepareEmit(EmitSet set, int64_t evict_watermark_us) {
    emit_.clear();
    emit_pos_ = 0;
    switch (set) {
    case EmitSet::None:
        break;
    case EmitSet::Updated:
        emit_ = updated_;
        break;
    case EmitSet::Expired:
    case EmitSet::All:
        for (Entry& e : entries_)
            if (e.live && (set == EmitSet::All || e.expiry <= evict_watermark_us))
                emit_.push_back(&e);
        break;
    }
    std::sort(emit_.begin(), emit_.end(),
              [](const Entry* a, const Entry* b) { return EmitLess(a->hash, a->Key(), b->hash, b->Key()); });
}

int32_t MemoryStateTable::Next(const uint8_t** key, int32_t* key_len, uint8_t** value) {
    if (emit_pos_ >= emit_.size())
        return 0;
    const Entry* e = emit_[emit_pos_++];
    *key = reinterpret_cast<const uint8_t*>(e->key);
    *key_len = static_cast<int32_t>(e->key_len);
    *value = e->value;
    return 1;
}

void MemoryStateTable::EvictExpired(int64_t evict_watermark_us) {
    emit_.clear();
    emit_pos_ = 0;
    bool any = false;
    for (Entry& e : entries_) {
        if (e.live && e.expiry <= evict_watermark_us) {
            removed_.emplace_back(e.Key());
            e.live = false;
            --live_;
            any = true;
        }
    }
    if (!any) {
        RefreshMetrics();
        return;
    }
    metrics.rows_removed += static_cast<int64_t>(removed_.size());
    DropDeadEntries();
    // The updated list is rebuilt from the marks of the survivors.
    updated_.clear();
    for (Entry& e : entries_)
        if (e.updated)
            updated_.push_back(&e);
    size_t capacity = 16;
    while (capacity < entries_.size() * 2 + 2)
        capacity *= 2;
    Rehash(capacity);
    RefreshMetrics();
}

StateRecord MemoryStateTable::ToRecord(const Entry& e) const {
    StateRecord r;
    r.key = e.Key();
    r.expiry = e.expiry;
    r.value.assign(reinterpret_cast<const char*>(e.value), static_cast<size_t>(spec_.value_size));
    for (int32_t offset : spec_.value_string_offsets) {
        sl_str s;
        std::memcpy(&s, e.value + offset, sizeof s);
        r.strings.emplace_back(s.ptr ? std::string(s.ptr, s.len) : std::string());
    }
    return r;
}

std::vector<StateRecord> MemoryStateTable::UpdatedRecords() const {
    std::vector<StateRecord> out;
    for (const Entry* e : updated_)
        if (e->live)
            out.push_back(ToRecord(*e));
    return out;
}

std::vector<StateRecord> MemoryStateTable::AllRecords() const {
    std::vector<StateRecord> out;
    for (const Entry& e : entries_)
        if (e.live)
            out.push_back(ToRecord(e));
    return out;
}

void MemoryStateTable::Clear() {
    for (Entry& e : entries_)
        FreeValue(e.value);
    entries_.clear();
    index_.assign(16, 0);
    live_ = 0;
    key_bytes_ = 0;
    updated_.clear();
    removed_.clear();
    emit_.clear();
    strings_ = std::make_unique<Arena>();
    RefreshMetrics();
}

void MemoryStateTable::Apply(const StateRecord& record) {
    const auto* key = reinterpret_cast<const uint8_t*>(record.key.data());
    const auto len = static_cast<int32_t>(record.key.size());
    const uint64_t hash = sl_hash_bytes(key, len);
    size_t slot = 0;
    Entry* e = Find(hash, key, len, &slot);
    if (!e)
        e = &Insert(hash, key, len, record.expiry);
    e->expiry = record.expiry;
    std::memcpy(e->value, record.value.data(),
                std::min(record.value.size(), static_cast<size_t>(spec_.value_size)));
    for (size_t i = 0; i < spec_.value_string_offsets.size() && i < record.strings.size(); ++i) {
        sl_str s;
        std::memcpy(&s, e->value + spec_.value_string_offsets[i], sizeof s);
        s.len = static_cast<uint32_t>(record.strings[i].size());
        s.ptr = s.len ? strings_->Copy(record.strings[i].data(), s.len) : nullptr;
        std::memcpy(e->value + spec_.value_string_offsets[i], &s, sizeof s);
    }
}

void MemoryStateTable::Remove(const std::string& key) {
    const auto* bytes = reinterpret_cast<const uint8_t*>(key.data());
    const auto len = static_cast<int32_t>(key.size());
    size_t slot = 0;
    Entry* e = Find(sl_hash_bytes(bytes, len), bytes, len, &slot);
    if (!e)
        return;
    // Re-inserting every other entry is simplest; deltas remove few keys between snapshots.
    e->live = false;
    --live_;
    DropDeadEntries();
    Rehash(index_.size());
}

void MemoryStateTable::DropDeadEntries() {
    std::deque<Entry> kept;
    for (Entry& e : entries_) {
        if (e.live) {
            kept.push_back(std::move(e));
        } else {
            key_bytes_ -= e.key_len;
            FreeValue(e.value);
        }
    }
    entries_ = std::move(kept);
}

void MemoryStateTable::CompactStrings() {
    if (spec_.value_string_offsets.empty())
        return;
    auto fresh = std::make_unique<Arena>();
    for (Entry& e : entries_) {
        for (int32_t offset : spec_.value_string_offsets) {
            sl_str s;
            std::memcpy(&s, e.value + offset, sizeof s);
            if (s.ptr && s.len) {
                s.ptr = fresh->Copy(s.ptr, s.len);
                std::memcpy(e.value + offset, &s, sizeof s);
            }
        }
    }
    strings_ = std::move(fresh);
}

void MemoryStateTable::RefreshMetrics() {
    metrics.rows_total = static_cast<int64_t>(live_);
    metrics.rows_updated = static_cast<int64_t>(updated_.size());
    metrics.memory_used_bytes =
        static_cast<int64_t>(entries_.size() * (sizeof(Entry) + value_bytes_) + key_bytes_ +
                             index_.size() * sizeof(uint64_t) + strings_->BytesAllocated());
}

} // namespace sluice::rt
