#include <string>

#include "stdlib_test_util.h"

using sluice::stdlib::test::TestContext;
using sluice::stdlib::test::Text;

TEST_CASE("REGEXP_LIKE finds the pattern anywhere", "[stdlib][regex]") {
    TestContext t;
    CHECK(*t.Value(sl_fn_regexp_like_str_str, "abc", "b") == 1);
    CHECK(*t.Value(sl_fn_regexp_like_str_str, "abc", "^b") == 0);
    CHECK(*t.Value(sl_fn_regexp_like_str_str, "abc", "^a.c$") == 1);
    CHECK(*t.Value(sl_fn_regexp_like_str_str, "ABC", "abc") == 0);
    CHECK(*t.Value(sl_fn_regexp_like_str_str, "ABC", "(?i)abc") == 1);
    CHECK(*t.Value(sl_fn_regexp_like_str_str, "", "") == 1);
    CHECK(*t.Value(sl_fn_regexp_like_str_str, "", "a*") == 1);
    CHECK(*t.Value(sl_fn_regexp_like_str_str, "a\nb", "a.b") == 0);             // . does not match a newline
    CHECK(*t.Value(sl_fn_regexp_like_str_str, "h\xC3\xA9llo", "^h.llo$") == 1); // . is a code point
}

TEST_CASE("An invalid pattern is an error on every call", "[stdlib][regex]") {
    TestContext t;
    for (int i = 0; i < 3; ++i) {
        CHECK(t.Code(sl_fn_regexp_like_str_str, "abc", "(") == SL_ERR_INVALID_ARG);
        CHECK(t.Code(sl_fn_regexp_extract_str_str, "abc", "[a-") == SL_ERR_INVALID_ARG);
        CHECK(t.Code(sl_fn_regexp_extract_str_str_i64, "abc", "a{2,1}", 0) == SL_ERR_INVALID_ARG);
        CHECK(t.Code(sl_fn_regexp_replace_str_str_str, "abc", "(?<", "x") == SL_ERR_INVALID_ARG);
        // Backreferences are not RE2 syntax.
        CHECK(t.Code(sl_fn_regexp_like_str_str, "aa", "(a)\\1") == SL_ERR_INVALID_ARG);
        // A valid pattern between invalid ones still works.
        CHECK(*t.Value(sl_fn_regexp_like_str_str, "abc", "c$") == 1);
    }
}

TEST_CASE("REGEXP_EXTRACT returns the match or a group", "[stdlib][regex]") {
    TestContext t;
    CHECK(*t.Str(sl_fn_regexp_extract_str_str, "foo123bar45", "\\d+") == "123");
    CHECK_FALSE(t.Str(sl_fn_regexp_extract_str_str, "foobar", "\\d+").has_value());
    CHECK(*t.Str(sl_fn_regexp_extract_str_str, "abc", "x*") == ""); // an empty match is a match
    CHECK(*t.Str(sl_fn_regexp_extract_str_str_i64, "key=value", "(\\w+)=(\\w+)", 2) == "value");
    CHECK(*t.Str(sl_fn_regexp_extract_str_str_i64, "key=value", "(\\w+)=(\\w+)", 1) == "key");
    CHECK(*t.Str(sl_fn_regexp_extract_str_str_i64, "key=value", "(\\w+)=(\\w+)", 0) == "key=value");
    CHECK_FALSE(t.Str(sl_fn_regexp_extract_str_str_i64, "novalue", "(\\w+)=(\\w+)", 1).has_value());
    // A group that takes no part in the match is empty, as in Spark.
    CHECK(*t.Str(sl_fn_regexp_extract_str_str_i64, "b", "(a)|b", 1) == "");
    CHECK(*t.Str(sl_fn_regexp_extract_str_str_i64,
                 "x\xE6\x97\xA5\xE6\x9C\xAC"
                 "y",
                 "x(..)y", 1) == "\xE6\x97\xA5\xE6\x9C\xAC");
    CHECK(*t.Str(sl_fn_regexp_extract_str_str_i64, "2024-05-15", "(?P<y>\\d+)-(?P<m>\\d+)", 2) == "05");
    // Group numbers beyond the pattern's groups are errors (Spark fails the query too).
    CHECK(t.Code(sl_fn_regexp_extract_str_str_i64, "abc", "(a)(b)", 3) == SL_ERR_INVALID_ARG);
    CHECK(t.Code(sl_fn_regexp_extract_str_str_i64, "abc", "(a)", -1) == SL_ERR_INVALID_ARG);
    CHECK(t.Code(sl_fn_regexp_extract_str_str_i64, "abc", "abc", 1) == SL_ERR_INVALID_ARG);
    // Many groups.
    std::string pattern, text;
    for (int i = 0; i < 20; ++i) {
        pattern += "(.)";
        text += static_cast<char>('a' + i);
    }
    CHECK(*t.Str(sl_fn_regexp_extract_str_str_i64, text, pattern, 20) == "t");
    // The result points into the argument.
    const sl_str* s = t.Arg("id:42;");
    sl_str out{};
    REQUIRE(sl_fn_regexp_extract_str_str(&t.ctx, &out, s, t.Arg("[0-9]+")) == 0);
    CHECK(out.ptr == s->ptr + 3);
}

