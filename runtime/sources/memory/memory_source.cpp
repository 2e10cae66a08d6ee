#include "runtime/sources/memory/memory_source.h"

#include <algorithm>
#include <cstring>

#include "runtime/sources/memory/memory_streams.h"

namespace sluice::rt {

namespace {

/// Yields the projected columns of each add; strings point into the add's batch, kept alive as a
/// dependency, so nothing is copied but fixed-width values.
class MemoryReader : public SourceReader {
public:
    MemoryReader(std::string name, Schema schema, std::vector<int> projection,
                 std::vector<std::shared_ptr<const Batch>> adds, int64_t first_add)
        : name_(std::move(name)), schema_(std::move(schema)), projection_(std::move(projection)),
          adds_(std::move(adds)), first_add_(first_add) {}

    BatchPtr Next() override {
        while (next_ < adds_.size() && adds_[next_]->num_rows() == 0)
            ++next_;
        if (next_ >= adds_.size())
            return nullptr;
        const std::shared_ptr<const Batch>& add = adds_[next_];
        int64_t rows = add->num_rows();
        auto batch = std::make_shared<Batch>(schema_, rows);
        for (size_t c = 0; c < projection_.size(); ++c) {
            int to = static_cast<int>(c), from = projection_[c];
            std::memcpy(batch->raw()->columns[to].values, add->raw()->columns[from].values,
                        static_cast<size_t>(rows) * schema_[c].type.Width());
            if (add->raw()->columns[from].valid != nullptr)
                for (int64_t r = 0; r < rows; ++r)
                    if (add->IsNull(from, r))
                        batch->SetNull(to, r, true);
        }
        batch->set_num_rows(rows);
        batch->AddDependency(add);
        chunk_add_ = first_add_ + static_cast<int64_t>(next_) + 1;
        ++next_;
        return batch;
    }

    std::string DescribeRow(int64_t row) const override {
        return "memory stream '" + name_ + "', add " + std::to_string(chunk_add_) + ", row " +
               std::to_string(row + 1);
    }

private:
    std::string name_;
    Schema schema_;
    std::vector<int> projection_;
    std::vector<std::shared_ptr<const Batch>> adds_;
    int64_t first_add_;
    size_t next_ = 0;
    /// The number (from 1) of the add the chunk returned last holds.
    int64_t chunk_add_ = 0;
};

} // namespace

MemorySource::MemorySource(const SourceSpec& spec, const SourceEnv&)
    : name_(spec.name), schema_(ProjectedSchema(spec)), projection_(spec.projection) {
    MemoryStreams::Declare(name_, spec.schema);
}

int64_t MemorySource::AddsOf(const Offset& offset) const {
    if (offset.is_object()) {
        auto it = offset.find("adds");
        if (it != offset.end() && it->is_number_integer() && it->get<int64_t>() >= 0)
            return it->get<int64_t>();
    }
    throw QueryError("memory source '" + name_ + "': bad offset " + offset.dump() +
                     " (expected {\"adds\": k})");
}

Offset MemorySource::InitialOffset() {
    return Offset{{"adds", 0}};
}

Offset MemorySource::LatestOffset(const Offset& start) {
    int64_t end = MemoryStreams::NumAdds(name_);
    if (available_now_end_ >= 0)
        end = std::min(end, available_now_end_);
    return Offset{{"adds", std::max(end, AddsOf(start))}};
}

std::unique_ptr<SourceReader> MemorySource::Read(const Offset& start, const Offset& end, SourceMetrics&) {
    int64_t from = AddsOf(start), to = AddsOf(end);
    return std::make_unique<MemoryReader>(name_, schema_, projection_, MemoryStreams::Adds(name_, from, to),
                                          from);
}

void MemorySource::PrepareForAvailableNow() {
    available_now_end_ = MemoryStreams::NumAdds(name_);
}

std::string MemorySource::Description() const {
    return "MemorySource[" + name_ + "]";
}

int64_t MemorySource::CountRows(const Offset& start, const Offset& end) {
    int64_t rows = 0;
    for (const auto& add : MemoryStreams::Adds(name_, AddsOf(start), AddsOf(end)))
        rows += add->num_rows();
    return rows;
}

} // namespace sluice::rt
