#include <cstdint>
#include <limits>
#include <string>

#include "stdlib_test_util.h"

using sluice::stdlib::test::TestContext;
using sluice::stdlib::test::Text;

namespace {
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
} // namespace

TEST_CASE("LENGTH counts code points", "[stdlib][string]") {
    TestContext t;
    CHECK(*t.Value(sl_fn_length_str, "") == 0);
    CHECK(*t.Value(sl_fn_length_str, "hello") == 5);
    CHECK(*t.Value(sl_fn_length_str, "h\xC3\xA9llo") == 5);             // héllo
    CHECK(*t.Value(sl_fn_length_str, "\xE6\x97\xA5\xE6\x9C\xAC") == 2); // 日本
    CHECK(*t.Value(sl_fn_length_str, "\xF0\x9F\x98\x80!") == 2);        // 😀!
    // Malformed UTF-8: stray continuation bytes count one each, a cut-off sequence counts one.
    CHECK(*t.Value(sl_fn_length_str, "\x80\x80") == 2);
    CHECK(*t.Value(sl_fn_length_str, "a\xE6\x97") == 2);
}

TEST_CASE("LOWER and UPPER change ASCII letters only", "[stdlib][string]") {
    TestContext t;
    CHECK(*t.Str(sl_fn_upper_str, "Hello, World 42") == "HELLO, WORLD 42");
    CHECK(*t.Str(sl_fn_lower_str, "Hello, World 42") == "hello, world 42");
    CHECK(*t.Str(sl_fn_lower_str, "\xC3\x80"
                                  "BC") == "\xC3\x80"
                                           "bc"); // ÀBC -> Àbc
    CHECK(*t.Str(sl_fn_upper_str, "") == "");
    CHECK(*t.Str(sl_fn_upper_str, "@[`{") == "@[`{"); // neighbours of the letter ranges
    // Text that is already in the wanted case is returned without a copy.
    const sl_str* s = t.Arg("already lower");
    sl_str out{};
    REQUIRE(sl_fn_lower_str(&t.ctx, &out, s) == 0);
    CHECK(out.ptr == s->ptr);
}

TEST_CASE("SUBSTR follows Spark's positions", "[stdlib][string]") {
    TestContext t;
    CHECK(*t.Str(sl_fn_substr_str_i64, "Spark SQL", 5) == "k SQL");
    CHECK(*t.Str(sl_fn_substr_str_i64, "Spark SQL", -3) == "SQL");
    CHECK(*t.Str(sl_fn_substr_str_i64_i64, "Spark SQL", 5, 1) == "k");
    CHECK(*t.Str(sl_fn_substr_str_i64_i64, "abc", 1, 2) == "ab");
    // Position 0 is position 1.
    CHECK(*t.Str(sl_fn_substr_str_i64_i64, "abc", 0, 2) == "ab");
    CHECK(*t.Str(sl_fn_substr_str_i64, "abc", 0) == "abc");
    // A window placed before the start is clipped after placing it.
    CHECK(*t.Str(sl_fn_substr_str_i64_i64, "abc", -5, 3) == "a");
    CHECK(*t.Str(sl_fn_substr_str_i64_i64, "abc", -5, 2) == "");
    CHECK(*t.Str(sl_fn_substr_str_i64, "abc", -5) == "abc");
    CHECK(*t.Str(sl_fn_substr_str_i64, "abc", 4) == "");
    CHECK(*t.Str(sl_fn_substr_str_i64_i64, "abc", 2, -1) == "");
    CHECK(*t.Str(sl_fn_substr_str_i64_i64, "abc", 2, 0) == "");
    CHECK(*t.Str(sl_fn_substr_str_i64_i64, "abc", kMax, 5) == "");
    CHECK(*t.Str(sl_fn_substr_str_i64_i64, "abc", 2, kMax) == "bc");
    CHECK(*t.Str(sl_fn_substr_str_i64_i64, "abc", kMin, kMax) == "ab"); // window ends at -1 + 3
    CHECK(*t.Str(sl_fn_substr_str_i64_i64, "abc", -1, kMin) == "");
    CHECK(*t.Str(sl_fn_substr_str_i64_i64, "", 1, 1) == "");
    // Characters, not bytes.
    CHECK(*t.Str(sl_fn_substr_str_i64_i64, "h\xC3\xA9llo", 2, 3) == "\xC3\xA9ll");
    CHECK(*t.Str(sl_fn_substr_str_i64, "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E", -2) ==
          "\xE6\x9C\xAC\xE8\xAA\x9E");
    CHECK(*t.Str(sl_fn_substr_str_i64_i64,
                 "\xF0\x9F\x98\x80"
                 "ab",
                 1, 1) == "\xF0\x9F\x98\x80");
    // The result is a view of the argument.
    const sl_str* s = t.Arg("substring");
    sl_str out{};
    REQUIRE(sl_fn_substr_str_i64_i64(&t.ctx, &out, s, 4, 3) == 0);
    CHECK(out.ptr == s->ptr + 3);
    CHECK(Text(out) == "str");
}

