#include <cstring>

#include "sluice/stdlib.h"

extern "C" {

int32_t sl_fn_str_eq(sl_ctx*, uint8_t* out, const sl_str* a, const sl_str* b) {
    *out = a->len == b->len && std::memcmp(a->prefix, b->prefix, 4) == 0 &&
           (a->len <= 4 || std::memcmp(a->ptr, b->ptr, a->len) == 0);
    return 0;
}

int32_t sl_fn_str_cmp(sl_ctx*, int32_t* out, const sl_str* a, const sl_str* b) {
    uint32_t n = a->len < b->len ? a->len : b->len;
    int c = std::memcmp(a->ptr, b->ptr, n);
    *out = c != 0 ? c : (a->len < b->len ? -1 : (a->len > b->len ? 1 : 0));
    return 0;
}

} // extern "C"
