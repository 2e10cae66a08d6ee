#pragma once

#include <string>
#include <string_view>

namespace sluice::codegen {

/// A constant LIKE pattern reduced to the shape codegen specializes. `%` matches any byte sequence, so
/// patterns made of literal text and `%` alone become byte comparisons; a pattern with `_` (one
/// character, i.e. one UTF-8 code point) or with two or more inner literal runs goes to the stdlib's
/// generic matcher (`__LIKE`). A backslash escapes the next character; a trailing backslash is left
/// to the generic matcher, so that both paths treat it alike.
///
///   'abc'     -> Exact("abc")          s = 'abc'
///   'abc%'    -> Prefix("abc")         len >= 3 && first bytes are "abc"
///   '%abc'    -> Suffix("abc")         len >= 3 && last bytes are "abc"
///   '%abc%'   -> Contains("abc")       memmem(s, "abc")
///   'ab%yz'   -> PrefixSuffix          len >= 4 && prefix "ab" && suffix "yz"
///   '%', '%%' -> Any                   any non-NULL string
///   'a_c%'    -> Generic
struct LikePattern {
    enum class Kind { Exact, Prefix, Suffix, Contains, PrefixSuffix, Any, Generic };

    Kind kind = Kind::Generic;
    /// Exact, Prefix, Contains: the text; PrefixSuffix: the prefix; Suffix: the suffix.
    std::string text;
    /// PrefixSuffix: the suffix.
    std::string suffix;

    static LikePattern Analyze(std::string_view pattern);
    const char* KindName() const;
};

} // namespace sluice::codegen
