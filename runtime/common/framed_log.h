#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::rt {

/// CRC-32 (IEEE 802.3, the polynomial of zlib and Ethernet).
uint32_t Crc32(const void* data, size_t size, uint32_t crc = 0);

/// An append-only file of entries, each framed as [u32 length][u32 CRC-32 of payload][payload]
/// (little endian) and fsync'd on append, so that a crash leaves at most a torn last entry. Opening
/// reads every entry; a torn tail (a short last frame, or a last frame failing its CRC) is truncated
/// away and reported by dropped_tail_bytes(); a bad entry followed by more data is corruption and
/// makes the constructor throw. Used by the checkpoint's offsets and commit logs, the file source's log of
/// seen files and the file sink's manifest.
class FramedLog {
public:
    /// Opens or creates `path`; throws QueryError-compatible std::runtime_error on I/O failure.
    explicit FramedLog(std::string path);
    ~FramedLog();
    FramedLog(const FramedLog&) = delete;
    FramedLog& operator=(const FramedLog&) = delete;

    const std::vector<std::string>& entries() const { return entries_; }
    /// Bytes of a torn or corrupt tail removed when the log was opened (0 for a clean log).
    size_t dropped_tail_bytes() const { return dropped_tail_bytes_; }
    /// Appends one entry and fsyncs before returning.
    void Append(std::string_view payload);
    /// Atomically replaces the whole log with `keep` (write to a temporary file, fsync, rename), e.g.
    /// to drop entries older than the retention limit.
    void Rewrite(const std::vector<std::string>& keep);
    const std::string& path() const { return path_; }

private:
    void Load();

    std::string path_;
    int fd_ = -1;
    std::vector<std::string> entries_;
    size_t dropped_tail_bytes_ = 0;
};

/// Writes `data` to `path` atomically: a temporary file in the same directory, fsync, rename, fsync of
/// the directory.
void WriteFileAtomically(const std::string& path, std::string_view data);
/// fsyncs a directory so that a rename or create inside it is durable.
void SyncDirectory(const std::string& dir);

} // namespace sluice::rt
