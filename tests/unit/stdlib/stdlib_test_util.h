#pragma once

#include <catch2/catch.hpp>

#include <cstring>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "runtime/common/arena.h"
#include "runtime/common/exec_context.h"
#include "sluice/stdlib.h"

namespace sluice::stdlib::test {

/// The bytes of a string value.
inline std::string Text(const sl_str& s) {
    return std::string(s.ptr, s.len);
}

/// True when the 4-byte prefix of `s` is its first bytes, zero padded, as abi.h requires of every
/// string a function returns.
inline bool PrefixIsConsistent(const sl_str& s) {
    char expected[4] = {0, 0, 0, 0};
    std::memcpy(expected, s.ptr, s.len < 4 ? s.len : 4);
    return std::memcmp(expected, s.prefix, 4) == 0;
}

/// A real execution context with its own arena, and calls into stdlib functions written the way a
/// test reads best: string arguments as C++ strings, results as values or std::nullopt for NULL.
///
///     TestContext t;
///     CHECK(t.Str(sl_fn_upper_str, "abc") == "ABC");
///     CHECK(t.Code(sl_fn_like_str_str, "a", "\\") == SL_ERR_INVALID_ARG);
class TestContext {
public:
    TestContext() { ctx.arena = &arena; }
    TestContext(const TestContext&) = delete;
    TestContext& operator=(const TestContext&) = delete;

    /// A STRING argument: its bytes copied into the arena like a batch's strings, without a NUL
    /// after them (one spare byte keeps an empty string's pointer valid).
    const sl_str* Arg(std::string_view text) {
        char* bytes = static_cast<char*>(arena.Allocate(text.size() + 1, 1));
        std::memcpy(bytes, text.data(), text.size());
        sl_str& s = strings_.emplace_back();
        s.len = static_cast<uint32_t>(text.size());
        std::memset(s.prefix, 0, 4);
        std::memcpy(s.prefix, bytes, text.size() < 4 ? text.size() : 4);
        s.ptr = bytes;
        return &s;
    }

    /// Calls `fn` and returns its return code (0, -1 for NULL, or an SL_ERR_* code).
    template <typename Out, typename... Params, typename... Args>
    int32_t Code(int32_t (*fn)(sl_ctx*, Out*, Params...), Args&&... args) {
        Out out{};
        return fn(&ctx, &out, Convert<Params>(std::forward<Args>(args))...);
    }

    /// Calls a function with a non-STRING result: the value, or nullopt for NULL. An error code
    /// fails the test.
    template <typename Out, typename... Params, typename... Args>
    std::optional<Out> Value(int32_t (*fn)(sl_ctx*, Out*, Params...), Args&&... args) {
        Out out{};
        const int32_t rc = fn(&ctx, &out, Convert<Params>(std::forward<Args>(args))...);
        INFO("return code " << rc);
        REQUIRE(rc <= 0);
        REQUIRE(rc >= -1);
        return rc == 0 ? std::optional<Out>(out) : std::nullopt;
    }

    /// Calls a function with a STRING result: its text, or nullopt for NULL. An error code fails the
    /// test, and so does a result whose prefix does not match its bytes.
    template <typename... Params, typename... Args>
    std::optional<std::string> Str(int32_t (*fn)(sl_ctx*, sl_str*, Params...), Args&&... args) {
        sl_str out{};
        const int32_t rc = fn(&ctx, &out, Convert<Params>(std::forward<Args>(args))...);
        INFO("return code " << rc);
        REQUIRE(rc <= 0);
        REQUIRE(rc >= -1);
        if (rc == -1)
            return std::nullopt;
        REQUIRE(PrefixIsConsistent(out));
        return Text(out);
    }

    sluice::rt::Arena arena;
    sl_ctx ctx;

private:
    template <typename Param, typename Arg> Param Convert(Arg&& arg) {
        if constexpr (std::is_same_v<Param, const sl_str*> && !std::is_convertible_v<Arg, const sl_str*>)
            return this->Arg(std::string_view(arg));
        else
            return static_cast<Param>(arg);
    }

    std::deque<sl_str> strings_; ///< argument views; a deque keeps their addresses stable
};

} // namespace sluice::stdlib::test
