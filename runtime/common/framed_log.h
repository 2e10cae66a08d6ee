#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::rt {

/// CRC-32 (IEEE 802.3, the polynomial of zlib and Ethernet).
uint32_t Crc32(const void* data, size_t size, uint32_t crc = 0);

/// An append-only file of entries, each framed as [u32 length][u32 CRC-32 of payload][payload]
/// (little endian) and fsync'd on append, so that a crash leaves at most a torn last entry. Entries are
/// never empty. Opening reads every entry; a torn tail is truncated away and reported by
/// dropped_tail_bytes(). A torn tail is what a crash in the middle of the last append (or a power loss
/// after the file grew but before its data reached the disk) can leave, and nothing else:
///   - fewer bytes than a frame header;
///   - a last frame whose declared end lies past the end of the file;
///   - a last frame that ends exactly at the end of the file and fails its CRC;
///   - zero bytes from a frame boundary to the end of the file (a file system that extended the file but
///     did not write its data fills the gap with zeros; a zero length is never a real frame).
/// Anything else (a bad CRC, a zero length or a length above the entry limit with more data after it) is
/// corruption and makes the constructor throw: dropping what follows could lose committed entries.
/// Used by the checkpoint's offsets and commit logs, the file source's log of seen files and the file
/// sink's manifest.
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
    /// Appends one entry (not empty) and fsyncs before returning.
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
/// the directory. The temporary name is hidden and unique to the call (".<name>.<pid>.<n>.tmp"), so two
/// writers of the same path never write into each other's temporary file, and a file source watching
/// the directory never lists it. Throws std::runtime_error naming the file.
void WriteFileAtomically(const std::string& path, std::string_view data);
/// fsyncs a directory so that a rename or create inside it is durable; throws std::runtime_error when
/// the directory cannot be opened or synced.
void SyncDirectory(const std::string& dir);
/// Writes all of `data` to `fd`, retrying short writes and EINTR. Throws std::runtime_error
/// "cannot write <what>: <reason>" (`what` names the file, e.g. "'out/.part-1.csv.inprogress'").
void WriteAll(int fd, const char* data, size_t size, const std::string& what);

} // namespace sluice::rt
