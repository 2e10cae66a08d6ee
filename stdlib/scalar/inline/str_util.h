#pragma once

// Helpers for the string functions. Compiled into LLVM bitcode with the INLINE functions: include
// nothing but abi.h, stdlib.h and C headers here, and keep everything allocation-free.

#include <string.h>

#include "sluice/stdlib.h"
#include "stdlib/scalar/inline/attributes.h"

namespace sluice::stdlib {

/// Bytes of the UTF-8 sequence that starts with `lead`. Stray continuation bytes and invalid lead
/// bytes count as one-byte characters (Spark's UTF8String rule), so malformed input never makes a
/// walk skip valid text, and every function that counts characters agrees on where they start.
inline uint32_t Utf8SequenceLength(unsigned char lead) {
    if (lead < 0xC0)
        return 1;
    if (lead < 0xE0)
        return 2;
    if (lead < 0xF0)
        return 3;
    if (lead < 0xF8)
        return 4;
    return 1;
}

/// Byte offset reached by walking `chars` characters forward from byte `pos` of `p[0, len)`, stopping at
/// `len`. `walked` receives the number of characters actually passed.
inline uint32_t Utf8Advance(const char* p, uint32_t len, uint32_t pos, uint64_t chars, uint64_t* walked) {
    uint64_t n = 0;
    while (n < chars && pos < len) {
        unsigned char c = static_cast<unsigned char>(p[pos]);
        uint32_t step = c < 0x80 ? 1 : Utf8SequenceLength(c);
        // A sequence cut off by the end of the string is one (truncated) character.
        pos = step > len - pos ? len : pos + step;
        ++n;
    }
    if (walked)
        *walked = n;
    return pos;
}

/// Number of characters (code points of valid UTF-8) in `p[0, len)`.
inline uint64_t Utf8Length(const char* p, uint32_t len) {
    uint64_t n = 0;
    for (uint32_t pos = 0; pos < len; ++n) {
        unsigned char c = static_cast<unsigned char>(p[pos]);
        uint32_t step = c < 0x80 ? 1 : Utf8SequenceLength(c);
        pos = step > len - pos ? len : pos + step;
    }
    return n;
}

/// Points `out` at `n` bytes at `p` and fills the zero-padded 4-byte prefix.
inline void SetStr(sl_str* out, const char* p, uint32_t n) {
    char prefix[4] = {0, 0, 0, 0};
    for (uint32_t i = 0; i < n && i < 4; ++i)
        prefix[i] = p[i];
    out->len = n;
    memcpy(out->prefix, prefix, 4);
    out->ptr = p;
}

/// Memory for `n` bytes of a result string, owned by the batch arena.
inline char* AllocStr(sl_ctx* ctx, uint64_t n) {
    return static_cast<char*>(sl_rt_arena_alloc(ctx, static_cast<int64_t>(n)));
}

/// A keyword of at most 15 bytes packed with its length into 16 bytes, so that matching a unit or
/// field name against a list of keywords costs one pass over the name and then two integer
/// comparisons per keyword (and folds away entirely when the name is a constant).
struct NameKey {
    uint64_t lo;
    uint64_t hi;
    constexpr bool operator==(const NameKey&) const = default;
};

/// The key of a lower-case keyword literal.
template <uint32_t N> consteval NameKey Keyword(const char (&lower)[N]) {
    static_assert(N - 1 <= 15, "keywords are at most 15 bytes");
    NameKey key{0, uint64_t{N - 1} << 56};
    for (uint32_t i = 0; i < N - 1; ++i) {
        const uint64_t byte = static_cast<unsigned char>(lower[i]);
        if (i < 8)
            key.lo |= byte << (8 * i);
        else
            key.hi |= byte << (8 * (i - 8));
    }
    return key;
}

/// The key of `s` with ASCII letters lower-cased; a name longer than 15 bytes gets a key that no
/// keyword has.
SL_ALWAYS_INLINE NameKey LowerKey(const sl_str* s) {
    if (s->len > 15)
        return NameKey{~uint64_t{0}, ~uint64_t{0}};
    NameKey key{0, uint64_t{s->len} << 56};
    for (uint32_t i = 0; i < s->len; ++i) {
        uint64_t byte = static_cast<unsigned char>(s->ptr[i]);
        if (byte >= 'A' && byte <= 'Z')
            byte += 'a' - 'A';
        if (i < 8)
            key.lo |= byte << (8 * i);
        else
            key.hi |= byte << (8 * (i - 8));
    }
    return key;
}

} // namespace sluice::stdlib
