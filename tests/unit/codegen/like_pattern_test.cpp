// LikePattern::Analyze: which constant patterns codegen specializes, and how.

#include <catch2/catch.hpp>

#include "codegen/expr/like_pattern.h"

using sluice::codegen::LikePattern;
using Kind = LikePattern::Kind;

TEST_CASE("constant LIKE patterns reduce to exact, prefix, suffix, contains", "[like]") {
    struct Case {
        const char* pattern;
        Kind kind;
        const char* text;
        const char* suffix;
    };
    const Case cases[] = {
        {"abc", Kind::Exact, "abc", ""},
        {"", Kind::Exact, "", ""},
        {"abc%", Kind::Prefix, "abc", ""},
        {"abc%%", Kind::Prefix, "abc", ""},
        {"%abc", Kind::Suffix, "abc", ""},
        {"%abc%", Kind::Contains, "abc", ""},
        {"%%abc%%", Kind::Contains, "abc", ""},
        {"ab%yz", Kind::PrefixSuffix, "ab", "yz"},
        {"ab%%yz", Kind::PrefixSuffix, "ab", "yz"},
        {"%", Kind::Any, "", ""},
        {"%%%", Kind::Any, "", ""},
        {"100\\%", Kind::Exact, "100%", ""},
        {"a\\_b%", Kind::Prefix, "a_b", ""},
        {"%\\\\", Kind::Suffix, "\\", ""},
    };
    for (const Case& c : cases) {
        LikePattern p = LikePattern::Analyze(c.pattern);
        INFO(c.pattern);
        CHECK(p.kind == c.kind);
        CHECK(p.text == c.text);
        CHECK(p.suffix == c.suffix);
    }
}

TEST_CASE("patterns with '_', several inner runs or a dangling escape stay generic", "[like]") {
    for (const char* pattern : {"a_c", "_", "%a%b%", "a%b%c", "ab\\", "%a_%"}) {
        INFO(pattern);
        CHECK(LikePattern::Analyze(pattern).kind == Kind::Generic);
    }
}
