#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_set>

#include "runtime/common/file_lock.h"
#include "runtime/common/framed_log.h"
#include "runtime/engine/sink.h"
#include "runtime/formats/row_encoder.h"

namespace sluice::rt {

/// The `file` sink: a directory of CSV or JSON-lines files, exactly once through a manifest.
///
/// Layout of the output directory (for docs/operations.md):
///
///   out/part-00000000.csv              the rows of batch 0 (zero-padded batch id, 8 digits or more)
///   out/part-00000003.csv              batches without rows write no file
///   out/_sluice_manifest.log           one entry per committed batch, in commit order
///   out/_sluice_lock                   locked (flock) while a query writes the directory
///   out/.part-00000004.csv.inprogress  a batch being written (removed on the next start)
///
/// The manifest is a FramedLog (length + CRC-32 per entry, fsync'd, a torn last entry is dropped) whose
/// entries are JSON: {"batch_id":3,"files":[],"query_id":"<uuid>","rows":0}, {"batch_id":4,"files":
/// ["part-00000004.csv"],"query_id":"<uuid>","rows":1200}. The files the manifest lists are the
/// exactly-once output; a reader that wants exactly-once must read those and nothing else. Every file is
/// complete when it appears under its final name (written under the hidden temporary name, fsync'd,
/// renamed, directory fsync'd) and before its manifest entry.
///
/// Exactly once across crashes: a batch whose id is in the manifest is skipped when the engine re-runs it
/// (BeginBatch returns false); a batch that crashed before its manifest entry is written again from
/// scratch, and because encoding is deterministic the file has the same bytes. Open removes temporary
/// files and part files that no manifest entry lists (both belong to batches that never committed).
/// A file source reading this directory ignores the temporary, lock and manifest files by their names.
///
/// One directory, one query: batch ids mean something only together with the checkpoint that numbered
/// them, so Open refuses a directory whose manifest was written by another query id (a deleted
/// checkpoint, or a second query pointed at the same path) instead of skipping that query's batch ids;
/// and it takes `_sluice_lock` for the life of the sink, so two running queries never append to one
/// manifest. Entries without a query id (written before they were recorded) are taken as this query's
/// when it resumes from its checkpoint (SinkEnv::resuming) and as another query's when it starts fresh.
class FileSink : public Sink {
public:
    /// Checks the path, format (csv or json) and its options, and that env carries the query id; throws
    /// QueryError.
    FileSink(const SinkSpec& spec, const SinkEnv& env);
    ~FileSink() override;

    void Open() override;
    bool BeginBatch(int64_t batch_id) override;
    void Write(const Batch& rows) override;
    void CommitBatch(int64_t batch_id) override;
    void Close() override;
    std::string Description() const override { return "FileSink[" + path_ + "]"; }

    /// "part-00000042.csv".
    static std::string PartFileName(int64_t batch_id, const std::string& extension);
    static constexpr const char* kManifestName = "_sluice_manifest.log";
    static constexpr const char* kLockName = "_sluice_lock";

private:
    void WritePending();
    /// Drops the batch in progress and its temporary file.
    void AbortBatch();
    /// Reads the manifest's committed batch ids; throws QueryError when it belongs to another query.
    void LoadManifest(const std::string& manifest_path);

    std::string path_;
    std::string query_id_;
    bool resuming_;
    std::unique_ptr<RowEncoder> encoder_;
    /// Held from Open until the sink is destroyed: the directory is this query's.
    std::unique_ptr<FileLock> lock_;
    std::unique_ptr<FramedLog> manifest_;
    std::unordered_set<int64_t> committed_;

    bool in_batch_ = false;
    int64_t batch_id_ = -1;
    int64_t batch_rows_ = 0;
    /// Temporary file of the batch, open from its first row until CommitBatch.
    int fd_ = -1;
    std::string temp_path_;
    /// Encoded bytes not yet written to fd_.
    std::string pending_;
};

} // namespace sluice::rt
