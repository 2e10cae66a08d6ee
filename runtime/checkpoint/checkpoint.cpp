#include "runtime/checkpoint/checkpoint.h"

#include <filesystem>
#include <stdexcept>

#include "runtime/engine/progress.h"
#include "runtime/engine/source.h"
#include "runtime/engine/uuid.h"

namespace sluice::rt {

namespace {

constexpr int kMetadataVersion = 1;

int64_t GetInt64(const nlohmann::json& j, const char* key) {
    const nlohmann::json& v = j.at(key);
    if (!v.is_number_integer())
        throw std::runtime_error(std::string("field '") + key + "' is not an integer");
    return v.get<int64_t>();
}

} // namespace

nlohmann::json OffsetsEntry::ToJson() const {
    return {{"batch_id", batch_id},
            {"batch_timestamp_us", batch_timestamp_us},
            {"watermark_us", watermark_us},
            {"sources", sources}};
}

OffsetsEntry OffsetsEntry::FromJson(const nlohmann::json& j) {
    OffsetsEntry e;
    e.batch_id = GetInt64(j, "batch_id");
    e.batch_timestamp_us = GetInt64(j, "batch_timestamp_us");
    e.watermark_us = GetInt64(j, "watermark_us");
    const nlohmann::json& sources = j.at("sources");
    if (!sources.is_array())
        throw std::runtime_error("field 'sources' is not an array");
    e.sources.assign(sources.begin(), sources.end());
    return e;
}

nlohmann::json CheckpointMetadata::ToJson() const {
    return {{"version", kMetadataVersion},
            {"id", query_id},
            {"created", FormatIsoTimestamp(created_us)},
            {"created_us", created_us},
            {"settings", {{"state_partitions", state_partitions}, {"state_store", state_store}}}};
}

CheckpointMetadata CheckpointMetadata::FromJson(const nlohmann::json& j) {
    if (GetInt64(j, "version") != kMetadataVersion)
        throw std::runtime_error("unsupported version " + j.at("version").dump());
    CheckpointMetadata m;
    m.query_id = j.at("id").get<std::string>();
    m.created_us = GetInt64(j, "created_us");
    const nlohmann::json& settings = j.at("settings");
    m.state_partitions = GetInt64(settings, "state_partitions");
    m.state_store = settings.at("state_store").get<std::string>();
    return m;
}

Checkpoint::Checkpoint(std::string dir, const Options& settings, int64_t now_us,
                       std::unique_ptr<LogStore> store)
    : dir_(std::move(dir)), store_(std::move(store)) {
    retained_batches_ = settings.GetInt("min_batches_to_retain");
    if (retained_batches_ < 1)
        throw QueryError("setting 'min_batches_to_retain' must be at least 1, got " +
                         std::to_string(retained_batches_));
    if (!dir_.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(dir_, ec);
        if (ec || !std::filesystem::is_directory(dir_))
            throw QueryError("cannot create checkpoint directory '" + dir_ +
                             "': " + (ec ? ec.message() : "a file of that name exists"));
        // Before anything is read: two queries sharing the logs would interleave their batches. The
        // directory also holds the sources' and the sink's metadata, so the lock is taken whatever the
        // log store.
        try {
            lock_ = FileLock::TryAcquire((std::filesystem::path(dir_) / kLockName).string());
        } catch (const std::runtime_error& e) {
            throw QueryError(std::string("checkpoint: ") + e.what());
        }
        if (!lock_)
            throw QueryError("checkpoint '" + dir_ + "' is in use by another query (its " + kLockName +
                             " is locked); a checkpoint belongs to one running query");
    }
    if (!store_)
        store_ = dir_.empty() ? std::unique_ptr<LogStore>(std::make_unique<MemoryLogStore>())
                              : std::make_unique<LocalLogStore>(dir_);
    try {
        offsets_ = store_->OpenLog("offsets");
        commits_ = store_->OpenLog("commits");
    } catch (const QueryError&) {
        throw;
    } catch (const std::exception& e) {
        // FramedLog reports corruption and I/O failures with the file's path in the message.
        throw QueryError(std::string("checkpoint: ") + e.what());
    }
    for (const CheckpointLog* log : {offsets_.get(), commits_.get()})
        if (log->DroppedTailBytes() > 0)
            notes_.push_back("dropped a torn entry (" + std::to_string(log->DroppedTailBytes()) +
                             " bytes) at the end of '" + log->Location() +
                             "', left by a crash while appending");
    LoadOrCreateMetadata(settings, now_us);
}

void Checkpoint::LoadOrCreateMetadata(const Options& settings, int64_t now_us) {
    const std::string location = store_->Location("metadata");
    std::optional<std::string> text;
    try {
        text = store_->ReadDocument("metadata");
    } catch (const std::exception& e) {
        throw QueryError(std::string("checkpoint: ") + e.what());
    }
    const int64_t partitions = settings.GetInt("state_partitions");
    const std::string state_store = settings.GetString("state_store");
    if (partitions < 1)
        throw QueryError("setting 'state_partitions' must be at least 1, got " + std::to_string(partitions));
    if (!text) {
        // The metadata is written before any log entry, so logs without it were not made by Sluice
        // or lost a file: resuming from them could silently change the query's results.
        if (!offsets_->Entries().empty() || !commits_->Entries().empty())
            throw QueryError("checkpoint '" + location +
                             "' is missing, but the checkpoint's logs have entries");
        metadata_.query_id = RandomUuid();
        metadata_.created_us = now_us;
        metadata_.state_partitions = partitions;
        metadata_.state_store = state_store;
        try {
            store_->WriteDocument("metadata", metadata_.ToJson().dump(2) + "\n");
        } catch (const std::exception& e) {
            throw QueryError(std::string("checkpoint: ") + e.what());
        }
        return;
    }
    try {
        metadata_ = CheckpointMetadata::FromJson(nlohmann::json::parse(*text));
    } catch (const std::exception& e) {
        throw QueryError("checkpoint metadata '" + location + "' is corrupt: " + e.what());
    }
    if (metadata_.state_partitions != partitions)
        throw QueryError("setting 'state_partitions' is fixed by the checkpoint '" + location + "' to " +
                         std::to_string(metadata_.state_partitions) + ", but this run sets it to " +
                         std::to_string(partitions) + " (keep " + std::to_string(metadata_.state_partitions) +
                         " or use a new checkpoint directory)");
    if (metadata_.state_store != state_store)
        throw QueryError("setting 'state_store' is fixed by the checkpoint '" + location + "' to '" +
                         metadata_.state_store + "', but this run sets it to '" + state_store + "' (keep '" +
                         metadata_.state_store + "' or use a new checkpoint directory)");
}

std::vector<OffsetsEntry> Checkpoint::ParseOffsets() const {
    std::vector<OffsetsEntry> out;
    const auto& entries = offsets_->Entries();
    out.reserve(entries.size());
    for (size_t i = 0; i < entries.size(); ++i) {
        try {
            out.push_back(OffsetsEntry::FromJson(nlohmann::json::parse(entries[i])));
        } catch (const std::exception& e) {
            throw QueryError("checkpoint offsets log '" + offsets_->Location() + "' is corrupt: entry " +
                             std::to_string(i) + " is not an offsets entry: " + e.what());
        }
        if (i > 0 && out[i].batch_id != out[i - 1].batch_id + 1)
            throw QueryError("checkpoint offsets log '" + offsets_->Location() + "' is corrupt: entry " +
                             std::to_string(i) + " has batch id " + std::to_string(out[i].batch_id) +
                             " after batch " + std::to_string(out[i - 1].batch_id));
    }
    return out;
}

std::vector<int64_t> Checkpoint::ParseCommits() const {
    std::vector<int64_t> out;
    const auto& entries = commits_->Entries();
    out.reserve(entries.size());
    for (size_t i = 0; i < entries.size(); ++i) {
        try {
            out.push_back(GetInt64(nlohmann::json::parse(entries[i]), "batch_id"));
        } catch (const std::exception& e) {
            throw QueryError("checkpoint commit log '" + commits_->Location() + "' is corrupt: entry " +
                             std::to_string(i) + " is not a commit entry: " + e.what());
        }
        if (i > 0 && out[i] != out[i - 1] + 1)
            throw QueryError("checkpoint commit log '" + commits_->Location() + "' is corrupt: entry " +
                             std::to_string(i) + " commits batch " + std::to_string(out[i]) +
                             " after batch " + std::to_string(out[i - 1]));
    }
    return out;
}

ResumePoint Checkpoint::Resume(size_t num_sources) {
    std::vector<OffsetsEntry> offsets = ParseOffsets();
    std::vector<int64_t> commits = ParseCommits();
    ResumePoint point;
    if (offsets.empty()) {
        if (!commits.empty())
            throw QueryError("checkpoint commit log '" + commits_->Location() + "' commits batch " +
                             std::to_string(commits.back()) + ", but the offsets log '" +
                             offsets_->Location() + "' is empty");
        last_offsets_id_ = -1;
        resumed_ = true;
        return point;
    }
    const OffsetsEntry& last = offsets.back();
    if (last.sources.size() != num_sources)
        throw QueryError("checkpoint offsets log '" + offsets_->Location() +
                         "' was written by a query with " + std::to_string(last.sources.size()) +
                         " inputs, but this query has " + std::to_string(num_sources) +
                         " (a changed query needs a new checkpoint directory)");
    last_offsets_id_ = last.batch_id;
    resumed_ = true;
    auto previous_of = [&](int64_t batch_id) -> std::optional<OffsetsEntry> {
        if (batch_id == 0)
            return std::nullopt;
        for (const OffsetsEntry& e : offsets)
            if (e.batch_id == batch_id - 1)
                return e;
        throw QueryError("checkpoint offsets log '" + offsets_->Location() + "' has no entry for batch " +
                         std::to_string(batch_id - 1) + ", which batch " + std::to_string(batch_id) +
                         " starts from");
    };
    if (!commits.empty()) {
        int64_t last_commit = commits.back();
        if (last_commit > last.batch_id)
            throw QueryError("checkpoint commit log '" + commits_->Location() + "' commits batch " +
                             std::to_string(last_commit) + ", but the offsets log '" + offsets_->Location() +
                             "' ends at batch " + std::to_string(last.batch_id));
        if (last_commit == last.batch_id) {
            point.next_batch_id = last.batch_id + 1;
            point.previous = last;
            const nlohmann::json entry = nlohmann::json::parse(commits_->Entries().back());
            if (entry.contains("next_watermark_us"))
                point.next_watermark_us = GetInt64(entry, "next_watermark_us");
            return point;
        }
        if (last_commit < last.batch_id - 1)
            // Spark only warns here: the commit log lost entries, and the newest batch is re-run.
            notes_.push_back(
                "commit log '" + commits_->Location() + "' ends at batch " + std::to_string(last_commit) +
                ", more than one batch behind the offsets log (batch " + std::to_string(last.batch_id) +
                "); re-running batch " + std::to_string(last.batch_id));
    }
    point.next_batch_id = last.batch_id;
    point.previous = previous_of(last.batch_id);
    point.pending = last;
    return point;
}

void Checkpoint::WriteOffsets(const OffsetsEntry& entry) {
    if (!resumed_)
        throw std::logic_error("Checkpoint::WriteOffsets before Resume");
    if (last_offsets_id_ >= 0 && entry.batch_id != last_offsets_id_ + 1)
        throw std::logic_error("offsets entry for batch " + std::to_string(entry.batch_id) + " after batch " +
                               std::to_string(last_offsets_id_));
    offsets_->Append(entry.ToJson().dump());
    last_offsets_id_ = entry.batch_id;
}

void Checkpoint::WriteCommit(int64_t batch_id, int64_t next_watermark_us) {
    commits_->Append(nlohmann::json{{"batch_id", batch_id}, {"next_watermark_us", next_watermark_us}}.dump());
    ApplyRetention();
}

void Checkpoint::ApplyRetention() {
    // Keep the last `retained_batches_ + 1` entries of each log (Spark's purge keeps batch ids from
    // `current - minBatchesToRetain`): the extra one holds the start offsets of the oldest kept batch.
    // Rewriting only when a log has grown to twice that keeps the cost per batch constant.
    const size_t keep = static_cast<size_t>(retained_batches_) + 1;
    for (CheckpointLog* log : {offsets_.get(), commits_.get()}) {
        const auto& entries = log->Entries();
        if (entries.size() <= 2 * keep)
            continue;
        std::vector<std::string> kept(entries.end() - static_cast<std::ptrdiff_t>(keep), entries.end());
        log->Rewrite(kept);
    }
}

std::string Checkpoint::MakeSubdir(const std::string& relative) const {
    if (dir_.empty())
        return "";
    std::filesystem::path path = std::filesystem::path(dir_) / relative;
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    if (ec)
        throw QueryError("cannot create checkpoint directory '" + path.string() + "': " + ec.message());
    return path.string();
}

std::string Checkpoint::SourceDir(size_t index) const {
    return MakeSubdir("sources/" + std::to_string(index));
}

std::string Checkpoint::SinkDir() const {
    return MakeSubdir("sink");
}

} // namespace sluice::rt
