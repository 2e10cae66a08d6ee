#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sluice::stdlib {

/// Per-thread memo of objects compiled from text: regular expressions, datetime patterns, LIKE
/// patterns. The argument is nearly always a constant, so a call first compares its text with the
/// previous call's (one length check and a memcmp); other texts are looked up without copying them.
/// Texts taken from data can be unbounded in number, so a full cache starts over instead of growing.
/// References returned by Get stay valid until the next Get.
template <typename T> class TextKeyedCache {
public:
    explicit TextKeyedCache(size_t max_entries) : max_entries_(max_entries) {}

    /// The object for `text`, made by `make(text)` (returning std::unique_ptr<T>, as compiled objects
    /// such as RE2 cannot move) the first time it is asked for.
    template <typename Make> const T& Get(std::string_view text, Make&& make) {
        if (last_ != nullptr && text == last_text_)
            return *last_;
        auto it = entries_.find(text);
        if (it == entries_.end()) {
            if (entries_.size() >= max_entries_)
                entries_.clear();
            it = entries_.emplace(std::string(text), make(text)).first;
        }
        last_text_ = it->first; // node-based map: the key does not move
        last_ = it->second.get();
        return *last_;
    }

private:
    /// Hashes std::string keys and std::string_view probes alike (heterogeneous lookup).
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };

    size_t max_entries_;
    std::unordered_map<std::string, std::unique_ptr<T>, Hash, std::equal_to<>> entries_;
    std::string_view last_text_;
    const T* last_ = nullptr;
};

} // namespace sluice::stdlib
