// s LIKE pattern (__LIKE): `%` matches any run of characters, `_` exactly one character (UTF-8 code
// point), and a backslash makes the next character literal (`\%`, `\_`, `\\`; `\a` is just `a`). A
// backslash at the end of the pattern escapes nothing and is an error (SL_ERR_INVALID_ARG), as in
// Spark. (Spark also rejects escaping other characters; Sluice does not, which keeps this matcher
// and codegen's specialized constant patterns, codegen/expr/like_pattern.h, in agreement.)
// Matching is case-sensitive and byte-exact otherwise.
//
// The pattern is compiled once per thread into the segments between its `%`s. The first segment
// must match at the start, the last one at the end, and each one between is matched at its leftmost
// place after the previous one: taking the leftmost place is always right because a `%` absorbs
// whatever is skipped, and the end of a segment's match only grows with its start. So there is no
// backtracking at all, and '%a%a%a%a%b' against a long run of 'a's fails after one scan. A search is
// linear in the text for a segment that starts with literal text (glibc memmem); otherwise it tries
// each character position.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/stdlib.h"
#include "stdlib/scalar/inline/str_util.h"
#include "stdlib/scalar/text_keyed_cache.h"

using sluice::stdlib::TextKeyedCache;
using sluice::stdlib::Utf8Advance;

namespace {

/// Part of a segment: `skip` characters (from `_`s), then the literal bytes `literal`.
struct Piece {
    uint32_t skip = 0;
    std::string literal;
};

/// The text between two `%`s of a pattern (or before the first, or after the last).
using Segment = std::vector<Piece>;

/// A compiled LIKE pattern: `segments` has one more element than the pattern has `%`s.
struct LikePattern {
    bool ok = false;
    std::vector<Segment> segments;
};

/// Compiles `pattern`; ok is false when it ends in an escaping backslash.
std::unique_ptr<LikePattern> Compile(std::string_view pattern) {
    auto compiled = std::make_unique<LikePattern>();
    std::vector<Segment>& segments = compiled->segments;
    segments.emplace_back();
    for (size_t i = 0; i < pattern.size(); ++i) {
        char c = pattern[i];
        Segment& segment = segments.back();
        if (c == '%') {
            segments.emplace_back();
            continue;
        }
        if (c == '_') {
            if (segment.empty() || !segment.back().literal.empty())
                segment.emplace_back();
            ++segment.back().skip;
            continue;
        }
        if (c == '\\') {
            if (i + 1 == pattern.size())
                return compiled; // ok stays false: nothing to escape
            c = pattern[++i];
        }
        if (segment.empty())
            segment.emplace_back();
        segment.back().literal += c;
    }
    compiled->ok = true;
    return compiled;
}

/// Marks "no match" in byte offsets.
constexpr uint32_t kNoMatch = UINT32_MAX;

/// End of the pieces [piece, end) matched starting at byte `pos` of s[0, len), or kNoMatch.
uint32_t MatchAt(const char* s, uint32_t len, uint32_t pos, const Piece* piece, const Piece* end) {
    for (; piece != end; ++piece) {
        if (piece->skip != 0) {
            uint64_t walked;
            pos = Utf8Advance(s, len, pos, piece->skip, &walked);
            if (walked != piece->skip)
                return kNoMatch;
        }
        const size_t n = piece->literal.size();
        if (len - pos < n || memcmp(s + pos, piece->literal.data(), n) != 0)
            return kNoMatch;
        pos += static_cast<uint32_t>(n);
    }
    return pos;
}

uint32_t MatchAt(const char* s, uint32_t len, uint32_t pos, const Segment& segment) {
    return MatchAt(s, len, pos, segment.data(), segment.data() + segment.size());
}

/// End of the leftmost match of `segment` starting at or after byte `from`, or kNoMatch.
uint32_t MatchLeftmost(const char* s, uint32_t len, uint32_t from, const Segment& segment) {
    if (segment.empty())
        return from;
    const Piece& first = segment.front();
    // The first piece's `_`s may take any characters after `from`: its literal must start at least
    // that many characters on, and where it is found decides the rest.
    uint64_t walked;
    const uint32_t earliest = Utf8Advance(s, len, from, first.skip, &walked);
    if (walked != first.skip)
        return kNoMatch;
    const Piece* rest = segment.data() + 1;
    const Piece* rest_end = segment.data() + segment.size();
    if (first.literal.empty()) // a segment of `_`s only
        return earliest;
    const std::string& literal = first.literal;
    for (uint32_t at = earliest; at < len && len - at >= literal.size();) {
        const void* hit = memmem(s + at, len - at, literal.data(), literal.size());
        if (hit == nullptr)
            return kNoMatch;
        const uint32_t start = static_cast<uint32_t>(static_cast<const char*>(hit) - s);
        const uint32_t end = MatchAt(s, len, start + static_cast<uint32_t>(literal.size()), rest, rest_end);
        if (end != kNoMatch)
            return end;
        at = start + 1;
    }
    return kNoMatch;
}

/// True when `segment` matches s[start, len) exactly for some character boundary start >= from.
bool MatchSuffix(const char* s, uint32_t len, uint32_t from, const Segment& segment) {
    uint64_t skips = 0, literal_bytes = 0;
    for (const Piece& piece : segment) {
        skips += piece.skip;
        literal_bytes += piece.literal.size();
    }
    if (skips == 0) // fixed length: one place to look
        return literal_bytes <= len - from &&
               MatchAt(s, len, len - static_cast<uint32_t>(literal_bytes), segment) == len;
    for (uint32_t pos = from; pos < len; pos = Utf8Advance(s, len, pos, 1, nullptr))
        if (len - pos <= literal_bytes + 4 * skips && MatchAt(s, len, pos, segment) == len)
            return true;
    return false;
}

bool Match(const LikePattern& pattern, const char* s, uint32_t len) {
    const std::vector<Segment>& segments = pattern.segments;
    if (segments.size() == 1)
        return MatchAt(s, len, 0, segments[0]) == len;
    uint32_t pos = MatchAt(s, len, 0, segments.front());
    for (size_t i = 1; pos != kNoMatch && i + 1 < segments.size(); ++i)
        pos = MatchLeftmost(s, len, pos, segments[i]);
    return pos != kNoMatch && MatchSuffix(s, len, pos, segments.back());
}

} // namespace

extern "C" {

int32_t sl_fn_like_str_str(sl_ctx*, uint8_t* out, const sl_str* s, const sl_str* pattern) {
    thread_local TextKeyedCache<LikePattern> cache(256);
    const LikePattern& compiled = cache.Get(std::string_view(pattern->ptr, pattern->len), Compile);
    if (!compiled.ok)
        return SL_ERR_INVALID_ARG;
    *out = Match(compiled, s->ptr, s->len);
    return 0;
}

} // extern "C"
