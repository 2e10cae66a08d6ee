#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::rt {

/// One append-only log of a checkpoint: the offsets log (write-ahead) or the commit log.
///
/// Contract (all calls on the query's thread; a log is used by one query process at a time):
///
///   Entries()          every entry, oldest first: those present when the log was opened, then those
///                      appended since. A torn last entry (a crash in the middle of an append) is not
///                      among them: it was dropped when the log was opened (DroppedTailBytes > 0).
///   Append(entry)      adds one entry. On return the entry is durable: it survives a crash of the
///                      process and of the machine, and a later open returns it. If Append throws, the
///                      entry may or may not be in the log after a restart (never half of it).
///   Rewrite(keep)      replaces the whole log with `keep` (retention). Atomic: after a crash at any
///                      point, a later open sees either the old entries or exactly `keep`.
///
/// A log that is corrupt in a way a crash cannot explain (a bad entry followed by good ones) makes
/// the store's OpenLog throw; it is never repaired silently, because that could lose committed batches.
class CheckpointLog {
public:
    virtual ~CheckpointLog() = default;
    virtual const std::vector<std::string>& Entries() const = 0;
    virtual void Append(std::string_view entry) = 0;
    virtual void Rewrite(const std::vector<std::string>& keep) = 0;
    /// Bytes of a torn tail removed when the log was opened (0 for a clean log).
    virtual size_t DroppedTailBytes() const = 0;
    /// Where the log lives, for messages: a file path, a znode path.
    virtual std::string Location() const = 0;
};

/// Where a checkpoint keeps its logs and its small metadata documents. The local directory is the
/// default; a ZooKeeper-backed store (low-latency offset commits) is planned behind the same interface.
/// Sources and the sink keep their own metadata in local directories regardless of the store.
///
/// Contract (all calls on the query's thread):
///
///   OpenLog(name)              opens or creates the log `name` ("offsets", "commits"); throws
///                              std::runtime_error naming the location for I/O failure or corruption.
///   ReadDocument(name)         the last document written under `name`, or nullopt if there is none.
///   WriteDocument(name, data)  replaces the document atomically and durably: on return a crash
///                              cannot lose it, and a reader never sees a partial document.
///   Location(name)             where the log or document `name` lives, for messages.
class LogStore {
public:
    virtual ~LogStore() = default;
    virtual std::unique_ptr<CheckpointLog> OpenLog(const std::string& name) = 0;
    virtual std::optional<std::string> ReadDocument(const std::string& name) = 0;
    virtual void WriteDocument(const std::string& name, std::string_view data) = 0;
    virtual std::string Location(const std::string& name) const = 0;
};

/// The default store: a directory holding `<name>.log` files (FramedLog: length + CRC per entry,
/// fdatasync on append) and documents as plain files written with WriteFileAtomically.
class LocalLogStore : public LogStore {
public:
    /// `dir` must exist.
    explicit LocalLogStore(std::string dir) : dir_(std::move(dir)) {}

    std::unique_ptr<CheckpointLog> OpenLog(const std::string& name) override;
    std::optional<std::string> ReadDocument(const std::string& name) override;
    void WriteDocument(const std::string& name, std::string_view data) override;
    std::string Location(const std::string& name) const override;

private:
    std::string dir_;
};

/// A store that keeps everything in memory: queries without a CHECKPOINT clause run through the same
/// code path but cannot resume. Nothing survives the process.
class MemoryLogStore : public LogStore {
public:
    std::unique_ptr<CheckpointLog> OpenLog(const std::string& name) override;
    std::optional<std::string> ReadDocument(const std::string& name) override;
    void WriteDocument(const std::string& name, std::string_view data) override;
    std::string Location(const std::string& name) const override { return "memory:" + name; }

private:
    std::vector<std::pair<std::string, std::string>> documents_;
};

} // namespace sluice::rt
