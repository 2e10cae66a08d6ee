#pragma once

// Internal to compiler/parse: ANTLR types do not leave this directory.

#include <cstdint>
#include <string_view>
#include <vector>

#include <ANTLRInputStream.h>
#include <ParserRuleContext.h>
#include <Token.h>

#include "compiler/common/source.h"

namespace sluice::parse {

/// The ANTLR character stream of one source file. ANTLR indexes its input by code point, while
/// SourceRange counts bytes: this stream decodes the UTF-8 itself and keeps the byte offset of every
/// code point so that tokens and parse-tree nodes map back to exact byte ranges. Malformed UTF-8
/// decodes as U+FFFD (one code point per bad byte) and is remembered for a lexical error; a leading
/// byte-order mark is skipped.
class SourceCharStream : public antlr4::ANTLRInputStream {
public:
    SourceCharStream(std::string_view text, uint32_t file_id, std::string name);

    uint32_t file_id() const { return file_id_; }
    std::string_view text() const { return text_; }
    /// Byte offset of the code point at `index`; an index at or past the end gives the text's size.
    uint32_t ByteOffset(size_t index) const;
    /// Byte offsets where malformed UTF-8 sequences start.
    const std::vector<uint32_t>& invalid_utf8() const { return invalid_utf8_; }

    SourceRange Range(const antlr4::Token* token) const;
    /// From the start of `first` to the end of `last`.
    SourceRange Range(const antlr4::Token* first, const antlr4::Token* last) const;
    /// The text a rule matched; empty (at its start) when it matched no token.
    SourceRange Range(const antlr4::ParserRuleContext* ctx) const;
    std::string_view Slice(const SourceRange& range) const;

private:
    std::string_view text_;
    uint32_t file_id_;
    /// Byte offset of each code point plus one entry for the end; empty when the text is pure
    /// ASCII without a byte-order mark (code point index == byte offset).
    std::vector<uint32_t> byte_offsets_;
    std::vector<uint32_t> invalid_utf8_;
};

} // namespace sluice::parse
