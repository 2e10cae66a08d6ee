// REGEXP_LIKE, REGEXP_EXTRACT, REGEXP_REPLACE with RE2 (linear-time matching, RE2 syntax).
//
// Each thread compiles a pattern once (TextKeyedCache). A pattern that fails to compile is cached as
// such and gives SL_ERR_INVALID_ARG on every call.

#include <re2/re2.h>

#include <memory>
#include <string>
#include <string_view>

#include "sluice/stdlib.h"
#include "stdlib/scalar/inline/str_util.h"
#include "stdlib/scalar/text_keyed_cache.h"

using sluice::stdlib::AllocStr;
using sluice::stdlib::SetStr;
using sluice::stdlib::TextKeyedCache;

namespace {

/// The compiled form of `pattern` (check ok() before use), compiled once per thread.
const re2::RE2& CompiledRegex(const sl_str* pattern) {
    thread_local TextKeyedCache<re2::RE2> cache(1024);
    return cache.Get(std::string_view(pattern->ptr, pattern->len), [](std::string_view text) {
        re2::RE2::Options options;
        options.set_log_errors(false); // a bad pattern is the user's error, reported by the caller
        return std::make_unique<re2::RE2>(re2::StringPiece(text.data(), text.size()), options);
    });
}

re2::StringPiece Piece(const sl_str* s) {
    return re2::StringPiece(s->ptr, s->len);
}

/// REGEXP_EXTRACT: group `group` of the first match. No match is NULL; a group that took no part in
/// the match (the `(a)` of `(a)|b` against "b") is the empty string, as in Spark.
int32_t Extract(sl_str* out, const sl_str* s_arg, const sl_str* pattern, int64_t group) {
    const sl_str s = *s_arg;
    const re2::RE2& re = CompiledRegex(pattern);
    if (!re.ok() || group < 0 || group > re.NumberOfCapturingGroups())
        return SL_ERR_INVALID_ARG;
    constexpr int kInlineGroups = 16;
    re2::StringPiece inline_groups[kInlineGroups];
    std::unique_ptr<re2::StringPiece[]> heap_groups;
    const int count = static_cast<int>(group) + 1;
    re2::StringPiece* groups = inline_groups;
    if (count > kInlineGroups) {
        heap_groups = std::make_unique<re2::StringPiece[]>(count);
        groups = heap_groups.get();
    }
    if (!re.Match(Piece(&s), 0, s.len, re2::RE2::UNANCHORED, groups, count))
        return -1;
    const re2::StringPiece& m = groups[group];
    // The match lies inside s, so the result can point at it.
    if (m.data() == nullptr)
        SetStr(out, s.ptr, 0);
    else
        SetStr(out, m.data(), static_cast<uint32_t>(m.size()));
    return 0;
}

} // namespace

extern "C" {

int32_t sl_fn_regexp_like_str_str(sl_ctx*, uint8_t* out, const sl_str* s, const sl_str* pattern) {
    const re2::RE2& re = CompiledRegex(pattern);
    if (!re.ok())
        return SL_ERR_INVALID_ARG;
    *out = re.Match(Piece(s), 0, s->len, re2::RE2::UNANCHORED, nullptr, 0);
    return 0;
}

int32_t sl_fn_regexp_extract_str_str(sl_ctx*, sl_str* out, const sl_str* s, const sl_str* pattern) {
    return Extract(out, s, pattern, 0);
}

int32_t sl_fn_regexp_extract_str_str_i64(sl_ctx*, sl_str* out, const sl_str* s, const sl_str* pattern,
                                         int64_t group) {
    return Extract(out, s, pattern, group);
}

int32_t sl_fn_regexp_replace_str_str_str(sl_ctx* ctx, sl_str* out, const sl_str* s_arg, const sl_str* pattern,
                                         const sl_str* rewrite) {
    const sl_str s = *s_arg;
    const re2::RE2& re = CompiledRegex(pattern);
    if (!re.ok())
        return SL_ERR_INVALID_ARG;
    // The rewrite may refer to groups \0 ... \9 of the pattern and write \\ for a backslash; a
    // reference to a missing group or a stray backslash is an error, not silently dropped text.
    thread_local std::string error;
    if (!re.CheckRewriteString(Piece(rewrite), &error))
        return SL_ERR_INVALID_ARG;
    thread_local std::string text;
    text.assign(s.ptr, s.len);
    // Empty matches are replaced too, and the scan then moves on by one character (as Java does:
    // REGEXP_REPLACE('abc', 'x*', '-') is '-a-b-c-').
    if (re2::RE2::GlobalReplace(&text, re, Piece(rewrite)) == 0) {
        *out = s;
        return 0;
    }
    if (text.size() > SL_FN_MAX_STRING_BYTES)
        return SL_ERR_INVALID_ARG;
    char* buf = AllocStr(ctx, text.size());
    memcpy(buf, text.data(), text.size());
    SetStr(out, buf, static_cast<uint32_t>(text.size()));
    return 0;
}

} // extern "C"
