#include "compiler/common/source.h"

#include <algorithm>

namespace sluice {

SourceRange SourceRange::Cover(const SourceRange& a, const SourceRange& b) {
    if (!a.Valid())
        return b;
    if (!b.Valid())
        return a;
    return {a.file, std::min(a.begin, b.begin), std::max(a.end, b.end)};
}

SourceFile::SourceFile(std::string name, std::string text) : name_(std::move(name)), text_(std::move(text)) {
    line_starts_.push_back(0);
    for (uint32_t i = 0; i < text_.size(); ++i)
        if (text_[i] == '\n')
            line_starts_.push_back(i + 1);
}

LineCol SourceFile::Locate(uint32_t offset) const {
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    uint32_t line = static_cast<uint32_t>(it - line_starts_.begin());
    uint32_t col = 1;
    for (uint32_t i = line_starts_[line - 1]; i < offset && i < text_.size(); ++i)
        col += (static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80; // continuation bytes are no column
    return {line, col};
}

std::string_view SourceFile::Line(uint32_t line) const {
    if (line == 0 || line > line_starts_.size())
        return {};
    uint32_t begin = line_starts_[line - 1];
    uint32_t end = line < line_starts_.size() ? line_starts_[line] - 1 : static_cast<uint32_t>(text_.size());
    if (end > begin && text_[end - 1] == '\r')
        --end;
    return std::string_view(text_).substr(begin, end - begin);
}

std::string_view SourceFile::Slice(const SourceRange& r) const {
    if (r.begin >= text_.size())
        return {};
    return std::string_view(text_).substr(r.begin, std::min<size_t>(r.end, text_.size()) - r.begin);
}

SourceManager::SourceManager() {
    files_.emplace_back("<command line>", "");
}

uint32_t SourceManager::Add(std::string name, std::string text) {
    files_.emplace_back(std::move(name), std::move(text));
    return static_cast<uint32_t>(files_.size() - 1);
}

} // namespace sluice