TEST_CASE("TRIM, LTRIM and RTRIM remove spaces only", "[stdlib][string]") {
    TestContext t;
    CHECK(*t.Str(sl_fn_trim_str, "  a b  ") == "a b");
    CHECK(*t.Str(sl_fn_ltrim_str, "  a b  ") == "a b  ");
    CHECK(*t.Str(sl_fn_rtrim_str, "  a b  ") == "  a b");
    CHECK(*t.Str(sl_fn_trim_str, "\ta\n") == "\ta\n");
    CHECK(*t.Str(sl_fn_trim_str, "     ") == "");
    CHECK(*t.Str(sl_fn_ltrim_str, "   ") == "");
    CHECK(*t.Str(sl_fn_rtrim_str, "") == "");
}

TEST_CASE("CONCAT joins bytes", "[stdlib][string]") {
    TestContext t;
    CHECK(*t.Str(sl_fn_concat_str_str, "ab", "cd") == "abcd");
    CHECK(*t.Str(sl_fn_concat_str_str, "", "x") == "x");
    CHECK(*t.Str(sl_fn_concat_str_str, "x", "") == "x");
    CHECK(*t.Str(sl_fn_concat_str_str, "", "") == "");
    CHECK(*t.Str(sl_fn_concat_str_str, "h\xC3", "\xA9") == "h\xC3\xA9");
    // Folding a variadic CONCAT, with the result written over the first argument.
    sl_str acc = *t.Arg("a");
    for (const char* part : {"b", "cde", "", "fgh"})
        REQUIRE(sl_fn_concat_str_str(&t.ctx, &acc, &acc, t.Arg(part)) == 0);
    CHECK(Text(acc) == "abcdefgh");
    CHECK(sluice::stdlib::test::PrefixIsConsistent(acc));
}

TEST_CASE("STRPOS, STARTS_WITH, ENDS_WITH", "[stdlib][string]") {
    TestContext t;
    CHECK(*t.Value(sl_fn_strpos_str_str, "hello", "l") == 3);
    CHECK(*t.Value(sl_fn_strpos_str_str, "h\xC3\xA9llo", "l") == 3);
    CHECK(*t.Value(sl_fn_strpos_str_str, "\xE6\x97\xA5\xE6\x9C\xAC\xE6\x97\xA5", "\xE6\x9C\xAC") == 2);
    CHECK(*t.Value(sl_fn_strpos_str_str, "abc", "") == 1);
    CHECK(*t.Value(sl_fn_strpos_str_str, "", "") == 1);
    CHECK(*t.Value(sl_fn_strpos_str_str, "", "a") == 0);
    CHECK(*t.Value(sl_fn_strpos_str_str, "abc", "d") == 0);
    CHECK(*t.Value(sl_fn_strpos_str_str, "ab", "abc") == 0);
    CHECK(*t.Value(sl_fn_strpos_str_str, "aaab", "aab") == 2);

    CHECK(*t.Value(sl_fn_starts_with_str_str, "hello", "he") == 1);
    CHECK(*t.Value(sl_fn_starts_with_str_str, "hello", "") == 1);
    CHECK(*t.Value(sl_fn_starts_with_str_str, "he", "hello") == 0);
    CHECK(*t.Value(sl_fn_starts_with_str_str, "hello", "lo") == 0);
    CHECK(*t.Value(sl_fn_ends_with_str_str, "hello", "lo") == 1);
    CHECK(*t.Value(sl_fn_ends_with_str_str, "hello", "") == 1);
    CHECK(*t.Value(sl_fn_ends_with_str_str, "lo", "hello") == 0);
    CHECK(*t.Value(sl_fn_ends_with_str_str, "", "") == 1);
}

