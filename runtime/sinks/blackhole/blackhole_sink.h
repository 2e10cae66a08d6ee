#pragma once

#include <cstdint>
#include <string>

#include "runtime/engine/sink.h"

namespace sluice::rt {

/// The `blackhole` connector: discards rows, counting them, so that benchmarks measure the query and
/// not the output.
class BlackholeSink : public Sink {
public:
    BlackholeSink(const SinkSpec& spec, const SinkEnv& env) {}

    bool BeginBatch(int64_t) override { return true; }
    void Write(const Batch& rows) override { rows_ += rows.num_rows(); }
    void CommitBatch(int64_t) override { ++batches_; }
    std::string Description() const override { return "BlackholeSink"; }

    /// Rows written and batches committed since the sink was created.
    int64_t rows() const { return rows_; }
    int64_t batches() const { return batches_; }

private:
    int64_t rows_ = 0;
    int64_t batches_ = 0;
};

} // namespace sluice::rt
