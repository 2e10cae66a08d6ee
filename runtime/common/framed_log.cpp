#include "runtime/common/framed_log.h"

#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace sluice::rt {

namespace {

constexpr size_t kHeaderBytes = 8;
// A frame longer than this is corruption, not data: entries are small JSON documents.
constexpr uint32_t kMaxEntryBytes = 256u << 20;

std::array<uint32_t, 256> MakeCrcTable() {
    std::array<uint32_t, 256> table{};
    for (uint32_t i = 0; i < 256; ++i) {
        uint32_t c = i;
        for (int k = 0; k < 8; ++k)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    return table;
}

[[noreturn]] void ThrowIo(const std::string& what, const std::string& path) {
    throw std::runtime_error(what + " '" + path + "': " + std::strerror(errno));
}

void PutU32(char* p, uint32_t v) {
    for (int i = 0; i < 4; ++i)
        p[i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

uint32_t GetU32(const char* p) {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i)
        v |= static_cast<uint32_t>(static_cast<unsigned char>(p[i])) << (8 * i);
    return v;
}

std::string Frame(std::string_view payload) {
    std::string out(kHeaderBytes, '\0');
    PutU32(out.data(), static_cast<uint32_t>(payload.size()));
    PutU32(out.data() + 4, Crc32(payload.data(), payload.size()));
    out.append(payload);
    return out;
}

} // namespace

void WriteAll(int fd, const char* data, size_t size, const std::string& what) {
    while (size > 0) {
        ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            throw std::runtime_error("cannot write " + what + ": " + std::strerror(errno));
        }
        data += n;
        size -= static_cast<size_t>(n);
    }
}

uint32_t Crc32(const void* data, size_t size, uint32_t crc) {
    static const std::array<uint32_t, 256> kTable = MakeCrcTable();
    const auto* p = static_cast<const unsigned char*>(data);
    crc = ~crc;
    for (size_t i = 0; i < size; ++i)
        crc = kTable[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
    return ~crc;
}

FramedLog::FramedLog(std::string path) : path_(std::move(path)) {
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0)
        ThrowIo("cannot open log", path_);
    Load();
}

FramedLog::~FramedLog() {
    if (fd_ >= 0)
        ::close(fd_);
}

void FramedLog::Load() {
    struct stat st;
    if (::fstat(fd_, &st) != 0)
        ThrowIo("cannot stat log", path_);
    std::string data(static_cast<size_t>(st.st_size), '\0');
    size_t got = 0;
    while (got < data.size()) {
        ssize_t n = ::pread(fd_, data.data() + got, data.size() - got, static_cast<off_t>(got));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            ThrowIo("cannot read log", path_);
        }
        if (n == 0)
            break;
        got += static_cast<size_t>(n);
    }
    data.resize(got);
    auto corrupt = [&](size_t pos, const std::string& why) {
        return std::runtime_error("log '" + path_ + "' is corrupt: entry " + std::to_string(entries_.size()) +
                                  " at byte " + std::to_string(pos) + " " + why);
    };
    size_t pos = 0;
    while (pos + kHeaderBytes <= data.size()) {
        const uint32_t len = GetU32(data.data() + pos);
        const uint32_t crc = GetU32(data.data() + pos + 4);
        const size_t after_header = pos + kHeaderBytes;
        if (len == 0) {
            // Entries are never empty, and the CRC-32 of nothing is 0: eight zero bytes would pass as a
            // frame. Zeros up to the end are a tail the file system extended without writing it (a power
            // loss); zeros with data after them are not something a crash leaves.
            if (data.find_first_not_of('\0', pos) != std::string::npos)
                throw corrupt(pos, "has length 0");
            break;
        }
        if (len > kMaxEntryBytes) {
            // No append writes such a length, so it is torn only when nothing follows the header.
            if (after_header < data.size())
                throw corrupt(pos, "has length " + std::to_string(len) + ", above the limit of " +
                                       std::to_string(kMaxEntryBytes));
            break;
        }
        if (after_header + len > data.size())
            break; // the last append, cut short
        const char* payload = data.data() + after_header;
        if (Crc32(payload, len) != crc) {
            // Only the last append can be torn by a crash; a bad entry with more data after it is
            // corruption, and dropping what follows would silently lose committed entries.
            if (after_header + len < data.size())
                throw corrupt(pos, "fails its CRC check");
            break;
        }
        entries_.emplace_back(payload, len);
        pos = after_header + len;
    }
    dropped_tail_bytes_ = data.size() - pos;
    if (dropped_tail_bytes_ > 0) {
        // Cut the torn tail so that the next append starts on a frame boundary.
        if (::ftruncate(fd_, static_cast<off_t>(pos)) != 0 || ::fsync(fd_) != 0)
            ThrowIo("cannot truncate torn log", path_);
    }
    if (::lseek(fd_, static_cast<off_t>(pos), SEEK_SET) < 0)
        ThrowIo("cannot seek log", path_);
}

void FramedLog::Append(std::string_view payload) {
    if (payload.empty())
        throw std::logic_error("an empty entry for log '" + path_ + "' (entries are never empty)");
    std::string frame = Frame(payload);
    WriteAll(fd_, frame.data(), frame.size(), "log '" + path_ + "'");
    if (::fdatasync(fd_) != 0)
        ThrowIo("cannot sync log", path_);
    entries_.emplace_back(payload);
}

void FramedLog::Rewrite(const std::vector<std::string>& keep) {
    std::string data;
    for (const std::string& e : keep)
        data += Frame(e);
    WriteFileAtomically(path_, data);
    int fd = ::open(path_.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0)
        ThrowIo("cannot reopen log", path_);
    ::close(fd_);
    fd_ = fd;
    if (::lseek(fd_, 0, SEEK_END) < 0)
        ThrowIo("cannot seek log", path_);
    entries_ = keep;
}

void SyncDirectory(const std::string& dir) {
    int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        ThrowIo("cannot open directory", dir);
    // A failed fsync means the renames and creations inside may not survive a power loss: the caller
    // must not go on to record them as durable (a manifest entry, a commit).
    if (::fsync(fd) != 0) {
        const int error = errno;
        ::close(fd);
        errno = error;
        ThrowIo("cannot sync directory", dir);
    }
    ::close(fd);
}

void WriteFileAtomically(const std::string& path, std::string_view data) {
    static std::atomic<uint64_t> counter{0};
    const std::filesystem::path target(path);
    std::string name = ".";
    name += target.filename().string();
    name += '.';
    name += std::to_string(::getpid());
    name += '.';
    name += std::to_string(counter.fetch_add(1));
    name += ".tmp";
    const std::string tmp = (target.parent_path() / name).string();
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        ThrowIo("cannot create", tmp);
    try {
        WriteAll(fd, data.data(), data.size(), "'" + tmp + "'");
        if (::fsync(fd) != 0)
            ThrowIo("cannot sync", tmp);
        if (::close(fd) != 0) {
            fd = -1;
            ThrowIo("cannot close", tmp);
        }
        fd = -1;
        if (::rename(tmp.c_str(), path.c_str()) != 0)
            ThrowIo("cannot rename into", path);
    } catch (...) {
        if (fd >= 0)
            ::close(fd);
        ::unlink(tmp.c_str());
        throw;
    }
    SyncDirectory(target.parent_path().string());
}

} // namespace sluice::rt
