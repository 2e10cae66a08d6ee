#pragma once

#include <cstdint>
#include <vector>

#include "runtime/common/batch.h"

namespace sluice::rt {

/// The rows pipelines wrote into one exchange during a stage, routed to state partitions by the key hash
/// in their last column (sl_hash_partition), so that each partition can be consumed apart, in parallel.
class Exchange {
public:
    Exchange(Schema schema, int32_t partitions) : schema_(std::move(schema)), partitions_(partitions) {}

    const Schema& schema() const { return schema_; }
    /// Takes a pipeline's output batch (of the exchange's schema).
    void Add(BatchPtr batch);
    /// The rows added so far, one batch per partition (string values still point into the added batches,
    /// which the partition batches keep alive); empties the exchange.
    std::vector<BatchPtr> Route();

private:
    Schema schema_;
    int32_t partitions_;
    std::vector<BatchPtr> added_;
};

} // namespace sluice::rt
