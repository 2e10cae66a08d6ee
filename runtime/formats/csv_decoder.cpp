#include "runtime/formats/csv_decoder.h"

#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace sluice::rt {

namespace {

int64_t CountNewlines(const char* begin, const char* end) {
    int64_t n = 0;
    while (begin < end) {
        const void* hit = std::memchr(begin, '\n', static_cast<size_t>(end - begin));
        if (hit == nullptr)
            break;
        ++n;
        begin = static_cast<const char*>(hit) + 1;
    }
    return n;
}

} // namespace

size_t CsvDecoder::FindFieldEnd(const char* data, size_t pos, size_t size) const {
#if defined(__SSE2__)
    // 16 bytes at a time; Decode's contract leaves kDecodePadding readable bytes after `size`.
    const __m128i delimiter = _mm_set1_epi8(options_.delimiter);
    const __m128i newline = _mm_set1_epi8('\n');
    while (pos < size) {
        __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + pos));
        unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(
            _mm_or_si128(_mm_cmpeq_epi8(bytes, delimiter), _mm_cmpeq_epi8(bytes, newline))));
        if (mask != 0)
            return std::min(size, pos + static_cast<size_t>(__builtin_ctz(mask)));
        pos += 16;
    }
    return size;
#else
    while (pos < size && !field_end_[static_cast<unsigned char>(data[pos])])
        ++pos;
    return pos;
#endif
}

CsvDecoder::CsvDecoder(const Schema& declared, const std::vector<int>& projection, CsvOptions options,
                       BadRowHandler& bad_rows)
    : RowDecoder(declared, projection, bad_rows), options_(std::move(options)) {
    if (declared.empty())
        throw QueryError("a csv source needs at least one column");
    field_end_[static_cast<unsigned char>(options_.delimiter)] = true;
    field_end_['\n'] = true;
    fields_.reserve(declared.size() + 1);
}

void CsvDecoder::BeginInput(int32_t input) {
    RowDecoder::BeginInput(input);
    header_pending_ = options_.header;
}

CsvDecoder::Scan CsvDecoder::Malformed(const char* data, size_t size, size_t pos, bool at_end,
                                       const char* error, Extent* extent) {
    // Resynchronize on the next physical line; see the class comment.
    const void* hit = std::memchr(data + pos, '\n', size - pos);
    if (hit == nullptr) {
        if (!at_end)
            return Scan::NeedMore;
        extent->end = size;
        extent->next = size;
        extent->newlines = 0;
    } else {
        size_t nl = static_cast<size_t>(static_cast<const char*>(hit) - data);
        extent->end = nl > pos && data[nl - 1] == '\r' ? nl - 1 : nl;
        extent->next = nl + 1;
        extent->newlines = 1;
    }
    extent->error = error;
    return Scan::Malformed;
}

CsvDecoder::Scan CsvDecoder::ScanRecord(const char* data, size_t size, size_t pos, bool at_end,
                                        Extent* extent) {
    fields_.clear();
    extent->newlines = 0;
    // A blank line (a lone CR inside a line is data).
    if (data[pos] == '\n' || (data[pos] == '\r' && (pos + 1 == size || data[pos + 1] == '\n'))) {
        if (data[pos] == '\r' && pos + 1 == size && !at_end)
            return Scan::NeedMore;
        size_t after = data[pos] == '\n' ? pos + 1 : std::min(pos + 2, size);
        extent->end = pos;
        extent->next = after;
        extent->newlines = data[after - 1] == '\n' ? 1 : 0;
        return Scan::Blank;
    }
    const char quote = options_.quote;
    const char delimiter = options_.delimiter;
    size_t p = pos;
    for (;;) {
        if (quote != '\0' && p < size && data[p] == quote) {
            size_t i = p + 1;
            bool escaped = false;
            for (;;) {
                const void* hit = i < size ? std::memchr(data + i, quote, size - i) : nullptr;
                if (hit == nullptr) {
                    if (!at_end)
                        return Scan::NeedMore;
                    return Malformed(data, size, pos, at_end, "a quoted field is never closed", extent);
                }
                i = static_cast<size_t>(static_cast<const char*>(hit) - data);
                if (i + 1 == size && !at_end)
                    return Scan::NeedMore; // cannot tell a closing quote from a doubled one yet
                if (i + 1 < size && data[i + 1] == quote) {
                    escaped = true;
                    i += 2;
                    continue;
                }
                break;
            }
            fields_.push_back({p + 1, i, true, escaped});
            extent->newlines += CountNewlines(data + p + 1, data + i);
            p = i + 1;
            if (p == size) {
                extent->end = extent->next = size;
                return Scan::Record;
            }
            char c = data[p];
            if (c == delimiter) {
                ++p;
                continue;
            }
            if (c == '\n' || c == '\r') {
                size_t after = p + 1;
                if (c == '\r') {
                    if (after == size && !at_end)
                        return Scan::NeedMore;
                    if (after < size && data[after] != '\n')
                        return Malformed(data, size, pos, at_end, "unexpected text after a closing quote",
                                         extent);
                    if (after < size)
                        ++after;
                }
                extent->end = p;
                extent->next = after;
                extent->newlines += data[after - 1] == '\n' ? 1 : 0;
                return Scan::Record;
            }
            return Malformed(data, size, pos, at_end, "unexpected text after a closing quote", extent);
        }
        size_t i = FindFieldEnd(data, p, size);
        if (i < size && data[i] == delimiter) {
            fields_.push_back({p, i, false, false});
            p = i + 1;
            continue;
        }
        if (i == size && !at_end)
            return Scan::NeedMore;
        size_t end = i > p && data[i - 1] == '\r' ? i - 1 : i;
        fields_.push_back({p, end, false, false});
        extent->end = end;
        extent->next = i < size ? i + 1 : size;
        extent->newlines += i < size ? 1 : 0;
        return Scan::Record;
    }
}

