#include "compiler/parse/source_char_stream.h"

#include <algorithm>

namespace sluice::parse {

namespace {

constexpr char32_t kReplacementCharacter = 0xFFFD;

/// Decodes the UTF-8 sequence at `text[i]`; returns its length, or 0 when it is malformed
/// (truncated, overlong, a surrogate, or beyond U+10FFFF).
size_t DecodeUtf8(std::string_view text, size_t i, char32_t& code_point) {
    auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char lead = byte(i);
    size_t length;
    char32_t minimum;
    if (lead < 0x80) {
        code_point = lead;
        return 1;
    } else if ((lead & 0xE0) == 0xC0) {
        length = 2, minimum = 0x80, code_point = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, minimum = 0x800, code_point = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, minimum = 0x10000, code_point = lead & 0x07;
    } else {
        return 0;
    }
    if (i + length > text.size())
        return 0;
    for (size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80)
            return 0;
        code_point = (code_point << 6) | (byte(i + k) & 0x3F);
    }
    if (code_point < minimum || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF))
        return 0;
    return length;
}

} // namespace

SourceCharStream::SourceCharStream(std::string_view text, uint32_t file_id, std::string name)
    : text_(text), file_id_(file_id) {
    this->name = std::move(name);
    bool ascii =
        std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (ascii) {
        _data.assign(text.begin(), text.end());
        return;
    }
    size_t i = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
    _data.reserve(text.size() - i);
    byte_offsets_.reserve(text.size() - i + 1);
    while (i < text.size()) {
        byte_offsets_.push_back(static_cast<uint32_t>(i));
        char32_t code_point;
        size_t length = DecodeUtf8(text, i, code_point);
        if (length == 0) {
            invalid_utf8_.push_back(static_cast<uint32_t>(i));
            code_point = kReplacementCharacter;
            length = 1;
        }
        _data.push_back(code_point);
        i += length;
    }
    byte_offsets_.push_back(static_cast<uint32_t>(text.size()));
}

uint32_t SourceCharStream::ByteOffset(size_t index) const {
    if (byte_offsets_.empty())
        return static_cast<uint32_t>(std::min(index, text_.size()));
    return byte_offsets_[std::min(index, byte_offsets_.size() - 1)];
}

SourceRange SourceCharStream::Range(const antlr4::Token* token) const {
    return Range(token, token);
}

SourceRange SourceCharStream::Range(const antlr4::Token* first, const antlr4::Token* last) const {
    uint32_t begin = ByteOffset(first->getStartIndex());
    // EOF's stop index is one before its start; a token's end is the offset after its last code point.
    uint32_t end = ByteOffset(last->getStopIndex() + 1);
    return {file_id_, begin, std::max(begin, end)};
}

SourceRange SourceCharStream::Range(const antlr4::ParserRuleContext* ctx) const {
    if (ctx->stop == nullptr || ctx->stop->getTokenIndex() < ctx->start->getTokenIndex()) {
        uint32_t at = ByteOffset(ctx->start->getStartIndex());
        return {file_id_, at, at};
    }
    return Range(ctx->start, ctx->stop);
}

std::string_view SourceCharStream::Slice(const SourceRange& range) const {
    if (range.begin >= text_.size())
        return {};
    return text_.substr(range.begin, std::min<size_t>(range.end, text_.size()) - range.begin);
}

} // namespace sluice::parse
