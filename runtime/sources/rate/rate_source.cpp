#include "runtime/sources/rate/rate_source.h"

#include <algorithm>
#include <limits>

#include "runtime/common/text.h"
#include "runtime/common/value_format.h"

namespace sluice::rt {

namespace {

int64_t RowTimeAt(int64_t start_us, int64_t rows_per_second, int64_t value) {
    return start_us + value / rows_per_second * kMicrosPerSecond +
           value % rows_per_second * kMicrosPerSecond / rows_per_second;
}

/// Yields rows [next, end) of the timeline in chunks.
class RateReader : public SourceReader {
public:
    RateReader(int64_t rows_per_second, Schema schema, std::vector<bool> is_value, int64_t start_us,
               int64_t begin, int64_t end, int64_t chunk_rows)
        : rows_per_second_(rows_per_second), schema_(std::move(schema)), is_value_(std::move(is_value)),
          start_us_(start_us), next_(begin), end_(end), chunk_rows_(std::max<int64_t>(chunk_rows, 1)) {}

    BatchPtr Next() override {
        if (next_ >= end_)
            return nullptr;
        int64_t rows = std::min(end_ - next_, chunk_rows_);
        BatchPtr batch = batches_.Acquire(schema_, rows);
        for (size_t c = 0; c < is_value_.size(); ++c) {
            int64_t* v = batch->Values<int64_t>(static_cast<int>(c));
            for (int64_t r = 0; r < rows; ++r)
                v[r] = is_value_[c] ? next_ + r : RowTimeAt(start_us_, rows_per_second_, next_ + r);
        }
        batch->set_num_rows(rows);
        chunk_first_ = next_;
        next_ += rows;
        return batch;
    }

    std::string DescribeRow(int64_t row) const override {
        return "rate row " + std::to_string(chunk_first_ + row);
    }

private:
    int64_t rows_per_second_;
    Schema schema_;
    std::vector<bool> is_value_;
    int64_t start_us_;
    int64_t next_;
    int64_t end_;
    int64_t chunk_rows_;
    /// The value of the first row of the chunk returned last.
    int64_t chunk_first_ = 0;
    BatchRecycler batches_;
};

} // namespace

RateSource::RateSource(const SourceSpec& spec, const SourceEnv& env)
    : name_(spec.name), rows_per_second_(spec.options.GetInt("rows_per_second")), clock_(env.clock),
      chunk_rows_(env.chunk_rows) {
    if (rows_per_second_ < 1)
        throw QueryError("rate source '" + name_ + "': rows_per_second must be at least 1, not " +
                         std::to_string(rows_per_second_));
    if (clock_ == nullptr)
        throw QueryError("rate source '" + name_ + "' needs the query's clock");
    std::vector<bool> declared_is_value;
    for (const auto& col : spec.schema) {
        bool value = EqualsIgnoreCase(col.name, "value");
        if (!value && !EqualsIgnoreCase(col.name, "ts"))
            throw QueryError("rate source '" + name_ + "': column '" + col.name +
                             "' is not a rate column; the rate columns are: value BIGINT, ts TIMESTAMP");
        sl_type_id want = value ? SL_TYPE_BIGINT : SL_TYPE_TIMESTAMP;
        if (col.type.id != want)
            throw QueryError("rate source '" + name_ + "': column '" + col.name + "' is declared " +
                             col.type.ToString() + ", but rate." +
                             (value ? "value is BIGINT" : "ts is TIMESTAMP"));
        declared_is_value.push_back(value);
    }
    schema_ = ProjectedSchema(spec);
    for (int p : spec.projection)
        is_value_.push_back(declared_is_value[p]);
}

int64_t RateSource::RowsDue(int64_t start_us, int64_t now_us) const {
    if (now_us < start_us)
        return 0;
    // Row v is due when floor(v * 1e6 / rate) <= d, that is when v < (d + 1) * rate / 1e6.
    __int128 d = static_cast<__int128>(now_us) - start_us;
    __int128 due = ((d + 1) * rows_per_second_ + kMicrosPerSecond - 1) / kMicrosPerSecond;
    return due > std::numeric_limits<int64_t>::max() ? std::numeric_limits<int64_t>::max()
                                                     : static_cast<int64_t>(due);
}

RateSource::Position RateSource::Decode(const Offset& offset) const {
    if (offset.is_object()) {
        auto rows = offset.find("rows");
        auto start = offset.find("start_us");
        if (rows != offset.end() && start != offset.end() && rows->is_number_integer() &&
            start->is_number_integer() && rows->get<int64_t>() >= 0)
            return {rows->get<int64_t>(), start->get<int64_t>()};
    }
    throw QueryError("rate source '" + name_ + "': bad offset " + offset.dump() +
                     " (expected {\"rows\": n, \"start_us\": t})");
}

void RateSource::Open(const Offset& last) {
    if (!last.is_null())
        start_us_ = Decode(last).start_us;
}

Offset RateSource::InitialOffset() {
    if (!start_us_)
        start_us_ = clock_->NowMicros();
    return Offset{{"rows", 0}, {"start_us", *start_us_}};
}

Offset RateSource::LatestOffset(const Offset& start) {
    Position from = Decode(start);
    const int64_t now_us = available_now_us_ ? *available_now_us_ : clock_->NowMicros();
    int64_t rows = std::max(from.rows, RowsDue(from.start_us, now_us));
    return Offset{{"rows", rows}, {"start_us", from.start_us}};
}

void RateSource::PrepareForAvailableNow() {
    available_now_us_ = clock_->NowMicros();
}

std::unique_ptr<SourceReader> RateSource::Read(const Offset& start, const Offset& end, SourceMetrics&) {
    Position from = Decode(start), to = Decode(end);
    if (from.start_us != to.start_us || to.rows < from.rows)
        throw QueryError("rate source '" + name_ + "': offsets " + start.dump() + " and " + end.dump() +
                         " do not bound a range of one timeline");
    return std::make_unique<RateReader>(rows_per_second_, schema_, is_value_, from.start_us, from.rows,
                                        to.rows, chunk_rows_);
}

std::string RateSource::Description() const {
    return "RateSource[rows_per_second=" + std::to_string(rows_per_second_) + "]";
}

int64_t RateSource::CountRows(const Offset& start, const Offset& end) {
    return Decode(end).rows - Decode(start).rows;
}

} // namespace sluice::rt
