// The hot string functions: LENGTH, LOWER, UPPER, SUBSTR, TRIM/LTRIM/RTRIM, CONCAT, STRPOS,
// STARTS_WITH, ENDS_WITH. INLINE: compiled to bitcode too (only libc and sl_rt_arena_alloc).
//
// Positions and lengths count characters (UTF-8 code points, see Utf8SequenceLength); results that
// are a part of the input point into the input's bytes instead of copying.

#include "stdlib/scalar/inline/str_util.h"

using sluice::stdlib::AllocStr;
using sluice::stdlib::SetStr;
using sluice::stdlib::Utf8Advance;
using sluice::stdlib::Utf8Length;

namespace {

/// True when `c` is one of the 26 letters starting at `from` ('A' or 'a').
bool IsLetterFrom(char c, char from) {
    return static_cast<unsigned char>(c - from) <= 25;
}

/// Copies `s` with the ASCII letters starting at `from` shifted by `delta`; returns `s` itself when
/// no letter needs changing, so already-normalized text costs no allocation.
int32_t MapAsciiCase(sl_ctx* ctx, sl_str* out, const sl_str* s, char from, int delta) {
    const char* p = s->ptr;
    const uint32_t len = s->len;
    uint32_t first = 0;
    while (first < len && !IsLetterFrom(p[first], from))
        ++first;
    if (first == len) {
        *out = *s;
        return 0;
    }
    char* buf = AllocStr(ctx, len);
    memcpy(buf, p, first);
    for (uint32_t i = first; i < len; ++i)
        buf[i] = IsLetterFrom(p[i], from) ? static_cast<char>(p[i] + delta) : p[i];
    SetStr(out, buf, len);
    return 0;
}

/// a + b, saturating to the int64 range.
int64_t SaturatingAdd(int64_t a, int64_t b) {
    int64_t r;
    if (__builtin_add_overflow(a, b, &r))
        return b > 0 ? INT64_MAX : INT64_MIN;
    return r;
}

/// Spark's UTF8String.substringSQL on int64 arguments: position `start` is 1-based; 0 means 1;
/// negative counts from the end. The window [start, start + len) is clipped to the string after it
/// is placed, so SUBSTR('abc', -5, 3) is 'a' (the window covers characters -2, -1, 0).
int32_t Substring(sl_str* out, const sl_str* s, int64_t start, int64_t len) {
    int64_t first;
    if (start > 0)
        first = start - 1;
    else if (start < 0)
        first = static_cast<int64_t>(Utf8Length(s->ptr, s->len)) + start; // no overflow: length < 2^32
    else
        first = 0;
    const int64_t end = SaturatingAdd(first, len);
    if (first < 0)
        first = 0;
    if (first >= end) {
        SetStr(out, s->ptr, 0);
        return 0;
    }
    const uint32_t begin_byte = Utf8Advance(s->ptr, s->len, 0, static_cast<uint64_t>(first), nullptr);
    const uint32_t end_byte = Utf8Advance(s->ptr, s->len, begin_byte,
                                          static_cast<uint64_t>(end) - static_cast<uint64_t>(first), nullptr);
    SetStr(out, s->ptr + begin_byte, end_byte - begin_byte);
    return 0;
}

/// Strips ASCII spaces (0x20 only, as Spark's TRIM does) from the chosen ends.
int32_t TrimSpaces(sl_str* out, const sl_str* s, bool left, bool right) {
    const char* p = s->ptr;
    uint32_t begin = 0, end = s->len;
    if (left)
        while (begin < end && p[begin] == ' ')
            ++begin;
    if (right)
        while (end > begin && p[end - 1] == ' ')
            --end;
    SetStr(out, p + begin, end - begin);
    return 0;
}

} // namespace

extern "C" {

int32_t sl_fn_length_str(sl_ctx*, int64_t* out, const sl_str* s) {
    *out = static_cast<int64_t>(Utf8Length(s->ptr, s->len));
    return 0;
}

int32_t sl_fn_lower_str(sl_ctx* ctx, sl_str* out, const sl_str* s) {
    return MapAsciiCase(ctx, out, s, 'A', 'a' - 'A');
}

int32_t sl_fn_upper_str(sl_ctx* ctx, sl_str* out, const sl_str* s) {
    return MapAsciiCase(ctx, out, s, 'a', 'A' - 'a');
}

int32_t sl_fn_substr_str_i64(sl_ctx*, sl_str* out, const sl_str* s, int64_t start) {
    return Substring(out, s, start, INT64_MAX);
}

int32_t sl_fn_substr_str_i64_i64(sl_ctx*, sl_str* out, const sl_str* s, int64_t start, int64_t len) {
    return Substring(out, s, start, len);
}

int32_t sl_fn_trim_str(sl_ctx*, sl_str* out, const sl_str* s) {
    return TrimSpaces(out, s, true, true);
}

int32_t sl_fn_ltrim_str(sl_ctx*, sl_str* out, const sl_str* s) {
    return TrimSpaces(out, s, true, false);
}

int32_t sl_fn_rtrim_str(sl_ctx*, sl_str* out, const sl_str* s) {
    return TrimSpaces(out, s, false, true);
}

int32_t sl_fn_concat_str_str(sl_ctx* ctx, sl_str* out, const sl_str* a, const sl_str* b) {
    if (b->len == 0) {
        *out = *a;
        return 0;
    }
    if (a->len == 0) {
        *out = *b;
        return 0;
    }
    const uint64_t len = static_cast<uint64_t>(a->len) + b->len;
    if (len > SL_FN_MAX_STRING_BYTES)
        return SL_ERR_INVALID_ARG;
    char* buf = AllocStr(ctx, len);
    memcpy(buf, a->ptr, a->len);
    memcpy(buf + a->len, b->ptr, b->len);
    SetStr(out, buf, static_cast<uint32_t>(len));
    return 0;
}

int32_t sl_fn_strpos_str_str(sl_ctx*, int64_t* out, const sl_str* s, const sl_str* sub) {
    // Like Spark's instr: the empty string is found at position 1.
    if (sub->len == 0) {
        *out = 1;
        return 0;
    }
    if (sub->len > s->len) {
        *out = 0;
        return 0;
    }
    const void* hit = memmem(s->ptr, s->len, sub->ptr, sub->len);
    if (hit == nullptr) {
        *out = 0;
        return 0;
    }
    const uint32_t bytes_before = static_cast<uint32_t>(static_cast<const char*>(hit) - s->ptr);
    *out = static_cast<int64_t>(Utf8Length(s->ptr, bytes_before)) + 1;
    return 0;
}

int32_t sl_fn_starts_with_str_str(sl_ctx*, uint8_t* out, const sl_str* s, const sl_str* prefix) {
    *out = prefix->len <= s->len && (prefix->len == 0 || memcmp(s->ptr, prefix->ptr, prefix->len) == 0);
    return 0;
}

int32_t sl_fn_ends_with_str_str(sl_ctx*, uint8_t* out, const sl_str* s, const sl_str* suffix) {
    *out = suffix->len <= s->len &&
           (suffix->len == 0 || memcmp(s->ptr + (s->len - suffix->len), suffix->ptr, suffix->len) == 0);
    return 0;
}

} // extern "C"
