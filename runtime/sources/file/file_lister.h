#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::rt {

/// A file found by a listing: what the file source plans with and records in its log.
struct ListedFile {
    std::string path;
    int64_t mtime_ns = 0;
    int64_t size = 0;

    bool operator==(const ListedFile&) const = default;
};

/// Lists the input files of a file source. `path` is a directory (its regular files, not recursive), a
/// glob(3) pattern such as `in/*.csv` (any path with `*`, `?` or `[`), or a single file. Names starting with
/// '.' or '_' and temporary files (see IsIgnoredName) are never listed, so that files still being written
/// under such names (by the file sink, Spark, Hadoop, editors) are not read half-way. Symbolic links are
/// followed.
class FileLister {
public:
    explicit FileLister(std::string path);

    /// The files present now, unordered, except those `skip` returns true for (checked before the file is
    /// stat'ed, so that a directory of many already-read files costs no system call per file). Throws
    /// QueryError when a path without glob characters does not exist (a glob that matches nothing lists
    /// nothing) or cannot be read.
    std::vector<ListedFile> List(const std::function<bool(const std::string& path)>& skip = {}) const;

    bool is_glob() const { return is_glob_; }
    /// Hidden and temporary names: ".x", "_x", "x.tmp", "x.temp", "x.inprogress", "x._COPYING_", "x~".
    static bool IsIgnoredName(std::string_view name);

private:
    std::string path_;
    bool is_glob_;
};

} // namespace sluice::rt
