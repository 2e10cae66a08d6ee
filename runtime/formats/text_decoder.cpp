#include "runtime/formats/text_decoder.h"

#include <cstring>

namespace sluice::rt {

TextDecoder::TextDecoder(const Schema& declared, const std::vector<int>& projection, BadRowHandler& bad_rows)
    : RowDecoder(declared, projection, bad_rows) {
    if (declared.size() != 1 || declared[0].type.id != SL_TYPE_STRING)
        throw QueryError("format text needs exactly one STRING column");
}

size_t TextDecoder::Decode(std::string_view input, bool at_end, Batch& out, int64_t max_rows,
                           RowOrigins* origins) {
    size_t pos;
    if (!StartDecode(input, at_end, &pos))
        return pos;
    BindColumns(out);
    const char* data = input.data();
    const size_t size = input.size();
    const bool decode = !columns_.empty();
    int64_t row = out.num_rows();
    while (row < max_rows && pos < size) {
        const void* hit = std::memchr(data + pos, '\n', size - pos);
        const size_t nl = hit != nullptr ? static_cast<size_t>(static_cast<const char*>(hit) - data) : size;
        if (nl - pos > max_record_bytes_) {
            pos = DropLongRecord(input, pos);
            if (skipping_line_)
                break;
            continue;
        }
        if (hit == nullptr && !at_end)
            break;
        size_t end = nl > pos && data[nl - 1] == '\r' ? nl - 1 : nl;
        if (decode)
            columns_[0].SetString(row, std::string_view(data + pos, end - pos));
        if (origins != nullptr)
            origins->Add(input_, row, line_);
        ++row;
        ++line_;
        pos = hit != nullptr ? nl + 1 : size;
    }
    out.set_num_rows(row);
    return pos;
}

} // namespace sluice::rt
