#include "runtime/sinks/file/file_sink.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <optional>
#include <system_error>
#include <unistd.h>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/engine/source.h"

namespace sluice::rt {

namespace fs = std::filesystem;

namespace {

constexpr size_t kWriteBytes = 4 << 20;
constexpr std::string_view kTempSuffix = ".inprogress";

// Batch id of "part-<digits>.<extension>", or -1 for any other name.
int64_t PartBatchId(const std::string& name, const std::string& extension) {
    const std::string suffix = "." + extension;
    if (name.size() <= 5 + suffix.size() || name.compare(0, 5, "part-") != 0 ||
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
        return -1;
    std::string digits = name.substr(5, name.size() - 5 - suffix.size());
    if (digits.size() > 18 || digits.find_first_not_of("0123456789") != std::string::npos)
        return -1;
    return std::stoll(digits);
}

} // namespace

FileSink::FileSink(const SinkSpec& spec, const SinkEnv& env)
    : path_(spec.options.GetString("path")), query_id_(env.query_id), resuming_(env.resuming) {
    if (path_.empty())
        throw QueryError("file sink option path is empty");
    if (query_id_.empty())
        throw QueryError(Description() + ": no query id (the engine passes it in SinkEnv::query_id)");
    if (spec.format != "csv" && spec.format != "json")
        throw QueryError("the file sink writes csv or json, not '" + spec.format + "'");
    encoder_ = CreateRowEncoder(spec.format, spec.schema, spec.format_options);
}

FileSink::~FileSink() {
    AbortBatch();
}

std::string FileSink::PartFileName(int64_t batch_id, const std::string& extension) {
    char digits[32];
    std::snprintf(digits, sizeof digits, "%08lld", static_cast<long long>(batch_id));
    return "part-" + std::string(digits) + "." + extension;
}

void FileSink::Open() {
    if (manifest_)
        return;
    std::error_code ec;
    fs::create_directories(path_, ec);
    if (ec)
        throw QueryError(Description() + ": cannot create the output directory: " + ec.message());
    // The lock comes first: everything below (reading the manifest, removing leftovers) is only right
    // for the one query that owns the directory.
    std::unique_ptr<FileLock> lock;
    try {
        lock = FileLock::TryAcquire(path_ + "/" + kLockName);
    } catch (const std::runtime_error& e) {
        throw QueryError(Description() + ": " + e.what());
    }
    if (!lock)
        throw QueryError("output directory '" + path_ + "' is in use by another query (its " + kLockName +
                         " is locked); a file sink's directory belongs to one running query");
    const std::string manifest_path = path_ + "/" + kManifestName;
    std::unique_ptr<FramedLog> manifest;
    try {
        manifest = std::make_unique<FramedLog>(manifest_path);
        SyncDirectory(path_); // a manifest created now survives a power loss with its first entry
    } catch (const std::runtime_error& e) {
        throw QueryError(Description() + ": " + e.what());
    }
    lock_ = std::move(lock);
    manifest_ = std::move(manifest);
    try {
        LoadManifest(manifest_path);
    } catch (...) {
        // A directory that is not ours stays as it is, and a later Open checks it again.
        manifest_.reset();
        lock_.reset();
        committed_.clear();
        throw;
    }
    // Leftovers of batches that never committed: their temporary files, and part files renamed into place
    // just before a crash that came ahead of the manifest entry.
    const std::string extension = encoder_->Extension();
    std::vector<fs::path> leftovers;
    for (const auto& entry : fs::directory_iterator(path_, ec)) {
        const std::string name = entry.path().filename().string();
        const bool temp =
            name.size() > kTempSuffix.size() && name.compare(0, 6, ".part-") == 0 &&
            name.compare(name.size() - kTempSuffix.size(), kTempSuffix.size(), kTempSuffix) == 0;
        const int64_t id = PartBatchId(name, extension);
        if (temp || (id >= 0 && !committed_.count(id)))
            leftovers.push_back(entry.path());
    }
    if (ec)
        throw QueryError(Description() + ": cannot list the output directory: " + ec.message());
    for (const fs::path& file : leftovers) {
        fs::remove(file, ec);
        if (ec)
            throw QueryError(Description() + ": cannot remove the uncommitted file '" + file.string() +
                             "': " + ec.message());
    }
}

void FileSink::LoadManifest(const std::string& manifest_path) {
    bool without_id = false;
    for (size_t i = 0; i < manifest_->entries().size(); ++i) {
        std::optional<std::string> writer;
        try {
            const nlohmann::json entry = nlohmann::json::parse(manifest_->entries()[i]);
            committed_.insert(entry.at("batch_id").get<int64_t>());
            if (entry.contains("query_id"))
                writer = entry.at("query_id").get<std::string>();
        } catch (const std::exception& e) {
            throw QueryError(Description() + ": manifest '" + manifest_path + "' entry " + std::to_string(i) +
                             " is not valid: " + e.what());
        }
        if (!writer) {
            without_id = true;
            continue;
        }
        // Batch ids are numbered by a query's checkpoint: another query's batch 3 is not ours, and
        // skipping it as "already written" would silently lose our batch 3.
        if (*writer != query_id_)
            throw QueryError(
                "output directory '" + path_ + "' was written by another query (id " + *writer +
                "; this query's id is " + query_id_ +
                "); a file sink's directory belongs to one query and its checkpoint \u2014 use a "
                "new directory or the original checkpoint");
    }
    if (without_id && !resuming_)
        throw QueryError("output directory '" + path_ +
                         "' was written by another query (id unknown: its manifest predates query ids), and "
                         "this query starts from a new checkpoint; a file sink's directory belongs to one "
                         "query and its checkpoint \u2014 use a new directory or the original checkpoint");
}

bool FileSink::BeginBatch(int64_t batch_id) {
    Open();
    AbortBatch(); // a batch begun but never committed (the engine failed in between) starts over
    if (committed_.count(batch_id))
        return false;
    in_batch_ = true;
    batch_id_ = batch_id;
    batch_rows_ = 0;
    return true;
}

void FileSink::Write(const Batch& rows) {
    if (!in_batch_)
        throw QueryError(Description() + ": rows written outside a batch");
    // The encoder reads values by the sink's schema: a batch laid out otherwise would be misread.
    const Schema& schema = encoder_->schema();
    bool same_layout = rows.num_columns() == static_cast<int>(schema.size());
    for (int c = 0; same_layout && c < rows.num_columns(); ++c)
        same_layout = rows.schema()[c].type == schema[c].type;
    if (!same_layout)
        throw QueryError(Description() + ": a batch's columns do not match the sink's schema");
    if (rows.num_rows() == 0)
        return;
    if (fd_ < 0) {
        temp_path_ = path_ + "/." + PartFileName(batch_id_, encoder_->Extension()) + std::string(kTempSuffix);
        fd_ = ::open(temp_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd_ < 0)
            throw QueryError(Description() + ": cannot create '" + temp_path_ + "': " + std::strerror(errno));
        encoder_->BeginFile(pending_);
    }
    encoder_->Encode(rows, pending_);
    batch_rows_ += rows.num_rows();
    if (pending_.size() >= kWriteBytes)
        WritePending();
}

void FileSink::WritePending() {
    try {
        WriteAll(fd_, pending_.data(), pending_.size(), "'" + temp_path_ + "'");
    } catch (const std::runtime_error& e) {
        throw QueryError(Description() + ": " + e.what());
    }
    pending_.clear();
}

void FileSink::CommitBatch(int64_t batch_id) {
    if (!in_batch_ || batch_id != batch_id_)
        throw QueryError(Description() + ": commit of batch " + std::to_string(batch_id) +
                         " that did not begin");
    nlohmann::json files = nlohmann::json::array();
    if (fd_ >= 0) {
        WritePending();
        if (::fsync(fd_) != 0)
            throw QueryError(Description() + ": cannot sync '" + temp_path_ + "': " + std::strerror(errno));
        // close can report a write-back error that fsync did not (NFS, some FUSE file systems): the file
        // would then be published incomplete.
        const int fd = fd_;
        fd_ = -1;
        if (::close(fd) != 0) {
            const int error = errno;
            ::unlink(temp_path_.c_str());
            throw QueryError(Description() + ": cannot close '" + temp_path_ + "': " + std::strerror(error));
        }
        const std::string name = PartFileName(batch_id, encoder_->Extension());
        const std::string final_path = path_ + "/" + name;
        if (::rename(temp_path_.c_str(), final_path.c_str()) != 0)
            throw QueryError(Description() + ": cannot rename '" + temp_path_ + "' to '" + final_path +
                             "': " + std::strerror(errno));
        try {
            SyncDirectory(path_); // the rename is durable before the manifest names the file
        } catch (const std::runtime_error& e) {
            throw QueryError(Description() + ": " + e.what());
        }
        files.push_back(name);
    }
    nlohmann::json entry = {
        {"batch_id", batch_id}, {"files", files}, {"query_id", query_id_}, {"rows", batch_rows_}};
    try {
        manifest_->Append(entry.dump());
    } catch (const std::runtime_error& e) {
        throw QueryError(Description() + ": " + e.what());
    }
    committed_.insert(batch_id);
    in_batch_ = false;
}

void FileSink::AbortBatch() {
    in_batch_ = false;
    pending_.clear();
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
        ::unlink(temp_path_.c_str());
    }
}

void FileSink::Close() {
    AbortBatch();
}

} // namespace sluice::rt
