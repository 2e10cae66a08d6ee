#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sluice {

/// A half-open byte range [begin, end) in one source file; every AST node and diagnostic carries one.
struct SourceRange {
    uint32_t file = 0;
    uint32_t begin = 0;
    uint32_t end = 0;

    bool Valid() const { return end > begin || file != 0 || begin != 0; }
    /// The smallest range covering both (same file assumed).
    static SourceRange Cover(const SourceRange& a, const SourceRange& b);
};

/// Line and column of a byte offset, both 1-based; the column counts characters (UTF-8 code points),
/// as editors do.
struct LineCol {
    uint32_t line = 1;
    uint32_t col = 1;
};

/// One loaded source file with its line index.
class SourceFile {
public:
    SourceFile(std::string name, std::string text);

    const std::string& name() const { return name_; }
    const std::string& text() const { return text_; }
    LineCol Locate(uint32_t offset) const;
    /// The text of a 1-based line, without its newline.
    std::string_view Line(uint32_t line) const;
    /// Byte offset where a 1-based line starts.
    uint32_t LineStart(uint32_t line) const { return line_starts_.at(line - 1); }
    std::string_view Slice(const SourceRange& r) const;

private:
    std::string name_;
    std::string text_;
    std::vector<uint32_t> line_starts_;
};

/// Owns the source files of one compilation; SourceRange::file indexes into it (file 0 is reserved
/// for "no file": a diagnostic without a location).
class SourceManager {
public:
    SourceManager();
    uint32_t Add(std::string name, std::string text);
    const SourceFile& Get(uint32_t id) const { return files_.at(id); }

private:
    std::vector<SourceFile> files_;
};

} // namespace sluice
