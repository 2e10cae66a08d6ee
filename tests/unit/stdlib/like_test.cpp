#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "stdlib_test_util.h"

using sluice::stdlib::test::TestContext;

namespace {

/// Decodes UTF-8 into code points (valid input only), for the reference matcher.
std::vector<uint32_t> Decode(const std::string& s) {
    std::vector<uint32_t> out;
    for (size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        uint32_t cp = n == 1 ? c : c & (0x3F >> (n - 1));
        for (int k = 1; k < n; ++k)
            cp = cp << 6 | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        out.push_back(cp);
        i += static_cast<size_t>(n);
    }
    return out;
}

/// Textbook dynamic-programming LIKE over code points: the reference the stdlib must agree with.
bool ReferenceLike(const std::string& text, const std::string& pattern) {
    // Pattern as (kind, code point): 0 literal, 1 any one, 2 any run.
    std::vector<std::pair<int, uint32_t>> p;
    std::vector<uint32_t> cps = Decode(pattern);
    for (size_t i = 0; i < cps.size(); ++i) {
        if (cps[i] == '\\')
            p.push_back({0, cps[++i]});
        else if (cps[i] == '%')
            p.push_back({2, 0});
        else if (cps[i] == '_')
            p.push_back({1, 0});
        else
            p.push_back({0, cps[i]});
    }
    std::vector<uint32_t> s = Decode(text);
    // m[i][j]: s[0, i) matches p[0, j).
    std::vector<std::vector<bool>> m(s.size() + 1, std::vector<bool>(p.size() + 1, false));
    m[0][0] = true;
    for (size_t j = 1; j <= p.size(); ++j)
        m[0][j] = m[0][j - 1] && p[j - 1].first == 2;
    for (size_t i = 1; i <= s.size(); ++i)
        for (size_t j = 1; j <= p.size(); ++j) {
            auto [kind, cp] = p[j - 1];
            if (kind == 2)
                m[i][j] = m[i][j - 1] || m[i - 1][j];
            else
                m[i][j] = m[i - 1][j - 1] && (kind == 1 || cp == s[i - 1]);
        }
    return m[s.size()][p.size()];
}

} // namespace

TEST_CASE("LIKE with % and _", "[stdlib][like]") {
    TestContext t;
    auto like = [&](std::string_view s, std::string_view p) {
        return *t.Value(sl_fn_like_str_str, s, p) == 1;
    };
    CHECK(like("abc", "abc"));
    CHECK_FALSE(like("abc", "ab"));
    CHECK_FALSE(like("ab", "abc"));
    CHECK(like("abc", "a%"));
    CHECK(like("abc", "%c"));
    CHECK(like("abc", "%b%"));
    CHECK(like("abc", "_b_"));
    CHECK_FALSE(like("abc", "a_"));
    CHECK(like("abc", "%"));
    CHECK(like("abc", "%%%"));
    CHECK(like("", ""));
    CHECK(like("", "%"));
    CHECK_FALSE(like("", "_"));
    CHECK_FALSE(like("a", ""));
    CHECK(like("aXbXc", "a%b%c"));
    CHECK_FALSE(like("ab", "ab%b"));
    CHECK(like("abb", "ab%b"));
    CHECK(like("mississippi", "%iss%ipp%"));
    CHECK(like("mississippi", "m%ss%pp_"));
    CHECK_FALSE(like("mississippi", "m%ss%pp__"));
    CHECK(like("xxabcyyabd", "%ab_"));
    CHECK(like("abcab", "%ab"));
    CHECK(like("abcabd", "%a__%"));
    CHECK(like("ABC", "ABC"));
    CHECK_FALSE(like("ABC", "abc")); // case-sensitive
}

TEST_CASE("LIKE: _ is one UTF-8 character", "[stdlib][like]") {
    TestContext t;
    auto like = [&](std::string_view s, std::string_view p) {
        return *t.Value(sl_fn_like_str_str, s, p) == 1;
    };
    CHECK(like("h\xC3\xA9llo", "h_llo"));
    CHECK_FALSE(like("h\xC3\xA9llo", "h__llo"));
    CHECK(like("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E", "___"));
    CHECK_FALSE(like("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E", "__"));
    CHECK(like("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E", "%\xE8\xAA\x9E"));
    CHECK(like("\xF0\x9F\x98\x80x", "_x"));
    CHECK(like("a\xF0\x9F\x98\x80x", "%_x"));
}