TEST_CASE("REGEXP_REPLACE replaces every match", "[stdlib][regex]") {
    TestContext t;
    CHECK(*t.Str(sl_fn_regexp_replace_str_str_str, "a1b22c333", "\\d+", "#") == "a#b#c#");
    CHECK(*t.Str(sl_fn_regexp_replace_str_str_str, "John Smith", "(\\w+) (\\w+)", "\\2, \\1") ==
          "Smith, John");
    CHECK(*t.Str(sl_fn_regexp_replace_str_str_str, "abc", "b", "[\\0]") == "a[b]c");
    CHECK(*t.Str(sl_fn_regexp_replace_str_str_str, "a.b", "\\.", "\\\\") == "a\\b");
    // Empty matches: one before every character and one at the end, as in Spark/Java.
    CHECK(*t.Str(sl_fn_regexp_replace_str_str_str, "abc", "x*", "-") == "-a-b-c-");
    CHECK(*t.Str(sl_fn_regexp_replace_str_str_str, "h\xC3\xA9", "", "|") == "|h|\xC3\xA9|");
    CHECK(*t.Str(sl_fn_regexp_replace_str_str_str, "", "^$", "empty") == "empty");
    CHECK(*t.Str(sl_fn_regexp_replace_str_str_str, "aaa", "a", "") == "");
    // A rewrite that names a missing group, or ends in a lone backslash, is an error.
    CHECK(t.Code(sl_fn_regexp_replace_str_str_str, "abc", "(b)", "\\2") == SL_ERR_INVALID_ARG);
    CHECK(t.Code(sl_fn_regexp_replace_str_str_str, "abc", "b", "x\\") == SL_ERR_INVALID_ARG);
    // No match: the argument itself comes back.
    const sl_str* s = t.Arg("nothing to do");
    sl_str out{};
    REQUIRE(sl_fn_regexp_replace_str_str_str(&t.ctx, &out, s, t.Arg("\\d"), t.Arg("x")) == 0);
    CHECK(out.ptr == s->ptr);
    CHECK(out.len == s->len);
}

TEST_CASE("Patterns keep working when many distinct ones pass through the cache", "[stdlib][regex]") {
    TestContext t;
    // More distinct patterns than the per-thread cache holds, interleaved with one constant pattern.
    for (int i = 0; i < 3000; ++i) {
        const std::string number = std::to_string(i);
        const std::string pattern = "^x" + number + "$";
        CHECK(*t.Value(sl_fn_regexp_like_str_str, "x" + number, pattern) == 1);
        CHECK(*t.Value(sl_fn_regexp_like_str_str, "x" + number + "0", pattern) == 0);
        CHECK(*t.Str(sl_fn_regexp_extract_str_str, "id" + number, "[0-9]+") == number);
    }
}
