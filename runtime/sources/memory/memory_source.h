#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runtime/engine/source.h"

namespace sluice::rt {

/// The `memory` connector: reads the MemoryStreams stream named after the source. Offsets are
/// `{"adds": k}`, the number of adds consumed; Read(start, end) yields the rows of adds start+1 .. end,
/// one chunk per add. The stream never ends (Exhausted is false): tests feed it while the query runs.
class MemorySource : public Source {
public:
    /// Declares the stream with the source's columns (see MemoryStreams::Declare).
    MemorySource(const SourceSpec& spec, const SourceEnv& env);

    Offset InitialOffset() override;
    Offset LatestOffset(const Offset& start) override;
    std::unique_ptr<SourceReader> Read(const Offset& start, const Offset& end,
                                       SourceMetrics& metrics) override;
    void PrepareForAvailableNow() override;
    std::string Description() const override;
    int64_t CountRows(const Offset& start, const Offset& end) override;

private:
    int64_t AddsOf(const Offset& offset) const;

    std::string name_;
    /// Batch schema: the projected declared columns.
    Schema schema_;
    std::vector<int> projection_;
    /// AVAILABLE NOW: the adds present when it started; -1 otherwise.
    int64_t available_now_end_ = -1;
};

} // namespace sluice::rt
