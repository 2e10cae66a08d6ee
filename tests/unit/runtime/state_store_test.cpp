// The keyed state store: upserts, emit sets, eviction, and versions that come back from checkpoint files
// exactly (or fail loudly when a file is missing or damaged).

#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include "engine_fakes.h"
#include "runtime/common/exec_context.h"
#include "runtime/state/state_store.h"
#include "sluice/hash.h"

using namespace sluice::rt;
using namespace sluice::rt::testing;

namespace {

/// A table whose values are an int64 counter and a STRING (the longest key seen).
StateTableSpec CounterTable() {
    StateTableSpec t;
    t.value_size = 32;
    t.value_string_offsets = {16};
    t.emit = StateTableSpec::Emit::Updated;
    t.evict_expired = true;
    return t;
}

uint8_t* Upsert(sl_state* s, const std::string& key, int64_t expiry, bool* is_new = nullptr) {
    int32_t fresh = 0;
    uint8_t* v = sl_rt_state_upsert(
        s, sl_hash_bytes(reinterpret_cast<const uint8_t*>(key.data()), key.size()),
        reinterpret_cast<const uint8_t*>(key.data()), static_cast<int32_t>(key.size()), expiry, &fresh);
    if (is_new)
        *is_new = fresh;
    return v;
}

/// Adds one to the key's counter and keeps `text` as its string (bytes from the state).
void Count(sl_state* s, const std::string& key, const std::string& text, int64_t expiry = INT64_MAX) {
    uint8_t* v = Upsert(s, key, expiry);
    int64_t n;
    std::memcpy(&n, v, 8);
    ++n;
    std::memcpy(v, &n, 8);
    sl_str str{};
    str.len = static_cast<uint32_t>(text.size());
    char* bytes = static_cast<char*>(sl_rt_state_alloc(s, static_cast<int64_t>(text.size())));
    std::memcpy(bytes, text.data(), text.size());
    str.ptr = bytes;
    std::memcpy(v + 16, &str, sizeof str);
}

/// Every entry of the emit set `set`, as key -> "count:string".
std::map<std::string, std::string> Emit(sl_state* s, EmitSet set, int64_t watermark = 0) {
    s->PrepareEmit(set, watermark);
    std::map<std::string, std::string> out;
    const uint8_t* key;
    int32_t len;
    uint8_t* value;
    uint64_t previous = 0;
    while (sl_rt_state_next(s, &key, &len, &value)) {
        std::string k(reinterpret_cast<const char*>(key), static_cast<size_t>(len));
        // The order depends on the keys alone: by hash (then bytes).
        const uint64_t hash = sl_hash_bytes(key, len);
        CHECK(previous <= hash);
        previous = hash;
        int64_t n;
        sl_str str;
        std::memcpy(&n, value, 8);
        std::memcpy(&str, value + 16, sizeof str);
        out[k] = std::to_string(n) + ":" + std::string(str.ptr, str.len);
    }
    return out;
}

std::string ErrorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const QueryError& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST_CASE("upserts, emit sets and eviction", "[state]") {
    StateStore store({CounterTable()}, 1, "", {});
    sl_state* s = store.Table(0, 0);
    s->BeginBatch();
    bool is_new = false;
    Upsert(s, "b", 10, &is_new);
    CHECK(is_new);
    Upsert(s, "b", 99, &is_new);
    CHECK_FALSE(is_new);
    Count(s, "a", "x", 20);
    Count(s, "c", "y", 30);
    CHECK(Emit(s, EmitSet::All).size() == 3);
    s->BeginBatch();
    Count(s, "c", "z");
    CHECK(Emit(s, EmitSet::Updated) == std::map<std::string, std::string>{{"c", "2:z"}});
    // The expiry of an entry is the one it was created with.
    CHECK(Emit(s, EmitSet::Expired, 20).size() == 2);
    s->EvictExpired(20);
    CHECK(Emit(s, EmitSet::All) == std::map<std::string, std::string>{{"c", "2:z"}});
    CHECK(store.Metrics(0).rows_total == 1);
    CHECK(store.Metrics(0).rows_removed == 2);
}

TEST_CASE("every version comes back from deltas and snapshots", "[state]") {
    TempDir tmp;
    StateStoreOptions options;
    options.snapshot_interval = 3;
    std::vector<std::map<std::string, std::string>> versions = {{}};
    {
        StateStore store({CounterTable()}, 2, tmp.Path("state"), options);
        store.Load(0);
        std::mt19937 random(7);
        for (int64_t batch = 0; batch < 10; ++batch) {
            for (int32_t p = 0; p < 2; ++p)
                store.Table(0, p)->BeginBatch();
            for (int i = 0; i < 20; ++i) {
                const std::string key = "k" + std::to_string(random() % 15);
                const int32_t p = sl_hash_partition(
                    sl_hash_bytes(reinterpret_cast<const uint8_t*>(key.data()), key.size()), 2);
                Count(store.Table(0, p), key, std::string(random() % 30, 'a' + batch),
                      batch * 10 + random() % 50);
            }
            for (int32_t p = 0; p < 2; ++p)
                store.Table(0, p)->EvictExpired(batch * 10);
            store.Commit(batch);
            std::map<std::string, std::string> all;
            for (int32_t p = 0; p < 2; ++p)
                all.merge(Emit(store.Table(0, p), EmitSet::All));
            versions.push_back(all);
        }
    }
    StateStore reopened({CounterTable()}, 2, tmp.Path("state"), options);
    for (int64_t v = 0; v <= 10; ++v) {
        reopened.Load(v);
        std::map<std::string, std::string> all;
        for (int32_t p = 0; p < 2; ++p)
            all.merge(Emit(reopened.Table(0, p), EmitSet::All));
        INFO("version " << v);
        CHECK(all == versions[v]);
    }
}

TEST_CASE("a missing, torn or corrupt state file is an error naming it", "[state]") {
    TempDir tmp;
    {
        StateStore store({CounterTable()}, 1, tmp.Path("state"), {});
        for (int64_t batch = 0; batch < 3; ++batch) {
            store.Table(0, 0)->BeginBatch();
            Count(store.Table(0, 0), "key", "text");
            store.Commit(batch);
        }
    }
    const std::string file = tmp.Path("state/0/0/2.delta");
    StateStore store({CounterTable()}, 1, tmp.Path("state"), {});
    std::string bytes;
    {
        std::ifstream in(file, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    auto write = [&](const std::string& data) {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out << data;
    };
    write(bytes.substr(0, bytes.size() - 3));
    CHECK_THAT(ErrorOf([&] { store.Load(3); }), Catch::Contains("2.delta") && Catch::Contains("torn"));
    std::string flipped = bytes;
    flipped[flipped.size() - 2] ^= 0x20;
    write(flipped);
    CHECK_THAT(ErrorOf([&] { store.Load(3); }), Catch::Contains("2.delta") && Catch::Contains("CRC"));
    std::filesystem::remove(file);
    CHECK_THAT(ErrorOf([&] { store.Load(3); }), Catch::Contains("2.delta") && Catch::Contains("missing"));
    // Older versions do not need the file.
    CHECK(ErrorOf([&] { store.Load(1); }).empty());
}

TEST_CASE("state written with other partitions or another layout is refused", "[state]") {
    TempDir tmp;
    { StateStore store({CounterTable()}, 2, tmp.Path("state"), {}); }
    CHECK_THAT(ErrorOf([&] { StateStore store({CounterTable()}, 3, tmp.Path("state"), {}); }),
               Catch::Contains("2 partitions"));
    StateTableSpec other = CounterTable();
    other.value_size = 48;
    CHECK_THAT(ErrorOf([&] { StateStore store({other}, 2, tmp.Path("state"), {}); }),
               Catch::Contains("new checkpoint directory"));
}