TEST_CASE("LIKE: backslash makes the next character literal", "[stdlib][like]") {
    TestContext t;
    auto like = [&](std::string_view s, std::string_view p) {
        return *t.Value(sl_fn_like_str_str, s, p) == 1;
    };
    CHECK(like("a%c", "a\\%c"));
    CHECK_FALSE(like("abc", "a\\%c"));
    CHECK(like("a_c", "a\\_c"));
    CHECK_FALSE(like("abc", "a\\_c"));
    CHECK(like("a\\c", "a\\\\c"));
    CHECK(like("100%", "%\\%"));
    CHECK_FALSE(like("100", "%\\%"));
    CHECK(like("_%", "\\_\\%"));
    // Any other escaped character is itself.
    CHECK(like("abc", "\\abc"));
    CHECK(like("a.c", "a\\.c"));
    CHECK(like("x\xC3\xA9", "x\\\xC3\xA9"));
    // A backslash at the end escapes nothing: an error, as in Spark.
    CHECK(t.Code(sl_fn_like_str_str, "abc", "abc\\") == SL_ERR_INVALID_ARG);
    CHECK(t.Code(sl_fn_like_str_str, "abc\\", "abc\\") == SL_ERR_INVALID_ARG);
    CHECK(t.Code(sl_fn_like_str_str, "", "%\\") == SL_ERR_INVALID_ARG);
}

TEST_CASE("LIKE agrees with a reference matcher on random inputs", "[stdlib][like]") {
    TestContext t;
    std::mt19937 rng(7);
    const std::vector<std::string> text_alphabet = {"a", "b", "\xC3\xA9", "%", "_"};
    const std::vector<std::string> pattern_alphabet = {"a",   "b",   "\xC3\xA9", "%", "_",
                                                       "\\%", "\\_", "%",        "_"};
    for (int i = 0; i < 20000; ++i) {
        std::string text, pattern;
        for (int n = static_cast<int>(rng() % 9); n > 0; --n)
            text += text_alphabet[rng() % text_alphabet.size()];
        for (int n = static_cast<int>(rng() % 7); n > 0; --n)
            pattern += pattern_alphabet[rng() % pattern_alphabet.size()];
        INFO("'" << text << "' LIKE '" << pattern << "'");
        REQUIRE((*t.Value(sl_fn_like_str_str, text, pattern) == 1) == ReferenceLike(text, pattern));
    }
}

TEST_CASE("LIKE does not backtrack on pathological patterns", "[stdlib][like]") {
    TestContext t;
    const std::string text(200000, 'a');
    const sl_str* s = t.Arg(text);
    const sl_str* s_b = t.Arg(text + "b");
    const auto start = std::chrono::steady_clock::now();
    CHECK(*t.Value(sl_fn_like_str_str, s, "%a%a%a%a%b") == 0);
    CHECK(*t.Value(sl_fn_like_str_str, s, "%a%a%a%a%b%") == 0);
    CHECK(*t.Value(sl_fn_like_str_str, s, "%_a%_a%_a%_b") == 0);
    CHECK(*t.Value(sl_fn_like_str_str, s, "%a_a_a_a_b%") == 0);
    CHECK(*t.Value(sl_fn_like_str_str, s, "%a%a%a%a%a") == 1);
    CHECK(*t.Value(sl_fn_like_str_str, s_b, "%a%a%a%a%b") == 1);
    CHECK(*t.Value(sl_fn_like_str_str, s_b, "%a%a%a%a%_") == 1);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    // Each call scans the 200 kB a few times (milliseconds, more under sanitizers); a matcher that
    // backtracks, or one quadratic in the text, would need hours.
    CHECK(elapsed < std::chrono::seconds(5));
}
