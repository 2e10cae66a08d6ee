#include "runtime/engine/exchange.h"

#include <cstring>

#include "sluice/hash.h"

namespace sluice::rt {

void Exchange::Add(BatchPtr batch) {
    if (batch && batch->num_rows() > 0)
        added_.push_back(std::move(batch));
}

std::vector<BatchPtr> Exchange::Route() {
    const int hash_column = static_cast<int>(schema_.size()) - 1;
    // Count first, so that each partition's batch is allocated once at its final size.
    std::vector<int64_t> counts(partitions_, 0);
    std::vector<std::vector<int32_t>> partition_of(added_.size());
    for (size_t b = 0; b < added_.size(); ++b) {
        const Batch& in = *added_[b];
        const auto* hashes = in.Values<int64_t>(hash_column);
        partition_of[b].resize(in.num_rows());
        for (int64_t r = 0; r < in.num_rows(); ++r) {
            const int32_t p = sl_hash_partition(static_cast<uint64_t>(hashes[r]), partitions_);
            partition_of[b][r] = p;
            ++counts[p];
        }
    }
    std::vector<BatchPtr> out(partitions_);
    for (int32_t p = 0; p < partitions_; ++p) {
        out[p] = std::make_shared<Batch>(schema_, std::max<int64_t>(counts[p], 1));
        for (const BatchPtr& in : added_)
            out[p]->AddDependency(in);
    }
    // Column by column, with the value width fixed per loop: a gather the compiler can keep tight.
    std::vector<int64_t> next(partitions_, 0);
    for (int c = 0; c < static_cast<int>(schema_.size()); ++c) {
        std::fill(next.begin(), next.end(), 0);
        std::vector<uint8_t*> dst(partitions_);
        for (int32_t p = 0; p < partitions_; ++p)
            dst[p] = static_cast<uint8_t*>(out[p]->raw()->columns[c].values);
        const int width = schema_[c].type.Width();
        for (size_t b = 0; b < added_.size(); ++b) {
            const Batch& in = *added_[b];
            const auto* src = static_cast<const uint8_t*>(in.raw()->columns[c].values);
            const bool nullable = in.raw()->columns[c].valid != nullptr;
            const int32_t* part = partition_of[b].data();
            auto copy = [&]<int W>() {
                for (int64_t r = 0, n = in.num_rows(); r < n; ++r) {
                    const int64_t at = next[part[r]]++;
                    std::memcpy(dst[part[r]] + at * W, src + r * W, W);
                    if (nullable && in.IsNull(c, r))
                        out[part[r]]->SetNull(c, at, true);
                }
            };
            switch (width) {
            case 1:
                copy.template operator()<1>();
                break;
            case 4:
                copy.template operator()<4>();
                break;
            case 8:
                copy.template operator()<8>();
                break;
            default:
                copy.template operator()<16>();
                break;
            }
        }
    }
    for (int32_t p = 0; p < partitions_; ++p)
        out[p]->set_num_rows(next[p]);
    added_.clear();
    return out;
}

} // namespace sluice::rt