TEST_CASE("String equality and ordering are byte-wise and unsigned", "[stdlib][string]") {
    TestContext t;
    auto cmp = [&](const char* a, size_t alen, const char* b, size_t blen) {
        return *t.Value(sl_fn_str_cmp, std::string_view(a, alen), std::string_view(b, blen));
    };
    auto eq = [&](std::string_view a, std::string_view b) { return *t.Value(sl_fn_str_eq, a, b) == 1; };
    CHECK(eq("", ""));
    CHECK(eq("abcdefgh", "abcdefgh"));
    CHECK_FALSE(eq("abcdefgh", "abcdefgX"));
    CHECK_FALSE(eq("abc", "abcd"));
    CHECK_FALSE(eq(std::string_view("ab", 2), std::string_view("ab\0", 3)));
    CHECK(cmp("a", 1, "b", 1) < 0);
    CHECK(cmp("b", 1, "a", 1) > 0);
    CHECK(cmp("", 0, "", 0) == 0);
    CHECK(cmp("", 0, "a", 1) < 0);
    CHECK(cmp("ab", 2, "ab\0", 3) < 0); // a shorter prefix sorts first, even before a NUL
    CHECK(cmp("ab\0\0", 4, "ab", 2) > 0);
    CHECK(cmp("\xFF", 1, "a", 1) > 0); // unsigned bytes: UTF-8 order is code point order
    CHECK(cmp("abcdXXX1", 8, "abcdXXX2", 8) < 0);
    CHECK(cmp("abcdXXX", 7, "abcdXXX", 7) == 0);
    CHECK(cmp("abcdXXXX", 8, "abcdXXX", 7) > 0);
    CHECK(cmp("\xE6\x97\xA5", 3, "\xE6\x9C\xAC", 3) < 0); // 日 (U+65E5) < 本 (U+672C)
}

TEST_CASE("REPLACE replaces every occurrence left to right", "[stdlib][string]") {
    TestContext t;
    CHECK(*t.Str(sl_fn_replace_str_str_str, "aaa", "a", "bb") == "bbbbbb");
    CHECK(*t.Str(sl_fn_replace_str_str_str, "aaaa", "aa", "b") == "bb");
    CHECK(*t.Str(sl_fn_replace_str_str_str, "aaa", "aa", "b") == "ba");
    CHECK(*t.Str(sl_fn_replace_str_str_str, "abcabc", "b", "") == "acac");
    CHECK(*t.Str(sl_fn_replace_str_str_str, "abc", "", "x") == "abc");
    CHECK(*t.Str(sl_fn_replace_str_str_str, "", "a", "x") == "");
    CHECK(*t.Str(sl_fn_replace_str_str_str, "abc", "abc", "") == "");
    CHECK(*t.Str(sl_fn_replace_str_str_str, "h\xC3\xA9 h\xC3\xA9", "\xC3\xA9", "e") == "he he");
    const sl_str* s = t.Arg("unchanged");
    sl_str out{};
    REQUIRE(sl_fn_replace_str_str_str(&t.ctx, &out, s, t.Arg("z"), t.Arg("y")) == 0);
    CHECK(out.ptr == s->ptr);
}

TEST_CASE("SPLIT_PART picks a field, counting from the end when negative", "[stdlib][string]") {
    TestContext t;
    CHECK(*t.Str(sl_fn_split_part_str_str_i64, "a,b,,c", ",", 1) == "a");
    CHECK(*t.Str(sl_fn_split_part_str_str_i64, "a,b,,c", ",", 3) == "");
    CHECK(*t.Str(sl_fn_split_part_str_str_i64, "a,b,,c", ",", 4) == "c");
    CHECK(*t.Str(sl_fn_split_part_str_str_i64, "a,b,,c", ",", 5) == "");
    CHECK(*t.Str(sl_fn_split_part_str_str_i64, "a,b,,c", ",", kMax) == "");
    CHECK(*t.Str(sl_fn_split_part_str_str_i64, "a,b,,c", ",", -1) == "c");
    CHECK(*t.Str(sl_fn_split_part_str_str_i64, "a,b,,c", ",", -4) == "a");
    CHECK(*t.Str(sl_fn_split_part_str_str_i64, "a,b,,c", ",", -5) == "");
    CHECK(*t.Str(sl_fn_split_part_str_str_i64, "a,b,,c", ",", kMin) == "");
    CHECK(*t.Str(sl_fn_split_part_str_str_i64, "a::b::c", "::", 2) == "b");
    CHECK(*t.Str(sl_fn_split_part_str_str_i64, "aaa", "aa", 2) == "a");
    CHECK(*t.Str(sl_fn_split_part_str_str_i64, ",", ",", 2) == "");
    CHECK(*t.Str(sl_fn_split_part_str_str_i64, "", ",", 1) == "");
    // An empty delimiter does not split.
    CHECK(*t.Str(sl_fn_split_part_str_str_i64, "abc", "", 1) == "abc");
    CHECK(*t.Str(sl_fn_split_part_str_str_i64, "abc", "", -1) == "abc");
    CHECK(*t.Str(sl_fn_split_part_str_str_i64, "abc", "", 2) == "");
    CHECK(t.Code(sl_fn_split_part_str_str_i64, "a,b", ",", 0) == SL_ERR_INVALID_ARG);
}

