#include "runtime/checkpoint/log_store.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "runtime/common/framed_log.h"

namespace sluice::rt {

namespace {

/// A checkpoint log in a local file.
class LocalCheckpointLog : public CheckpointLog {
public:
    explicit LocalCheckpointLog(std::string path) : log_(std::move(path)) {}

    const std::vector<std::string>& Entries() const override { return log_.entries(); }
    void Append(std::string_view entry) override { log_.Append(entry); }
    void Rewrite(const std::vector<std::string>& keep) override { log_.Rewrite(keep); }
    size_t DroppedTailBytes() const override { return log_.dropped_tail_bytes(); }
    std::string Location() const override { return log_.path(); }

private:
    FramedLog log_;
};

/// A checkpoint log that lives as long as the query.
class MemoryCheckpointLog : public CheckpointLog {
public:
    explicit MemoryCheckpointLog(std::string name) : name_(std::move(name)) {}

    const std::vector<std::string>& Entries() const override { return entries_; }
    void Append(std::string_view entry) override { entries_.emplace_back(entry); }
    void Rewrite(const std::vector<std::string>& keep) override { entries_ = keep; }
    size_t DroppedTailBytes() const override { return 0; }
    std::string Location() const override { return "memory:" + name_; }

private:
    std::string name_;
    std::vector<std::string> entries_;
};

} // namespace

std::unique_ptr<CheckpointLog> LocalLogStore::OpenLog(const std::string& name) {
    return std::make_unique<LocalCheckpointLog>(Location(name) + ".log");
}

std::optional<std::string> LocalLogStore::ReadDocument(const std::string& name) {
    std::string path = Location(name);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read '" + path + "'");
    std::ostringstream data;
    data << in.rdbuf();
    if (in.bad())
        throw std::runtime_error("cannot read '" + path + "'");
    return data.str();
}

void LocalLogStore::WriteDocument(const std::string& name, std::string_view data) {
    WriteFileAtomically(Location(name), data);
}

std::string LocalLogStore::Location(const std::string& name) const {
    return (std::filesystem::path(dir_) / name).string();
}

std::unique_ptr<CheckpointLog> MemoryLogStore::OpenLog(const std::string& name) {
    return std::make_unique<MemoryCheckpointLog>(name);
}

std::optional<std::string> MemoryLogStore::ReadDocument(const std::string& name) {
    for (const auto& [key, value] : documents_)
        if (key == name)
            return value;
    return std::nullopt;
}

void MemoryLogStore::WriteDocument(const std::string& name, std::string_view data) {
    for (auto& [key, value] : documents_) {
        if (key == name) {
            value = data;
            return;
        }
    }
    documents_.emplace_back(name, std::string(data));
}

} // namespace sluice::rt
