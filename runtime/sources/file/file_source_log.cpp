#include "runtime/sources/file/file_source_log.h"

#include <filesystem>
#include <system_error>

#include <nlohmann/json.hpp>

#include "runtime/engine/source.h"

namespace sluice::rt {

namespace {

constexpr char kHex[] = "0123456789abcdef";

// Paths are bytes from the file system and JSON strings must be UTF-8: a path that is not valid UTF-8 is
// stored as "path_hex" so that it reads back byte for byte.
nlohmann::json EncodePath(const std::string& path) {
    nlohmann::json text = path;
    try {
        text.dump();
        return {{"path", path}};
    } catch (const nlohmann::json::type_error&) {
        std::string hex;
        for (unsigned char c : path) {
            hex.push_back(kHex[c >> 4]);
            hex.push_back(kHex[c & 15]);
        }
        return {{"path_hex", hex}};
    }
}

std::string DecodePath(const nlohmann::json& f) {
    if (f.contains("path"))
        return f.at("path").get<std::string>();
    std::string hex = f.at("path_hex").get<std::string>();
    std::string path;
    auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    for (size_t i = 0; i + 1 < hex.size(); i += 2)
        path.push_back(static_cast<char>(nibble(hex[i]) << 4 | nibble(hex[i + 1])));
    return path;
}

std::string EncodeEntry(const std::vector<ListedFile>& files) {
    nlohmann::json j;
    j["v"] = 1;
    j["files"] = nlohmann::json::array();
    for (const ListedFile& f : files) {
        nlohmann::json file = EncodePath(f.path);
        file["mtime_ns"] = f.mtime_ns;
        file["size"] = f.size;
        j["files"].push_back(std::move(file));
    }
    return j.dump();
}

std::vector<ListedFile> DecodeEntry(const std::string& payload) {
    nlohmann::json j = nlohmann::json::parse(payload);
    if (j.at("v").get<int>() != 1)
        throw std::runtime_error("unknown entry version " + j.at("v").dump());
    std::vector<ListedFile> files;
    for (const auto& f : j.at("files"))
        files.push_back({DecodePath(f), f.at("mtime_ns").get<int64_t>(), f.at("size").get<int64_t>()});
    return files;
}

} // namespace

FileSourceLog::FileSourceLog(const std::string& dir) {
    if (dir.empty())
        return;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        throw QueryError("cannot create file source metadata directory '" + dir + "': " + ec.message());
    std::string path = dir + "/files.log";
    try {
        log_ = std::make_unique<FramedLog>(path);
        SyncDirectory(dir); // a log created now survives a power loss with its first entry
    } catch (const std::runtime_error& e) {
        throw QueryError(std::string("file source log: ") + e.what());
    }
    for (size_t i = 0; i < log_->entries().size(); ++i) {
        try {
            entries_.push_back(DecodeEntry(log_->entries()[i]));
        } catch (const std::exception& e) {
            throw QueryError("file source log '" + path + "' entry " + std::to_string(i) +
                             " is not valid: " + e.what());
        }
    }
}

void FileSourceLog::Append(const std::vector<ListedFile>& files) {
    if (log_) {
        try {
            log_->Append(EncodeEntry(files));
        } catch (const std::runtime_error& e) {
            throw QueryError(std::string("file source log: ") + e.what());
        }
    }
    entries_.push_back(files);
}

void FileSourceLog::Truncate(int64_t count) {
    if (count >= size())
        return;
    if (log_) {
        std::vector<std::string> keep(log_->entries().begin(), log_->entries().begin() + count);
        try {
            log_->Rewrite(keep);
        } catch (const std::runtime_error& e) {
            throw QueryError(std::string("file source log: ") + e.what());
        }
    }
    entries_.resize(static_cast<size_t>(count));
}

} // namespace sluice::rt
