// __STR_EQ and __STR_CMP, the comparisons codegen emits for `=`, `<`, ORDER BY and MIN/MAX on
// STRING. INLINE: compiled to bitcode too. Both look at the 4-byte prefix of sl_str first, which
// decides most comparisons without touching the string bytes.

#include <string.h>

#include "sluice/stdlib.h"

namespace {

/// The prefix as a big-endian number: comparing two of them orders strings by their first four
/// bytes (unsigned), with the zero padding of short strings ordering them before longer ones.
uint32_t PrefixKey(const sl_str* s) {
    uint32_t v;
    memcpy(&v, s->prefix, 4);
    return __builtin_bswap32(v);
}

} // namespace

extern "C" {

int32_t sl_fn_str_eq(sl_ctx*, uint8_t* out, const sl_str* a, const sl_str* b) {
    *out = a->len == b->len && memcmp(a->prefix, b->prefix, 4) == 0 &&
           (a->len <= 4 || memcmp(a->ptr + 4, b->ptr + 4, a->len - 4) == 0);
    return 0;
}

int32_t sl_fn_str_cmp(sl_ctx*, int32_t* out, const sl_str* a, const sl_str* b) {
    const uint32_t ka = PrefixKey(a), kb = PrefixKey(b);
    if (ka != kb) {
        *out = ka < kb ? -1 : 1;
        return 0;
    }
    // Equal prefixes: the first min(len, 4) bytes agree, so compare from byte 4 on (a string
    // shorter than 4 bytes that matched is a prefix of the other, and the lengths decide).
    const uint32_t n = a->len < b->len ? a->len : b->len;
    const int c = n > 4 ? memcmp(a->ptr + 4, b->ptr + 4, n - 4) : 0;
    *out = c != 0 ? (c < 0 ? -1 : 1) : (a->len < b->len ? -1 : (a->len > b->len ? 1 : 0));
    return 0;
}

} // extern "C"
