#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runtime/common/framed_log.h"
#include "runtime/sources/file/file_lister.h"

namespace sluice::rt {

/// The file source's plan: entry n is the list of files of the batch ending at offset {"log_index": n}, in
/// read order. Durable in `<metadata_dir>/files.log` (a FramedLog, one JSON entry per batch:
/// {"v":1,"files":[{"path":..., "mtime_ns":..., "size":...}]}, with "path_hex" instead of "path" for a path
/// that is not valid UTF-8), or kept in memory for a query without a checkpoint. An entry is durable before
/// Append returns, so a planned batch always reads the same files.
class FileSourceLog {
public:
    /// Opens (creating the directory) or, for an empty `dir`, starts an in-memory log. Throws QueryError
    /// for a corrupt log.
    explicit FileSourceLog(const std::string& dir);

    int64_t size() const { return static_cast<int64_t>(entries_.size()); }
    const std::vector<ListedFile>& files(int64_t index) const { return entries_[static_cast<size_t>(index)]; }
    void Append(const std::vector<ListedFile>& files);
    /// Keeps the first `count` entries (planned batches that never ran are dropped this way).
    void Truncate(int64_t count);

private:
    std::unique_ptr<FramedLog> log_;
    std::vector<std::vector<ListedFile>> entries_;
};

} // namespace sluice::rt
