#include "runtime/formats/row_decoder.h"

#include <algorithm>
#include <cstring>

#include "runtime/formats/csv_decoder.h"
#include "runtime/formats/json_decoder.h"
#include "runtime/formats/text_decoder.h"

namespace sluice::rt {

namespace {
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
} // namespace

RowDecoder::RowDecoder(const Schema& declared, const std::vector<int>& projection, BadRowHandler& bad_rows)
    : declared_(declared), output_schema_(ProjectedSchema(declared, projection)), projection_(projection),
      batch_column_of_(declared.size(), -1), bad_rows_(bad_rows) {
    for (size_t i = 0; i < projection.size(); ++i) {
        batch_column_of_[projection[i]] = static_cast<int>(i);
        columns_.emplace_back(output_schema_[i].name, output_schema_[i].type);
    }
}

void RowDecoder::BeginInput(int32_t input) {
    input_ = input;
    line_ = 1;
    at_input_start_ = true;
    skipping_line_ = false;
}

bool RowDecoder::StartDecode(std::string_view input, bool at_end, size_t* pos) {
    *pos = 0;
    if (at_input_start_) {
        int64_t skip = SkipByteOrderMark(input, at_end);
        if (skip < 0)
            return false;
        *pos = static_cast<size_t>(skip);
    }
    *pos += SkipRestOfLine(input.substr(*pos));
    return !skipping_line_;
}

size_t RowDecoder::DropLongRecord(std::string_view input, size_t pos) {
    constexpr size_t kExcerptBytes = 1024;
    bad_rows_.Report(line_, input.substr(pos, std::min(kExcerptBytes, max_record_bytes_)), "",
                     "the record is longer than the limit of " + std::to_string(max_record_bytes_) +
                         " bytes");
    const void* hit = std::memchr(input.data() + pos, '\n', input.size() - pos);
    if (hit == nullptr) {
        skipping_line_ = true;
        return input.size();
    }
    ++line_;
    return static_cast<size_t>(static_cast<const char*>(hit) - input.data()) + 1;
}

size_t RowDecoder::SkipRestOfLine(std::string_view input) {
    if (!skipping_line_)
        return 0;
    const void* hit = std::memchr(input.data(), '\n', input.size());
    if (hit == nullptr)
        return input.size();
    skipping_line_ = false;
    ++line_;
    return static_cast<size_t>(static_cast<const char*>(hit) - input.data()) + 1;
}

void RowDecoder::BindColumns(Batch& out) {
    for (size_t i = 0; i < columns_.size(); ++i)
        columns_[i].Bind(&out, static_cast<int>(i));
}

int64_t RowDecoder::SkipByteOrderMark(std::string_view input, bool at_end) {
    if (input.size() < kByteOrderMark.size() && !at_end &&
        std::memcmp(input.data(), kByteOrderMark.data(), input.size()) == 0)
        return -1;
    at_input_start_ = false;
    return input.substr(0, kByteOrderMark.size()) == kByteOrderMark
               ? static_cast<int64_t>(kByteOrderMark.size())
               : 0;
}

std::unique_ptr<RowDecoder> CreateRowDecoder(const std::string& format, const Schema& declared,
                                             const std::vector<int>& projection,
                                             const Options& format_options, BadRowHandler& bad_rows) {
    if (format == "csv")
        return std::make_unique<CsvDecoder>(declared, projection, CsvOptions::FromOptions(format_options),
                                            bad_rows);
    if (format == "json")
        return std::make_unique<JsonDecoder>(declared, projection, bad_rows);
    if (format == "text")
        return std::make_unique<TextDecoder>(declared, projection, bad_rows);
    throw QueryError("unknown source format '" + format + "' (expected csv, json or text)");
}

} // namespace sluice::rt
