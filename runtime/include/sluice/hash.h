/* The hash of encoded state keys, header-only so that generated code (through the stdlib's inlined
 * sl_fn_hash_bytes), the runtime's exchanges and the state store (which rebuilds its tables from a
 * checkpoint) compute the same value. MurmurHash64A's mixing, 8 bytes at a time: keys are short, and
 * this is fast without SIMD. The value must never change: it decides partitions, which a checkpoint
 * fixes. */
#ifndef SLUICE_HASH_H
#define SLUICE_HASH_H

#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

static inline uint64_t sl_hash_bytes(const uint8_t* data, int64_t len) {
    const uint64_t m = 0xc6a4a7935bd1e995ULL;
    const int r = 47;
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ ((uint64_t)len * m);
    int64_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t k;
        memcpy(&k, data + i, 8);
        k *= m;
        k ^= k >> r;
        k *= m;
        h ^= k;
        h *= m;
    }
    uint64_t tail = 0;
    for (int64_t j = len - 1; j >= i; --j)
        tail = (tail << 8) | data[j];
    if (i < len) {
        h ^= tail;
        h *= m;
    }
    h ^= h >> r;
    h *= m;
    h ^= h >> r;
    return h;
}

/* The partition of a key: the checkpoint fixes the number of partitions. */
static inline int32_t sl_hash_partition(uint64_t hash, int32_t partitions) {
    return (int32_t)((hash >> 32) % (uint64_t)partitions);
}

#ifdef __cplusplus
}
#endif

#endif
