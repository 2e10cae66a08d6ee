#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "runtime/engine/source.h"
#include "runtime/formats/bad_row_handler.h"
#include "runtime/sources/file/file_lister.h"
#include "runtime/sources/file/file_source_log.h"

namespace sluice::rt {

/// The `file` source: a directory (or glob) watched for new files, in the manner of Spark's FileStreamSource.
/// A file is the unit of planning: every file is read whole, exactly once, by the batch that planned it.
///
/// Planning (LatestOffset): list the files; keep those never planned before (by path) and not older than
/// max_file_age relative to the newest file planned so far; order them by modification time, then path
/// (newest first with latest_first, ties still by path); take at most max_files_per_trigger (0 = all; not
/// applied after IgnoreRateLimits, as for TRIGGER ONCE). The chosen files become one entry of the log
/// (FileSourceLog, durable in env.metadata_dir) BEFORE the new offset {"log_index": n} is returned, so a
/// batch re-run after a crash reads exactly the same files.
///
/// max_file_age follows Spark: it is measured from the newest modification time planned so far, not from
/// the clock, so the first batch takes every file however old; and it is ignored when latest_first is set
/// together with max_files_per_trigger (otherwise old files still waiting for their turn would be dropped).
///
/// Restart: Open(last) drops log entries after `last` (planned, but the engine never recorded them in its
/// offsets log), so their files are planned again. PrepareForAvailableNow lists the files once; later plans
/// choose only among them. Commit(end) applies clean_source ('delete', or 'archive' into
/// source_archive_dir keeping the file name) to the files of committed entries not cleaned yet: after a
/// restart, from the batch before the one Open(last) names (a crash between the commit log and Commit
/// may have left that batch's files), never the whole log again. Failures to clean are warnings through
/// SourceEnv::log, as in Spark, never a reason to stop the query.
///
/// The log keeps every planned path (that is how a file is never read twice), so it grows by one entry per
/// batch for the life of the checkpoint.
class FileSource : public Source {
public:
    /// Validates the options (throws QueryError): format and its options, clean_source with its archive
    /// directory, on_error with its dead-letter directory, max_file_age.
    FileSource(const SourceSpec& spec, const SourceEnv& env);
    ~FileSource() override;

    void Open(const Offset& last) override;
    Offset InitialOffset() override;
    Offset LatestOffset(const Offset& start) override;
    std::unique_ptr<SourceReader> Read(const Offset& start, const Offset& end,
                                       SourceMetrics& metrics) override;
    void Commit(const Offset& end) override;
    void PrepareForAvailableNow() override;
    void IgnoreRateLimits() override { ignore_rate_limits_ = true; }
    std::string Description() const override { return "FileSource[" + path_ + "]"; }

    /// The dead-letter file of the source file `path` (in dead_letter_path), a function of the query, the
    /// source and the path alone so that a re-read replaces it: "<query>-<source>-<file name>-<crc32 of the
    /// path>.json".
    static std::string DeadLetterName(const std::string& query, const std::string& source,
                                      const std::string& path);

private:
    /// The clean_source option.
    enum class Clean { Off, Delete, Archive };

    /// Loads the log on first use (the engine calls Open first, but nothing else depends on it).
    FileSourceLog& Log();
    /// Drops log entries after `last` and rebuilds the set of planned paths.
    void DropEntriesAfter(int64_t last);
    int64_t LogIndex(const Offset& offset) const;
    static Offset MakeOffset(int64_t index) { return Offset{{"log_index", index}}; }
    void CleanFile(const std::string& path);
    void Warn(const std::string& message) const;

    SourceSpec spec_;
    SourceEnv env_;
    std::string path_;
    FileLister lister_;
    int64_t max_files_per_trigger_;
    bool latest_first_;
    /// In nanoseconds; nullopt when the age limit does not apply.
    std::optional<int64_t> max_file_age_ns_;
    Clean clean_;
    std::string archive_dir_;
    OnError on_error_;
    std::string dead_letter_dir_;

    std::unique_ptr<FileSourceLog> log_;
    std::unordered_set<std::string> planned_paths_;
    /// Newest modification time among planned files; max_file_age counts back from it.
    int64_t newest_planned_ns_ = INT64_MIN;
    /// Set by PrepareForAvailableNow: the only files later plans may choose from.
    std::optional<std::vector<ListedFile>> available_now_;
    bool ignore_rate_limits_ = false;
    /// Entries up to this index have been cleaned (clean_source), or were before the restart.
    int64_t cleaned_through_ = -1;
};

} // namespace sluice::rt
