// REPLACE, SPLIT_PART, LPAD, RPAD, REVERSE: the string functions that build new text and are not
// hot enough to inline. Characters are UTF-8 code points, walked as in scalar/inline/str_util.h.

#include <string.h>

#include "sluice/stdlib.h"
#include "stdlib/scalar/inline/str_util.h"

using sluice::stdlib::AllocStr;
using sluice::stdlib::SetStr;
using sluice::stdlib::Utf8Advance;
using sluice::stdlib::Utf8Length;

namespace {

/// Offset of the first occurrence of `needle` (not empty) in `hay` at or after `from`; `hay_len`
/// when there is none. glibc's memmem is linear in the haystack (two-way algorithm).
uint32_t FindFrom(const char* hay, uint32_t hay_len, uint32_t from, const char* needle, uint32_t needle_len) {
    if (from > hay_len || hay_len - from < needle_len)
        return hay_len;
    const void* hit = memmem(hay + from, hay_len - from, needle, needle_len);
    return hit ? static_cast<uint32_t>(static_cast<const char*>(hit) - hay) : hay_len;
}

/// LPAD/RPAD with Spark's rules: a string at least `len` characters long is cut to its first `len`
/// characters (for LPAD too); an empty pad leaves a shorter string as it is; otherwise the pad is
/// repeated, its last copy cut by characters, to make up exactly `len` characters.
int32_t Pad(sl_ctx* ctx, sl_str* out, const sl_str* s_arg, int64_t len, const sl_str* pad_arg, bool left) {
    const sl_str s = *s_arg, pad = *pad_arg;
    if (len <= 0) {
        SetStr(out, s.ptr, 0);
        return 0;
    }
    uint64_t chars = 0;
    const uint32_t cut = Utf8Advance(s.ptr, s.len, 0, static_cast<uint64_t>(len), &chars);
    if (chars == static_cast<uint64_t>(len) || pad.len == 0) {
        SetStr(out, s.ptr, cut);
        return 0;
    }
    const uint64_t missing = static_cast<uint64_t>(len) - chars;
    if (missing > SL_FN_MAX_STRING_BYTES) // every character takes at least one byte
        return SL_ERR_INVALID_ARG;
    const uint64_t pad_chars = Utf8Length(pad.ptr, pad.len);
    const uint64_t copies = missing / pad_chars;
    const uint32_t tail = Utf8Advance(pad.ptr, pad.len, 0, missing % pad_chars, nullptr);
    const uint64_t fill = copies * pad.len + tail;
    const uint64_t total = fill + s.len;
    if (total > SL_FN_MAX_STRING_BYTES)
        return SL_ERR_INVALID_ARG;
    char* buf = AllocStr(ctx, total);
    // The whole copies by doubling (LPAD(s, 1000000, '0') is 20 memcpys), then the cut one.
    char* p = buf + (left ? 0 : s.len);
    const uint64_t whole = copies * pad.len;
    if (whole != 0) {
        memcpy(p, pad.ptr, pad.len);
        for (uint64_t done = pad.len; done < whole;) {
            const uint64_t n = done < whole - done ? done : whole - done;
            memcpy(p + done, p, n);
            done += n;
        }
    }
    memcpy(p + whole, pad.ptr, tail);
    memcpy(buf + (left ? fill : 0), s.ptr, s.len);
    SetStr(out, buf, static_cast<uint32_t>(total));
    return 0;
}

/// The pad of the two-argument LPAD/RPAD.
constexpr sl_str kSpace = {1, {' ', 0, 0, 0}, " "};

} // namespace

