#include "runtime/state/state_file.h"

#include <cstring>
#include <fstream>
#include <sstream>

#include "runtime/common/framed_log.h"
#include "runtime/engine/source.h"

namespace sluice::rt {

namespace {

constexpr char kMagic[8] = {'S', 'L', 'S', 'T', 'A', 'T', 'E', '1'};
constexpr size_t kHeaderSize = 8 + 4 + 8 + 8 + 8 + 4;

template <typename T> void Put(std::string& out, T v) {
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

void PutBytes(std::string& out, const std::string& s) {
    Put<uint32_t>(out, static_cast<uint32_t>(s.size()));
    out += s;
}

/// Reads the body of a state file, failing with the file's name on anything short.
class BodyReader {
public:
    BodyReader(const std::string& path, const std::string& body) : path_(path), body_(body) {}

    template <typename T> T Get() {
        T v;
        Need(sizeof v);
        std::memcpy(&v, body_.data() + pos_, sizeof v);
        pos_ += sizeof v;
        return v;
    }
    std::string GetBytes() {
        const uint32_t n = Get<uint32_t>();
        Need(n);
        std::string s = body_.substr(pos_, n);
        pos_ += n;
        return s;
    }
    bool AtEnd() const { return pos_ == body_.size(); }

private:
    void Need(size_t n) const {
        if (body_.size() - pos_ < n)
            throw QueryError("state file '" + path_ + "' is corrupt (a record runs past the end at byte " +
                             std::to_string(kHeaderSize + pos_) + ")");
    }

    const std::string& path_;
    const std::string& body_;
    size_t pos_ = 0;
};

} // namespace

void WriteStateFile(const std::string& path, const StateFileContent& content) {
    std::string body;
    for (const StateRecord& r : content.records) {
        PutBytes(body, r.key);
        Put<int64_t>(body, r.expiry);
        PutBytes(body, r.value);
        Put<uint32_t>(body, static_cast<uint32_t>(r.strings.size()));
        for (const std::string& s : r.strings)
            PutBytes(body, s);
    }
    for (const std::string& key : content.removed)
        PutBytes(body, key);
    std::string file(kMagic, sizeof kMagic);
    Put<uint32_t>(file, content.snapshot ? 1 : 0);
    Put<uint64_t>(file, content.records.size());
    Put<uint64_t>(file, content.removed.size());
    Put<uint64_t>(file, body.size());
    Put<uint32_t>(file, Crc32(body.data(), body.size()));
    file += body;
    WriteFileAtomically(path, file);
}

StateFileContent ReadStateFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw QueryError("state file '" + path + "' is missing: the checkpoint's state cannot be restored");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string data = buffer.str();
    if (data.size() < kHeaderSize || std::memcmp(data.data(), kMagic, sizeof kMagic) != 0)
        throw QueryError("state file '" + path +
                         "' is corrupt (no valid header: " + std::to_string(data.size()) + " bytes)");
    uint32_t kind, crc;
    uint64_t records, removed, body_size;
    const char* p = data.data() + sizeof kMagic;
    std::memcpy(&kind, p, 4);
    std::memcpy(&records, p + 4, 8);
    std::memcpy(&removed, p + 12, 8);
    std::memcpy(&body_size, p + 20, 8);
    std::memcpy(&crc, p + 28, 4);
    if (data.size() - kHeaderSize != body_size)
        throw QueryError("state file '" + path + "' is torn: its header announces " +
                         std::to_string(body_size) + " bytes of records, it holds " +
                         std::to_string(data.size() - kHeaderSize));
    const std::string body = data.substr(kHeaderSize);
    if (Crc32(body.data(), body.size()) != crc)
        throw QueryError("state file '" + path + "' is corrupt (CRC mismatch)");
    StateFileContent content;
    content.snapshot = kind == 1;
    BodyReader reader(path, body);
    for (uint64_t i = 0; i < records; ++i) {
        StateRecord r;
        r.key = reader.GetBytes();
        r.expiry = reader.Get<int64_t>();
        r.value = reader.GetBytes();
        const uint32_t strings = reader.Get<uint32_t>();
        for (uint32_t s = 0; s < strings; ++s)
            r.strings.push_back(reader.GetBytes());
        content.records.push_back(std::move(r));
    }
    for (uint64_t i = 0; i < removed; ++i)
        content.removed.push_back(reader.GetBytes());
    if (!reader.AtEnd())
        throw QueryError("state file '" + path + "' is corrupt (bytes after its last record)");
    return content;
}

} // namespace sluice::rt
