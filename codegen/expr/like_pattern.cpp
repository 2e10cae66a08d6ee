#include "codegen/expr/like_pattern.h"

#include <vector>

namespace sluice::codegen {

LikePattern LikePattern::Analyze(std::string_view pattern) {
    LikePattern out;
    // Literal runs between unescaped '%'; runs.size() == number of '%' + 1.
    std::vector<std::string> runs(1);
    for (size_t i = 0; i < pattern.size(); ++i) {
        char c = pattern[i];
        if (c == '\\') {
            if (i + 1 == pattern.size())
                return out; // a dangling escape: the generic matcher decides
            runs.back() += pattern[++i];
        } else if (c == '_') {
            return out;
        } else if (c == '%') {
            runs.emplace_back();
        } else {
            runs.back() += c;
        }
    }
    if (runs.size() == 1) {
        out.kind = Kind::Exact;
        out.text = std::move(runs[0]);
        return out;
    }
    const std::string& first = runs.front();
    const std::string& last = runs.back();
    std::vector<std::string> inner;
    for (size_t i = 1; i + 1 < runs.size(); ++i)
        if (!runs[i].empty())
            inner.push_back(runs[i]);
    if (inner.empty()) {
        if (first.empty() && last.empty()) {
            out.kind = Kind::Any;
        } else if (last.empty()) {
            out.kind = Kind::Prefix;
            out.text = first;
        } else if (first.empty()) {
            out.kind = Kind::Suffix;
            out.text = last;
        } else {
            out.kind = Kind::PrefixSuffix;
            out.text = first;
            out.suffix = last;
        }
        return out;
    }
    if (inner.size() == 1 && first.empty() && last.empty()) {
        out.kind = Kind::Contains;
        out.text = inner[0];
    }
    return out;
}

const char* LikePattern::KindName() const {
    switch (kind) {
    case Kind::Exact:
        return "exact";
    case Kind::Prefix:
        return "prefix";
    case Kind::Suffix:
        return "suffix";
    case Kind::Contains:
        return "contains";
    case Kind::PrefixSuffix:
        return "prefix_suffix";
    case Kind::Any:
        return "any";
    case Kind::Generic:
        return "generic";
    }
    return "?";
}

} // namespace sluice::codegen
