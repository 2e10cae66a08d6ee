#include "runtime/formats/bad_row_handler.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <system_error>
#include <unistd.h>

#include "runtime/common/framed_log.h"
#include "runtime/formats/json_encoder.h"

namespace sluice::rt {

namespace {

constexpr size_t kFlushBytes = 1 << 20;

[[noreturn]] void ThrowIo(const std::string& what, const std::string& path) {
    throw QueryError(what + " '" + path + "': " + std::strerror(errno));
}

} // namespace

BadRowHandler::BadRowHandler(OnError policy, std::string dead_letter_dir, SourceMetrics* metrics)
    : policy_(policy), dead_letter_dir_(std::move(dead_letter_dir)), metrics_(metrics) {
    if (policy_ == OnError::DeadLetter && dead_letter_dir_.empty())
        throw QueryError("on_error = 'dead_letter' needs the option dead_letter_path");
}

BadRowHandler::~BadRowHandler() {
    DiscardDeadLetters();
}

OnError BadRowHandler::ParsePolicy(const std::string& text) {
    if (text == "fail")
        return OnError::Fail;
    if (text == "skip")
        return OnError::Skip;
    if (text == "dead_letter")
        return OnError::DeadLetter;
    throw QueryError("option on_error must be 'fail', 'skip' or 'dead_letter', not '" + text + "'");
}

void BadRowHandler::BeginInput(std::string file, std::string dead_letter_name) {
    // An input abandoned half-way (its reader was dropped) must not publish a partial dead-letter file.
    DiscardDeadLetters();
    file_ = std::move(file);
    dead_letter_name_ = std::move(dead_letter_name);
}

void BadRowHandler::Report(int64_t line, std::string_view raw, std::string_view column,
                           std::string_view reason) {
    ++bad_rows_;
    std::string why;
    if (!column.empty()) {
        why.append("column '").append(column).append("': ");
    }
    why.append(reason);
    switch (policy_) {
    case OnError::Fail:
        throw QueryError("file " + file_ + ", line " + std::to_string(line) + (column.empty() ? ": " : ", ") +
                         why);
    case OnError::Skip:
        if (metrics_)
            ++metrics_->rows_skipped;
        return;
    case OnError::DeadLetter:
        break;
    }
    if (dead_letter_fd_ < 0) {
        std::error_code ec;
        std::filesystem::create_directories(dead_letter_dir_, ec);
        if (ec)
            throw QueryError("cannot create dead-letter directory '" + dead_letter_dir_ +
                             "': " + ec.message());
        // Hidden, so that a file source watching the directory never picks up a partial file.
        dead_letter_tmp_ = dead_letter_dir_ + "/." + dead_letter_name_ + ".inprogress";
        dead_letter_fd_ = ::open(dead_letter_tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (dead_letter_fd_ < 0)
            ThrowIo("cannot create dead-letter file", dead_letter_tmp_);
    }
    pending_.append("{\"file\":");
    JsonEncoder::AppendJsonString(pending_, file_);
    pending_.append(",\"line\":").append(std::to_string(line)).append(",\"reason\":");
    JsonEncoder::AppendJsonString(pending_, why);
    pending_.append(",\"row\":");
    JsonEncoder::AppendJsonString(pending_, raw);
    pending_.append("}\n");
    if (metrics_)
        ++metrics_->rows_dead_letter;
    if (pending_.size() >= kFlushBytes)
        FlushDeadLetters();
}

void BadRowHandler::FlushDeadLetters() {
    try {
        WriteAll(dead_letter_fd_, pending_.data(), pending_.size(),
                 "dead letters to '" + dead_letter_tmp_ + "'");
    } catch (const std::runtime_error& e) {
        throw QueryError(e.what());
    }
    pending_.clear();
}

void BadRowHandler::EndInput() {
    if (dead_letter_fd_ < 0)
        return;
    FlushDeadLetters();
    if (::fsync(dead_letter_fd_) != 0)
        ThrowIo("cannot sync dead-letter file", dead_letter_tmp_);
    ::close(dead_letter_fd_);
    dead_letter_fd_ = -1;
    std::string final_path = dead_letter_dir_ + "/" + dead_letter_name_;
    if (::rename(dead_letter_tmp_.c_str(), final_path.c_str()) != 0)
        ThrowIo("cannot rename dead-letter file into", final_path);
    try {
        SyncDirectory(dead_letter_dir_);
    } catch (const std::runtime_error& e) {
        throw QueryError(e.what());
    }
}

void BadRowHandler::DiscardDeadLetters() {
    pending_.clear();
    if (dead_letter_fd_ < 0)
        return;
    ::close(dead_letter_fd_);
    dead_letter_fd_ = -1;
    ::unlink(dead_letter_tmp_.c_str());
}

} // namespace sluice::rt
