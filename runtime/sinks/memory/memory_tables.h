#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/engine/query_spec.h"
#include "runtime/formats/cell_text.h"

namespace sluice::rt {

/// The process-wide results of `memory` sinks, keyed by sink name (any case), for tests and the
/// end-to-end runner. Each committed batch is kept with its batch id as rows of text (value_format's
/// forms; NULL is nullopt, distinct from the text "null"). Like Spark's MemorySink, a table in COMPLETE
/// mode holds only its latest batch, which is the whole result. Tables outlive queries, which is what
/// makes a re-run batch after a restart idempotent. All functions are thread-safe.
class MemoryTables {
public:
    /// Every row held: all batches in commit order (APPEND, UPDATE) or the latest batch (COMPLETE).
    static std::vector<TextRow> AllRows(const std::string& sink);
    /// The rows of the latest committed batch (empty when there is none).
    static std::vector<TextRow> LastBatchRows(const std::string& sink);
    /// A point in the table's history, for RowsSince.
    static int64_t Mark(const std::string& sink);
    /// The rows of the batches committed after `mark` that the table still holds (in COMPLETE mode:
    /// the latest batch, if one was committed after the mark).
    static std::vector<TextRow> RowsSince(const std::string& sink, int64_t mark);
    /// Batches committed since the table was created or cleared (also counting those COMPLETE mode
    /// has replaced).
    static int64_t BatchCount(const std::string& sink);
    /// The id of the latest committed batch.
    static std::optional<int64_t> LastBatchId(const std::string& sink);

    /// Forgets one table / every table.
    static void Clear(const std::string& sink);
    static void Reset();
    /// Drops the batches a table holds and its latest batch id, for a query that starts again from batch
    /// 0; unlike Clear it keeps counting batches, so that marks taken before stay valid.
    static void StartAfresh(const std::string& sink);

    /// Records a committed batch (MemorySink calls this). A batch id not above the latest is ignored:
    /// the table already holds that batch. Returns false then.
    static bool Commit(const std::string& sink, int64_t batch_id, OutputMode mode, std::vector<TextRow> rows);
};

} // namespace sluice::rt
