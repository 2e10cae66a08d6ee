#pragma once

#include <cstdint>
#include <vector>

#include "runtime/common/batch.h"
#include "runtime/engine/query_spec.h"

namespace sluice::rt {

/// ORDER BY / LIMIT of a COMPLETE-mode result: the rows of `batches` (one batch's whole output, all of
/// `schema`) sorted by `keys` and cut to `limit` rows (-1: all), as one batch. Ties keep their order.
BatchPtr SortResult(const std::vector<BatchPtr>& batches, const Schema& schema,
                    const std::vector<SortKeySpec>& keys, int64_t limit);

} // namespace sluice::rt