extern "C" {

int32_t sl_fn_replace_str_str_str(sl_ctx* ctx, sl_str* out, const sl_str* s_arg, const sl_str* search_arg,
                                  const sl_str* replacement_arg) {
    const sl_str s = *s_arg, search = *search_arg, replacement = *replacement_arg;
    // An empty search string matches nowhere (Spark returns the input unchanged).
    if (search.len == 0) {
        *out = s;
        return 0;
    }
    uint64_t count = 0;
    for (uint32_t at = FindFrom(s.ptr, s.len, 0, search.ptr, search.len); at < s.len;
         at = FindFrom(s.ptr, s.len, at + search.len, search.ptr, search.len))
        ++count;
    if (count == 0) {
        *out = s;
        return 0;
    }
    const uint64_t total = s.len - count * search.len + count * replacement.len;
    if (total > SL_FN_MAX_STRING_BYTES)
        return SL_ERR_INVALID_ARG;
    char* buf = AllocStr(ctx, total);
    char* p = buf;
    uint32_t done = 0;
    for (uint32_t at = FindFrom(s.ptr, s.len, 0, search.ptr, search.len); at < s.len;
         at = FindFrom(s.ptr, s.len, done, search.ptr, search.len)) {
        memcpy(p, s.ptr + done, at - done);
        p += at - done;
        memcpy(p, replacement.ptr, replacement.len);
        p += replacement.len;
        done = at + search.len;
    }
    memcpy(p, s.ptr + done, s.len - done);
    SetStr(out, buf, static_cast<uint32_t>(total));
    return 0;
}

int32_t sl_fn_split_part_str_str_i64(sl_ctx*, sl_str* out, const sl_str* s_arg, const sl_str* delim_arg,
                                     int64_t n) {
    const sl_str s = *s_arg, delim = *delim_arg;
    // Spark: part 0 is an error, negative parts count from the end, an empty delimiter does not
    // split (the whole string is part 1), a part beyond the last is the empty string.
    if (n == 0)
        return SL_ERR_INVALID_ARG;
    uint64_t fields = 1;
    if (delim.len != 0)
        for (uint32_t at = FindFrom(s.ptr, s.len, 0, delim.ptr, delim.len); at < s.len;
             at = FindFrom(s.ptr, s.len, at + delim.len, delim.ptr, delim.len))
            ++fields;
    // 0-based index of the wanted field.
    const uint64_t back = n < 0 ? uint64_t{0} - static_cast<uint64_t>(n) : 0;
    if (n > 0 ? static_cast<uint64_t>(n) > fields : back > fields) {
        SetStr(out, s.ptr, 0);
        return 0;
    }
    const uint64_t index = n > 0 ? static_cast<uint64_t>(n) - 1 : fields - back;
    uint32_t begin = 0;
    for (uint64_t i = 0; i < index; ++i)
        begin = FindFrom(s.ptr, s.len, begin, delim.ptr, delim.len) + delim.len;
    const uint32_t end = delim.len == 0 ? s.len : FindFrom(s.ptr, s.len, begin, delim.ptr, delim.len);
    SetStr(out, s.ptr + begin, end - begin);
    return 0;
}

int32_t sl_fn_lpad_str_i64_str(sl_ctx* ctx, sl_str* out, const sl_str* s, int64_t len, const sl_str* pad) {
    return Pad(ctx, out, s, len, pad, true);
}

int32_t sl_fn_lpad_str_i64(sl_ctx* ctx, sl_str* out, const sl_str* s, int64_t len) {
    return Pad(ctx, out, s, len, &kSpace, true);
}

int32_t sl_fn_rpad_str_i64_str(sl_ctx* ctx, sl_str* out, const sl_str* s, int64_t len, const sl_str* pad) {
    return Pad(ctx, out, s, len, pad, false);
}

int32_t sl_fn_rpad_str_i64(sl_ctx* ctx, sl_str* out, const sl_str* s, int64_t len) {
    return Pad(ctx, out, s, len, &kSpace, false);
}

int32_t sl_fn_reverse_str(sl_ctx* ctx, sl_str* out, const sl_str* s_arg) {
    const sl_str s = *s_arg;
    if (s.len <= 1) {
        *out = s;
        return 0;
    }
    // Characters keep their byte order inside; only their sequence is reversed.
    char* buf = AllocStr(ctx, s.len);
    uint32_t pos = 0;
    while (pos < s.len) {
        const uint32_t next = Utf8Advance(s.ptr, s.len, pos, 1, nullptr);
        memcpy(buf + (s.len - next), s.ptr + pos, next - pos);
        pos = next;
    }
    SetStr(out, buf, s.len);
    return 0;
}

} // extern "C"
