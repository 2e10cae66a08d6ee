#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "runtime/engine/source.h"
#include "runtime/formats/bad_row_handler.h"
#include "runtime/formats/row_decoder.h"
#include "runtime/formats/row_origins.h"
#include "runtime/sources/file/file_lister.h"

namespace sluice::rt {

/// What a FileSourceReader needs besides its files.
struct FileReadOptions {
    std::string format;
    Schema schema;
    std::vector<int> projection;
    Options format_options;
    int64_t chunk_rows = 8192;
    OnError on_error = OnError::Fail;
    std::string dead_letter_dir;
    /// The dead-letter file name of an input file; must depend on the file alone (see BadRowHandler).
    /// Unset: "<file name>.bad.json".
    std::function<std::string(const std::string& path)> dead_letter_name;
};

/// Reads a list of files, in order, as chunks of about chunk_rows rows (a chunk may hold rows of several
/// small files). Each file is read through one buffer (4 MiB, grown for longer records) that the decoder
/// consumes record by record, so memory does not grow with the file size. Remembers the file and line of
/// every row of the chunk it returned last as runs (RowOrigins) for DescribeRow.
class FileSourceReader : public SourceReader {
public:
    FileSourceReader(std::vector<ListedFile> files, FileReadOptions options, SourceMetrics& metrics);
    ~FileSourceReader() override;

    BatchPtr Next() override;
    /// "file in/a.csv, line 17".
    std::string DescribeRow(int64_t row) const override;

private:
    void OpenFile(size_t index);
    void CloseFile();
    /// Moves the unconsumed bytes to the front and reads more; sets at_eof_ at the end of the file.
    void Refill();

    std::vector<ListedFile> files_;
    FileReadOptions options_;
    BadRowHandler bad_rows_;
    std::unique_ptr<RowDecoder> decoder_;

    /// Read buffer: capacity_ bytes plus kDecodePadding; bytes [pos_, len_) are not decoded yet.
    std::unique_ptr<char[]> buffer_;
    size_t capacity_ = 0;
    size_t pos_ = 0;
    size_t len_ = 0;
    int fd_ = -1;
    bool at_eof_ = false;
    size_t current_ = 0;   // index of the open file
    size_t next_file_ = 0; // index of the next file to open

    /// Where the rows of the chunk returned last came from.
    RowOrigins origins_;
    BatchRecycler batches_;
};

} // namespace sluice::rt
