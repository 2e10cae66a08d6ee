#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/engine/sink.h"
#include "runtime/sinks/memory/memory_tables.h"

namespace sluice::rt {

/// The `memory` connector: collects each batch's rows as text and, on CommitBatch, stores them in the
/// MemoryTables table named after the sink. BeginBatch refuses a batch id the table already holds (a
/// re-run after a restart), which makes the sink idempotent. A query without a checkpoint cannot
/// resume, so its batch ids start again from 0: Open then starts the table afresh.
class MemorySink : public Sink {
public:
    MemorySink(const SinkSpec& spec, const SinkEnv& env);

    void Open() override;
    bool BeginBatch(int64_t batch_id) override;
    void Write(const Batch& rows) override;
    void CommitBatch(int64_t batch_id) override;
    std::string Description() const override { return "MemorySink[" + name_ + "]"; }

private:
    std::string name_;
    OutputMode mode_;
    bool has_checkpoint_;
    /// The rows of the batch in progress.
    std::vector<TextRow> pending_;
};

} // namespace sluice::rt