size_t CsvDecoder::Unescape(std::string_view text, char* out) const {
    size_t n = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        out[n++] = text[i];
        if (text[i] == options_.quote && i + 1 < text.size() && text[i + 1] == options_.quote)
            ++i;
    }
    return n;
}

bool CsvDecoder::ConvertRecord(const char* data, int64_t row, int64_t line, std::string_view raw) {
    for (size_t c = 0; c < columns_.size(); ++c) {
        const Field& f = fields_[projection_[c]];
        ColumnWriter& column = columns_[c];
        std::string_view text(data + f.begin, f.end - f.begin);
        if (!f.quoted && text == options_.null_value) {
            column.SetNull(row);
            continue;
        }
        if (column.type().id == SL_TYPE_STRING) {
            if (!f.escaped) {
                column.SetString(row, text);
            } else {
                char* bytes = column.AllocateString(text.size());
                column.SetStringBytes(row, bytes, Unescape(text, bytes));
            }
            continue;
        }
        if (f.escaped) {
            unescaped_.resize(text.size());
            unescaped_.resize(Unescape(text, unescaped_.data()));
            text = unescaped_;
        }
        if (!column.ParseText(row, text)) {
            bad_rows_.Report(line, raw, column.name(), column.NotAValue(text));
            return false;
        }
    }
    return true;
}

size_t CsvDecoder::Decode(std::string_view input, bool at_end, Batch& out, int64_t max_rows,
                          RowOrigins* origins) {
    size_t pos;
    if (!StartDecode(input, at_end, &pos))
        return pos;
    BindColumns(out);
    const char* data = input.data();
    const size_t size = input.size();
    const size_t num_fields = declared_.size();
    int64_t row = out.num_rows();
    Extent extent;
    while (row < max_rows && pos < size) {
        Scan kind = ScanRecord(data, size, pos, at_end, &extent);
        // Incomplete, a record within the limit has at most its text and a CR: more than that is too long
        // whatever follows, so the outcome does not depend on where the input was cut.
        if (kind == Scan::NeedMore && size - pos <= max_record_bytes_ + 1)
            break;
        if (kind == Scan::NeedMore || extent.end - pos > max_record_bytes_) {
            header_pending_ = false;
            pos = DropLongRecord(input, pos);
            if (skipping_line_)
                break;
            continue;
        }
        const size_t start = pos;
        const int64_t line = line_;
        pos = extent.next;
        line_ += extent.newlines;
        if (header_pending_) {
            header_pending_ = false;
            continue;
        }
        if (kind == Scan::Blank)
            continue;
        std::string_view raw(data + start, extent.end - start);
        if (kind == Scan::Malformed) {
            bad_rows_.Report(line, raw, "", extent.error);
            continue;
        }
        if (fields_.size() != num_fields) {
            bad_rows_.Report(line, raw, "",
                             "expected " + std::to_string(num_fields) + " fields, found " +
                                 std::to_string(fields_.size()));
            continue;
        }
        if (!ConvertRecord(data, row, line, raw))
            continue;
        if (origins != nullptr)
            origins->Add(input_, row, line);
        ++row;
    }
    out.set_num_rows(row);
    return pos;
}

} // namespace sluice::rt
