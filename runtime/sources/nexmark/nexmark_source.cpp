#include "runtime/sources/nexmark/nexmark_source.h"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <utility>

#include "runtime/common/text.h"
#include "runtime/common/value_format.h"

namespace sluice::rt {

namespace {

std::string ColumnList(const std::vector<ColumnSchema>& columns) {
    std::string list;
    for (const auto& c : columns)
        list += (list.empty() ? "" : ", ") + c.name + " " + c.type.ToString();
    return list;
}

/// Maps every declared column onto a column of the kind; returns, per batch column (projection order),
/// the kind's column index. The projection must have been checked (ProjectedSchema).
std::vector<int> MapColumns(const SourceSpec& spec, NexmarkKind kind) {
    const auto& all = NexmarkColumns(kind);
    std::vector<int> declared_to_kind;
    for (const auto& col : spec.schema) {
        auto it = std::find_if(all.begin(), all.end(),
                               [&](const ColumnSchema& c) { return EqualsIgnoreCase(c.name, col.name); });
        if (it == all.end())
            throw QueryError("nexmark source '" + spec.name + "': column '" + col.name + "' is not a " +
                             NexmarkKindName(kind) + " column; the " + NexmarkKindName(kind) +
                             " columns are: " + ColumnList(all));
        if (it->type != col.type)
            throw QueryError("nexmark source '" + spec.name + "': column '" + col.name + "' is declared " +
                             col.type.ToString() + ", but " + NexmarkKindName(kind) + "." + it->name +
                             " is " + it->type.ToString());
        declared_to_kind.push_back(static_cast<int>(it - all.begin()));
    }
    std::vector<int> columns;
    for (int p : spec.projection)
        columns.push_back(declared_to_kind[p]);
    return columns;
}

int64_t SaturatingAdd(int64_t a, int64_t b) {
    return a > std::numeric_limits<int64_t>::max() - b ? std::numeric_limits<int64_t>::max() : a + b;
}

/// Reads the bids (persons, auctions) among events [next, end) in chunks.
class NexmarkReader : public SourceReader {
public:
    NexmarkReader(std::shared_ptr<const NexmarkGenerator> generator, NexmarkKind kind, Schema schema,
                  std::vector<int> columns, int64_t begin, int64_t end, int64_t chunk_rows)
        : generator_(std::move(generator)), kind_(kind), schema_(std::move(schema)),
          columns_(std::move(columns)), next_(begin), end_(end),
          chunk_rows_(std::max<int64_t>(chunk_rows, 1)) {}

    BatchPtr Next() override {
        int64_t first = NexmarkGenerator::CountOfKind(kind_, next_);
        int64_t left = NexmarkGenerator::CountOfKind(kind_, end_) - first;
        if (left <= 0)
            return nullptr;
        BatchPtr batch = batches_.Acquire(schema_, std::min(left, chunk_rows_));
        next_ = generator_->Fill(kind_, next_, end_, columns_, *batch);
        chunk_first_ = first;
        return batch;
    }