TEST_CASE("LPAD and RPAD pad or cut to a number of characters", "[stdlib][string]") {
    TestContext t;
    CHECK(*t.Str(sl_fn_lpad_str_i64_str, "hi", 5, "??") == "???hi");
    CHECK(*t.Str(sl_fn_rpad_str_i64_str, "hi", 5, "ab") == "hiaba");
    CHECK(*t.Str(sl_fn_rpad_str_i64_str, "a", 11, "xyz") == "axyzxyzxyzx");
    CHECK(*t.Str(sl_fn_lpad_str_i64_str, "!", 8, "ab") == "abababa!");
    CHECK(*t.Str(sl_fn_lpad_str_i64_str, "", 100000, "0") == std::string(100000, '0'));
    CHECK(*t.Str(sl_fn_lpad_str_i64_str, "hi", 2, "?") == "hi");
    // Longer strings are cut to their first characters, by LPAD too.
    CHECK(*t.Str(sl_fn_lpad_str_i64_str, "hello", 2, "?") == "he");
    CHECK(*t.Str(sl_fn_rpad_str_i64_str, "h\xC3\xA9llo", 2, "?") == "h\xC3\xA9");
    CHECK(*t.Str(sl_fn_lpad_str_i64_str, "hi", 0, "?") == "");
    CHECK(*t.Str(sl_fn_rpad_str_i64_str, "hi", -3, "?") == "");
    CHECK(*t.Str(sl_fn_lpad_str_i64_str, "hi", 5, "") == "hi");
    CHECK(*t.Str(sl_fn_lpad_str_i64, "hi", 4) == "  hi");
    CHECK(*t.Str(sl_fn_rpad_str_i64, "hi", 4) == "hi  ");
    CHECK(*t.Str(sl_fn_rpad_str_i64, "", 3) == "   ");
    // Multi-byte pads are cycled and cut by characters.
    CHECK(*t.Str(sl_fn_lpad_str_i64_str, "\xE6\x97\xA5", 4, "\xC3\xA9x") == "\xC3\xA9x\xC3\xA9\xE6\x97\xA5");
    CHECK(*t.Value(sl_fn_length_str, *t.Str(sl_fn_rpad_str_i64_str, "a", 1000, "\xF0\x9F\x98\x80.")) == 1000);
    // Results beyond the string size limit are errors, not huge allocations.
    CHECK(t.Code(sl_fn_lpad_str_i64_str, "a", int64_t{1} << 40, "x") == SL_ERR_INVALID_ARG);
    CHECK(t.Code(sl_fn_rpad_str_i64_str, "a", int64_t{1} << 30, "\xE6\x97\xA5") == SL_ERR_INVALID_ARG);
    CHECK(t.Code(sl_fn_rpad_str_i64, "a", kMax) == SL_ERR_INVALID_ARG);
}

TEST_CASE("REVERSE reverses characters, keeping each one's bytes", "[stdlib][string]") {
    TestContext t;
    CHECK(*t.Str(sl_fn_reverse_str, "abc") == "cba");
    CHECK(*t.Str(sl_fn_reverse_str, "") == "");
    CHECK(*t.Str(sl_fn_reverse_str, "x") == "x");
    CHECK(*t.Str(sl_fn_reverse_str, "h\xC3\xA9llo") == "oll\xC3\xA9h");
    CHECK(*t.Str(sl_fn_reverse_str, "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E") ==
          "\xE8\xAA\x9E\xE6\x9C\xAC\xE6\x97\xA5");
    CHECK(*t.Str(sl_fn_reverse_str, "a\xF0\x9F\x98\x80"
                                    "b") == "b\xF0\x9F\x98\x80"
                                            "a");
}

TEST_CASE("A STRING result may overwrite its own argument", "[stdlib][string]") {
    TestContext t;
    sl_str s = *t.Arg("  padded  ");
    REQUIRE(sl_fn_trim_str(&t.ctx, &s, &s) == 0);
    REQUIRE(sl_fn_upper_str(&t.ctx, &s, &s) == 0);
    REQUIRE(sl_fn_reverse_str(&t.ctx, &s, &s) == 0);
    REQUIRE(sl_fn_replace_str_str_str(&t.ctx, &s, &s, t.Arg("D"), t.Arg("d")) == 0);
    REQUIRE(sl_fn_lpad_str_i64_str(&t.ctx, &s, &s, 8, t.Arg("*")) == 0);
    CHECK(Text(s) == "**dEddAP");
    CHECK(sluice::stdlib::test::PrefixIsConsistent(s));
}
