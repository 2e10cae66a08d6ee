#include "runtime/sources/file/file_source.h"

#include "runtime/common/value_format.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <unistd.h>

#include "runtime/common/framed_log.h"
#include "runtime/common/text.h"
#include "runtime/formats/row_decoder.h"
#include "runtime/sources/file/file_source_reader.h"

namespace sluice::rt {

namespace fs = std::filesystem;

namespace {

std::string SafeName(const std::string& s) {
    std::string out = s;
    for (char& c : out)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'))
            c = '_';
    return out;
}

} // namespace

FileSource::FileSource(const SourceSpec& spec, const SourceEnv& env)
    : spec_(spec), env_(env), path_(spec.options.GetString("path")), lister_(path_),
      max_files_per_trigger_(spec.options.GetInt("max_files_per_trigger")),
      latest_first_(spec.options.GetBool("latest_first")) {
    if (max_files_per_trigger_ < 0)
        throw QueryError("file source option max_files_per_trigger must not be negative");
    std::string age_text = spec.options.GetString("max_file_age");
    int64_t age_us = 0;
    int64_t age_ns = 0;
    if (!ParseDurationMicros(age_text, &age_us) || __builtin_mul_overflow(age_us, 1000, &age_ns))
        throw QueryError("max_file_age '" + age_text +
                         "' is not a duration such as '30s', '5m', '2h' or '7d'");
    if (!(latest_first_ && max_files_per_trigger_ > 0))
        max_file_age_ns_ = age_ns;

    std::string clean = spec.options.GetString("clean_source");
    if (clean == "off")
        clean_ = Clean::Off;
    else if (clean == "delete")
        clean_ = Clean::Delete;
    else if (clean == "archive")
        clean_ = Clean::Archive;
    else
        throw QueryError("file source option clean_source must be 'off', 'delete' or 'archive', not '" +
                         clean + "'");
    archive_dir_ = spec.options.GetString("source_archive_dir");
    if (clean_ == Clean::Archive) {
        if (archive_dir_.empty())
            throw QueryError("clean_source = 'archive' needs the option source_archive_dir");
        std::error_code archive_error, path_error;
        fs::path archive = fs::weakly_canonical(archive_dir_, archive_error);
        fs::path watched = fs::weakly_canonical(path_, path_error);
        if (!lister_.is_glob() && !archive_error && !path_error && archive == watched)
            throw QueryError("source_archive_dir must not be the watched directory '" + path_ + "'");
    }
    on_error_ = BadRowHandler::ParsePolicy(spec.options.GetString("on_error"));
    dead_letter_dir_ = spec.options.GetString("dead_letter_path");
    // Creating a decoder checks the format, its options, the projection and the schema now rather than at
    // the first batch.
    BadRowHandler check(on_error_, dead_letter_dir_, nullptr);
    CreateRowDecoder(spec_.format, spec_.schema, spec_.projection, spec_.format_options, check);
}

FileSource::~FileSource() = default;

FileSourceLog& FileSource::Log() {
    if (!log_) {
        log_ = std::make_unique<FileSourceLog>(env_.metadata_dir);
        DropEntriesAfter(log_->size() - 1); // only rebuilds the planned set
    }
    return *log_;
}

void FileSource::DropEntriesAfter(int64_t last) {
    log_->Truncate(last + 1);
    planned_paths_.clear();
    newest_planned_ns_ = INT64_MIN;
    for (int64_t i = 0; i < log_->size(); ++i) {
        for (const ListedFile& f : log_->files(i)) {
            planned_paths_.insert(f.path);
            newest_planned_ns_ = std::max(newest_planned_ns_, f.mtime_ns);
        }
    }
    cleaned_through_ = std::min(cleaned_through_, last);
}

int64_t FileSource::LogIndex(const Offset& offset) const {
    if (offset.is_null())
        return -1;
    if (offset.is_object() && offset.contains("log_index") && offset["log_index"].is_number_integer())
        return offset["log_index"].get<int64_t>();
    throw QueryError(Description() + ": " + offset.dump() + " is not a file source offset");
}

void FileSource::Open(const Offset& last) {
    FileSourceLog& log = Log();
    int64_t index = LogIndex(last);
    if (index >= log.size())
        throw QueryError(Description() + ": the checkpoint's offset " + last.dump() + " is beyond the " +
                         std::to_string(log.size()) + " planned batches in '" + env_.metadata_dir +
                         "'; the source's metadata is missing or belongs to another query");
    DropEntriesAfter(index);
    // Entry `index` is the last batch in the offsets log, committed or pending. The last committed entry
    // (index or index - 1) may not be cleaned yet: its run can have crashed between the commit log entry
    // and Commit. Earlier entries were cleaned by earlier runs (unless several runs in a row crashed at
    // that very point; then, as in Spark, some files stay). Cleaning a file twice is harmless, it is
    // gone; cleaning the whole log again is not: a new file reusing an old name would be deleted or
    // archived without ever being read.
    cleaned_through_ = std::max<int64_t>(-1, index - 2);
}

Offset FileSource::InitialOffset() {
    return MakeOffset(-1);
}

void FileSource::PrepareForAvailableNow() {
    available_now_ = lister_.List();
}

Offset FileSource::LatestOffset(const Offset& start) {
    FileSourceLog& log = Log();
    const int64_t index = LogIndex(start);
    if (index >= log.size())
        throw QueryError(Description() + ": cannot plan after offset " + start.dump() + ", only " +
                         std::to_string(log.size()) + " batches were planned");
    if (index < log.size() - 1)
        DropEntriesAfter(index); // planned after `start` but not run: plan again

    std::vector<ListedFile> listing =
        available_now_
            ? *available_now_
            : lister_.List([this](const std::string& path) { return planned_paths_.count(path) > 0; });
    int64_t oldest = INT64_MIN;
    if (max_file_age_ns_ && newest_planned_ns_ != INT64_MIN &&
        newest_planned_ns_ > INT64_MIN + *max_file_age_ns_)
        oldest = newest_planned_ns_ - *max_file_age_ns_;
    std::vector<ListedFile> fresh;
    for (ListedFile& f : listing)
        if (f.mtime_ns >= oldest && !planned_paths_.count(f.path))
            fresh.push_back(std::move(f));
    std::sort(fresh.begin(), fresh.end(), [this](const ListedFile& a, const ListedFile& b) {
        if (a.mtime_ns != b.mtime_ns)
            return latest_first_ ? a.mtime_ns > b.mtime_ns : a.mtime_ns < b.mtime_ns;
        return a.path < b.path;
    });
    if (!ignore_rate_limits_ && max_files_per_trigger_ > 0 &&
        static_cast<int64_t>(fresh.size()) > max_files_per_trigger_)
        fresh.resize(static_cast<size_t>(max_files_per_trigger_));
    if (fresh.empty())
        return start;
    log.Append(fresh);
    for (const ListedFile& f : fresh) {
        planned_paths_.insert(f.path);
        newest_planned_ns_ = std::max(newest_planned_ns_, f.mtime_ns);
    }
    return MakeOffset(log.size() - 1);
}

std::string FileSource::DeadLetterName(const std::string& query, const std::string& source,
                                       const std::string& path) {
    std::string name;
    if (!query.empty())
        name += SafeName(query) + "-";
    if (!source.empty())
        name += SafeName(source) + "-";
    char hash[16];
    std::snprintf(hash, sizeof hash, "%08x", Crc32(path.data(), path.size()));
    return name + SafeName(fs::path(path).filename().string()) + "-" + hash + ".json";
}

std::unique_ptr<SourceReader> FileSource::Read(const Offset& start, const Offset& end,
                                               SourceMetrics& metrics) {
    FileSourceLog& log = Log();
    const int64_t first = LogIndex(start) + 1;
    const int64_t last = LogIndex(end);
    if (first < 0 || last < first - 1 || last >= log.size())
        throw QueryError(Description() + ": cannot read offsets (" + start.dump() + ", " + end.dump() +
                         "]: " + std::to_string(log.size()) + " batches were planned");
    std::vector<ListedFile> files;
    for (int64_t i = first; i <= last; ++i)
        files.insert(files.end(), log.files(i).begin(), log.files(i).end());
    FileReadOptions options;
    options.format = spec_.format;
    options.schema = spec_.schema;
    options.projection = spec_.projection;
    options.format_options = spec_.format_options;
    options.chunk_rows = env_.chunk_rows;
    options.on_error = on_error_;
    options.dead_letter_dir = dead_letter_dir_;
    options.dead_letter_name = [query = env_.query_name, source = spec_.name](const std::string& path) {
        return DeadLetterName(query, source, path);
    };
    return std::make_unique<FileSourceReader>(std::move(files), std::move(options), metrics);
}

void FileSource::Warn(const std::string& message) const {
    const std::string line = "warning: " + Description() + ": " + message;
    if (env_.log)
        env_.log(line);
    else
        std::fprintf(stderr, "sluice: %s\n", line.c_str());
}

void FileSource::CleanFile(const std::string& path) {
    auto warn = [&](const std::string& what) { Warn(what); };
    if (clean_ == Clean::Delete) {
        if (::unlink(path.c_str()) != 0 && errno != ENOENT)
            warn("cannot delete '" + path + "': " + std::strerror(errno));
        return;
    }
    std::error_code ec;
    if (!fs::exists(path, ec))
        return; // cleaned before a restart
    fs::create_directories(archive_dir_, ec);
    const std::string name = fs::path(path).filename().string();
    std::string target = (fs::path(archive_dir_) / name).string();
    // Two watched files may share a name (a glob over several directories): never overwrite.
    for (int n = 1; fs::exists(target, ec); ++n)
        target = (fs::path(archive_dir_) / (name + "." + std::to_string(n))).string();
    if (::rename(path.c_str(), target.c_str()) == 0)
        return;
    if (errno != EXDEV) {
        warn("cannot archive '" + path + "' to '" + target + "': " + std::strerror(errno));
        return;
    }
    // Another file system: copy, then delete the original.
    fs::copy_file(path, target, ec);
    if (ec) {
        warn("cannot archive '" + path + "' to '" + target + "': " + ec.message());
        return;
    }
    if (::unlink(path.c_str()) != 0)
        warn("archived '" + path + "' but cannot delete it: " + std::strerror(errno));
}

void FileSource::Commit(const Offset& end) {
    if (clean_ == Clean::Off)
        return;
    FileSourceLog& log = Log();
    const int64_t last = std::min(LogIndex(end), log.size() - 1);
    for (int64_t i = cleaned_through_ + 1; i <= last; ++i)
        for (const ListedFile& f : log.files(i))
            CleanFile(f.path);
    cleaned_through_ = std::max(cleaned_through_, last);
}

} // namespace sluice::rt