    std::string DescribeRow(int64_t row) const override {
        return "nexmark event " + std::to_string(NexmarkGenerator::EventOfKind(kind_, chunk_first_ + row));
    }

private:
    std::shared_ptr<const NexmarkGenerator> generator_;
    NexmarkKind kind_;
    Schema schema_;
    std::vector<int> columns_;
    int64_t next_;
    int64_t end_;
    int64_t chunk_rows_;
    /// The index (among events of the kind) of the first row of the chunk returned last.
    int64_t chunk_first_ = 0;
    BatchRecycler batches_;
};

} // namespace

NexmarkConfig NexmarkConfigFromOptions(const Options& options, const std::string& source_name) {
    NexmarkConfig config;
    config.seed = static_cast<uint64_t>(options.GetInt("seed"));
    config.events_per_second = options.GetInt("rate");
    if (config.events_per_second < 1)
        throw QueryError("nexmark source '" + source_name +
                         "': rate must be at least 1 event per second, not " +
                         std::to_string(config.events_per_second));
    std::string base_time = options.GetString("base_time");
    if (!ParseTimestamp(base_time, &config.base_time_us))
        throw QueryError("nexmark source '" + source_name + "': base_time '" + base_time +
                         "' is not a timestamp (YYYY-MM-DD HH:MM:SS[.ffffff])");
    return config;
}

NexmarkSource::NexmarkSource(const SourceSpec& spec, const SourceEnv& env)
    : name_(spec.name), clock_(env.clock), chunk_rows_(env.chunk_rows) {
    std::string kind = spec.options.GetString("kind");
    if (!ParseNexmarkKind(kind, &kind_))
        throw QueryError("nexmark source '" + name_ + "': kind '" + kind +
                         "' is not one of bid, auction, person");
    schema_ = ProjectedSchema(spec);
    columns_ = MapColumns(spec, kind_);
    generator_ = std::make_shared<const NexmarkGenerator>(NexmarkConfigFromOptions(spec.options, name_));
    max_events_ = spec.options.GetInt("events");
    max_events_per_trigger_ = spec.options.GetInt("max_events_per_trigger");
    real_time_ = spec.options.GetBool("real_time");
    if (max_events_ < 0)
        throw QueryError("nexmark source '" + name_ + "': events must be 0 (unbounded) or positive");
    if (max_events_per_trigger_ < 1)
        throw QueryError("nexmark source '" + name_ + "': max_events_per_trigger must be at least 1");
    if (real_time_ && clock_ == nullptr)
        throw QueryError("nexmark source '" + name_ + "': real_time needs the query's clock");
}

int64_t NexmarkSource::EventsOf(const Offset& offset) const {
    if (offset.is_object()) {
        auto it = offset.find("events");
        if (it != offset.end() && it->is_number_integer() && it->get<int64_t>() >= 0)
            return it->get<int64_t>();
    }
    throw QueryError("nexmark source '" + name_ + "': bad offset " + offset.dump() +
                     " (expected {\"events\": n})");
}

void NexmarkSource::Open(const Offset& last) {
    if (!last.is_null())
        position_ = EventsOf(last);
}

Offset NexmarkSource::InitialOffset() {
    position_ = 0;
    return Offset{{"events", 0}};
}

int64_t NexmarkSource::AvailableEnd() const {
    int64_t end = max_events_ > 0 ? max_events_ : std::numeric_limits<int64_t>::max();
    if (real_time_)
        end = std::min(end, generator_->EventsUpTo(clock_->NowMicros()));
    return end;
}

Offset NexmarkSource::LatestOffset(const Offset& start) {
    int64_t from = EventsOf(start);
    position_ = std::max(position_, from);
    int64_t end = AvailableEnd();
    bool unbounded = max_events_ == 0 && !real_time_;
    if (!ignore_rate_limits_ || unbounded)
        end = std::min(end, SaturatingAdd(from, max_events_per_trigger_));
    if (available_now_end_)
        end = std::min(end, *available_now_end_);
    return Offset{{"events", std::max(end, from)}};
}

void NexmarkSource::PrepareForAvailableNow() {
    int64_t end =
        max_events_ == 0 && !real_time_ ? SaturatingAdd(position_, max_events_per_trigger_) : AvailableEnd();
    available_now_end_ = std::max(end, position_);
}

std::unique_ptr<SourceReader> NexmarkSource::Read(const Offset& start, const Offset& end, SourceMetrics&) {
    int64_t from = EventsOf(start), to = EventsOf(end);
    if (to < from)
        throw QueryError("nexmark source '" + name_ + "': batch ends (" + std::to_string(to) +
                         ") before it starts (" + std::to_string(from) + ")");
    return std::make_unique<NexmarkReader>(generator_, kind_, schema_, columns_, from, to, chunk_rows_);
}

void NexmarkSource::Commit(const Offset& end) {
    position_ = std::max(position_, EventsOf(end));
}

bool NexmarkSource::Exhausted(const Offset& offset) {
    return max_events_ > 0 && EventsOf(offset) >= max_events_;
}

std::string NexmarkSource::Description() const {
    return "NexmarkSource[" + std::string(NexmarkKindName(kind_)) + "]";
}

int64_t NexmarkSource::CountRows(const Offset& start, const Offset& end) {
    return NexmarkGenerator::CountOfKind(kind_, EventsOf(end)) -
           NexmarkGenerator::CountOfKind(kind_, EventsOf(start));
}

} // namespace sluice::rt
