#include "runtime/sinks/memory/memory_sink.h"

#include "runtime/formats/cell_text.h"

namespace sluice::rt {

MemorySink::MemorySink(const SinkSpec& spec, const SinkEnv&)
    : name_(spec.name), mode_(spec.output_mode), has_checkpoint_(!spec.checkpoint.empty()) {}

void MemorySink::Open() {
    if (!has_checkpoint_)
        MemoryTables::StartAfresh(name_);
}

bool MemorySink::BeginBatch(int64_t batch_id) {
    pending_.clear();
    std::optional<int64_t> last = MemoryTables::LastBatchId(name_);
    return !last || batch_id > *last;
}

void MemorySink::Write(const Batch& rows) {
    for (int64_t r = 0; r < rows.num_rows(); ++r) {
        TextRow row;
        row.reserve(rows.num_columns());
        for (int c = 0; c < rows.num_columns(); ++c)
            row.push_back(CellText(rows, c, r));
        pending_.push_back(std::move(row));
    }
}

void MemorySink::CommitBatch(int64_t batch_id) {
    MemoryTables::Commit(name_, batch_id, mode_, std::move(pending_));
    pending_.clear();
}

} // namespace sluice::rt
