#pragma once

#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

#include "runtime/sources/file/file_source.h"
#include "tests/unit/io/formats/decode_test_util.h"

namespace sluice::rt::testing {

/// Writes `content` to `path` with the given modification time (seconds since the epoch).
inline void WriteFile(const std::filesystem::path& path, const std::string& content, int64_t mtime_seconds) {
    std::filesystem::create_directories(path.parent_path());
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << content;
    }
    timespec times[2];
    times[0].tv_sec = times[1].tv_sec = mtime_seconds;
    times[0].tv_nsec = times[1].tv_nsec = 0;
    ::utimensat(AT_FDCWD, path.c_str(), times, 0);
}

inline std::string ReadFileText(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

inline SourceSpec FileSourceSpec(const std::string& path, Schema schema, const std::string& format = "csv") {
    SourceSpec spec;
    spec.name = "bids";
    spec.connector = "file";
    spec.format = format;
    spec.options.Set("path", path);
    spec.schema = std::move(schema);
    spec.projection = AllColumns(spec.schema);
    return spec;
}

inline SourceEnv FileSourceEnv(const std::string& metadata_dir, int64_t chunk_rows = 8192) {
    SourceEnv env;
    env.query_name = std::string("q"); // not = "q": GCC 12 warns falsely (-Wrestrict, bug 105329)
    env.metadata_dir = metadata_dir;
    env.chunk_rows = chunk_rows;
    return env;
}

/// Every row in (start, end], rendered.
inline std::vector<std::string> ReadRows(Source& source, const Offset& start, const Offset& end,
                                         SourceMetrics* metrics = nullptr) {
    SourceMetrics local;
    auto reader = source.Read(start, end, metrics ? *metrics : local);
    std::vector<std::string> rows;
    while (BatchPtr chunk = reader->Next())
        for (int64_t r = 0; r < chunk->num_rows(); ++r)
            rows.push_back(RowText(*chunk, r));
    return rows;
}

} // namespace sluice::rt::testing
