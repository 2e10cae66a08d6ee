#pragma once

// Helpers for decoder and encoder tests: decode a text in one piece or fed in small pieces (as a reader
// refilling its buffer would), and render rows as "v1|v2|NULL" for easy comparison.

#include <filesystem>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

#include "runtime/common/value_format.h"
#include "runtime/formats/bad_row_handler.h"
#include "runtime/formats/row_decoder.h"
#include "runtime/formats/row_encoder.h"

namespace sluice::rt::testing {

inline ColumnSchema Col(std::string name, sl_type_id id, uint8_t precision = 0, uint8_t scale = 0) {
    return ColumnSchema{std::move(name), ColumnType{id, precision, scale}};
}

inline std::vector<int> AllColumns(const Schema& schema) {
    std::vector<int> p;
    for (size_t i = 0; i < schema.size(); ++i)
        p.push_back(static_cast<int>(i));
    return p;
}

inline std::string CellText(const Batch& b, int col, int64_t row) {
    if (b.IsNull(col, row))
        return "NULL";
    const ColumnType& t = b.schema()[col].type;
    switch (t.id) {
    case SL_TYPE_BOOLEAN:
        return b.Values<uint8_t>(col)[row] ? "true" : "false";
    case SL_TYPE_INT:
        return std::to_string(b.Values<int32_t>(col)[row]);
    case SL_TYPE_BIGINT:
        return std::to_string(b.Values<int64_t>(col)[row]);
    case SL_TYPE_DOUBLE:
        return FormatDouble(b.Values<double>(col)[row]);
    case SL_TYPE_DECIMAL:
        return FormatDecimal(b.Values<sl_decimal>(col)[row], t.scale);
    case SL_TYPE_STRING:
        return std::string(Batch::ToStringView(b.Values<sl_str>(col)[row]));
    case SL_TYPE_TIMESTAMP:
        return FormatTimestamp(b.Values<int64_t>(col)[row]);
    case SL_TYPE_DATE:
        return FormatDate(b.Values<int32_t>(col)[row]);
    case SL_TYPE_INTERVAL:
        return FormatInterval(b.Values<int64_t>(col)[row]);
    }
    return "?";
}

inline std::string RowText(const Batch& b, int64_t row) {
    std::string out;
    for (int c = 0; c < b.num_columns(); ++c) {
        if (c > 0)
            out += '|';
        out += CellText(b, c, row);
    }
    return out;
}

/// What a decode produced.
struct Decoded {
    std::vector<std::string> rows;
    std::vector<int64_t> lines;
    SourceMetrics metrics;
    int64_t chunks = 0;
};

/// How to decode in a test.
struct DecodeSetup {
    std::string format = "csv";
    Schema schema;
    std::vector<int> projection; // empty: all columns (set project_none for none)
    bool project_none = false;
    Options format_options;
    OnError on_error = OnError::Fail;
    std::string dead_letter_dir;
    std::string file = "mem.csv";
    /// Bytes made available per step; 0 = everything at once.
    size_t piece = 0;
    int64_t chunk_rows = 1024;
    size_t max_record_bytes = kMaxRecordBytes;
};

/// Decodes `text` the way FileSourceReader does: a buffer refilled `piece` bytes at a time, the unconsumed
/// rest carried over, chunks of `chunk_rows` rows. The bytes after the visible input are filled with
/// quotes, braces and line breaks, so a decoder that reads past its input fails the test.
inline Decoded Decode(const DecodeSetup& setup, std::string_view text) {
    Decoded result;
    BadRowHandler handler(setup.on_error, setup.dead_letter_dir, &result.metrics);
    std::vector<int> projection = setup.projection;
    if (projection.empty() && !setup.project_none)
        projection = AllColumns(setup.schema);
    auto decoder = CreateRowDecoder(setup.format, setup.schema, projection, setup.format_options, handler);
    decoder->set_max_record_bytes(setup.max_record_bytes);
    handler.BeginInput(setup.file, "mem.bad.json");
    decoder->BeginInput(0);
    const size_t piece = setup.piece == 0 ? text.size() : setup.piece;
    size_t fed = std::min(text.size(), piece);
    size_t pos = 0;
    std::string buffer;
    auto batch = std::make_shared<Batch>(decoder->output_schema(), setup.chunk_rows);
    RowOrigins origins;
    auto flush = [&] {
        for (int64_t r = 0; r < batch->num_rows(); ++r) {
            result.rows.push_back(RowText(*batch, r));
            int32_t input;
            int64_t line = -1;
            origins.Find(r, &input, &line);
            result.lines.push_back(line);
        }
        ++result.chunks;
        batch = std::make_shared<Batch>(decoder->output_schema(), setup.chunk_rows);
        origins.Clear();
    };
    for (;;) {
        buffer.assign(text.substr(pos, fed - pos));
        buffer.append(kDecodePadding, '}');
        for (size_t i = fed - pos; i < buffer.size(); i += 3) {
            buffer[i] = '"';
            if (i + 1 < buffer.size())
                buffer[i + 1] = '\n';
        }
        const bool at_end = fed == text.size();
        size_t used = decoder->Decode(std::string_view(buffer.data(), fed - pos), at_end, *batch,
                                      setup.chunk_rows, &origins);
        pos += used;
        if (batch->num_rows() == setup.chunk_rows) {
            flush();
            continue;
        }
        if (at_end) {
            if (pos != text.size())
                throw std::logic_error("decoder left " + std::to_string(text.size() - pos) +
                                       " bytes at the end");
            break;
        }
        fed = std::min(text.size(), fed + piece);
    }
    handler.EndInput();
    if (batch->num_rows() > 0)
        flush();
    return result;
}

inline std::filesystem::path TempDir(const std::string& name) {
    std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("sluice-io-" + name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

} // namespace sluice::rt::testing
