#include "runtime/sources/file/file_source_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <unistd.h>

namespace sluice::rt {

namespace {
constexpr size_t kInitialBufferBytes = 4 << 20;
} // namespace

FileSourceReader::FileSourceReader(std::vector<ListedFile> files, FileReadOptions options,
                                   SourceMetrics& metrics)
    : files_(std::move(files)), options_(std::move(options)),
      bad_rows_(options_.on_error, options_.dead_letter_dir, &metrics) {
    decoder_ = CreateRowDecoder(options_.format, options_.schema, options_.projection,
                                options_.format_options, bad_rows_);
    if (options_.chunk_rows < 1)
        options_.chunk_rows = 1;
}

FileSourceReader::~FileSourceReader() {
    if (fd_ >= 0)
        ::close(fd_);
}

void FileSourceReader::OpenFile(size_t index) {
    const std::string& path = files_[index].path;
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0)
        throw QueryError("cannot read file " + path + ": " + std::strerror(errno));
    current_ = index;
    pos_ = len_ = 0;
    at_eof_ = false;
    decoder_->BeginInput(static_cast<int32_t>(index));
    bad_rows_.BeginInput(path, options_.dead_letter_name
                                   ? options_.dead_letter_name(path)
                                   : std::filesystem::path(path).filename().string() + ".bad.json");
}

void FileSourceReader::CloseFile() {
    ::close(fd_);
    fd_ = -1;
    bad_rows_.EndInput();
}

void FileSourceReader::Refill() {
    if (pos_ > 0) {
        std::memmove(buffer_.get(), buffer_.get() + pos_, len_ - pos_);
        len_ -= pos_;
        pos_ = 0;
    }
    if (len_ == capacity_) {
        // One record longer than the buffer: grow it.
        size_t grown = capacity_ == 0 ? kInitialBufferBytes : capacity_ * 2;
        auto bigger = std::make_unique_for_overwrite<char[]>(grown + kDecodePadding);
        if (len_ > 0)
            std::memcpy(bigger.get(), buffer_.get(), len_);
        buffer_ = std::move(bigger);
        capacity_ = grown;
    }
    for (;;) {
        ssize_t n = ::read(fd_, buffer_.get() + len_, capacity_ - len_);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            throw QueryError("cannot read file " + files_[current_].path + ": " + std::strerror(errno));
        }
        if (n == 0)
            at_eof_ = true;
        len_ += static_cast<size_t>(n);
        return;
    }
}

BatchPtr FileSourceReader::Next() {
    const int64_t chunk_rows = options_.chunk_rows;
    BatchPtr chunk = batches_.Acquire(decoder_->output_schema(), chunk_rows);
    origins_.Clear();
    while (chunk->num_rows() < chunk_rows) {
        if (fd_ < 0) {
            if (next_file_ == files_.size())
                break;
            OpenFile(next_file_++);
            Refill();
        }
        size_t used = decoder_->Decode(std::string_view(buffer_.get() + pos_, len_ - pos_), at_eof_, *chunk,
                                       chunk_rows, &origins_);
        pos_ += used;
        if (chunk->num_rows() >= chunk_rows)
            break;
        // The decoder stopped short of a full chunk: it needs more bytes, or the file is done.
        if (at_eof_)
            CloseFile();
        else
            Refill();
    }
    if (chunk->num_rows() == 0)
        return nullptr;
    return chunk;
}

std::string FileSourceReader::DescribeRow(int64_t row) const {
    int32_t input;
    int64_t line;
    if (origins_.Find(row, &input, &line))
        return "file " + files_[static_cast<size_t>(input)].path + ", line " + std::to_string(line);
    return "a row of a file source batch";
}

} // namespace sluice::rt
