// nexmark_baseline: Nexmark q0, q1, q2, q5a and q12 written by hand, the yardstick bench/run.sh holds
// Sluice to.
//
// It does the work `sluice run bench/queries/qN.stream` does, minus the engine: the same bid events from
// the same generator library (runtime/sources/nexmark), filled column at a time into the same columnar
// chunks (the engine's chunk size, the query's max_events_per_trigger batches, only the columns the
// query reads — Sluice prunes the others), then the query's projection or filter as a plain loop whose
// output goes straight into a blackhole that folds every output value into a checksum, so that the
// compiler cannot drop any of the work. What it leaves out is what a hand-written program has no need
// for: NULL handling (the generator never makes NULLs), an output batch per chunk, a fresh input batch
// per chunk, offsets and commit logs.
//
//   nexmark_baseline --query q2 --events 100000000 --seed 42 --max-events-per-trigger 1000000
//
// prints one JSON line: {"query":"q2","events":...,"input_rows":...,"output_rows":...,"checksum":...}.
// With --csv PATH it writes the output rows as CSV in the file sink's text forms instead of summing
// them; bench/run.sh compares that with Sluice's own output to check that both compute the same rows.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <absl/container/flat_hash_map.h>

#include "runtime/common/value_format.h"
#include "runtime/engine/streaming_query.h"
#include "runtime/sources/nexmark/nexmark_generator.h"

namespace sluice::bench {

namespace {

using rt::NexmarkBidColumn;

/// A TIMESTAMP output value (microseconds since the epoch), told apart from BIGINT for the CSV form.
struct Timestamp {
    int64_t micros;
};

/// A DECIMAL output value: unscaled, with its scale.
struct Decimal {
    sl_decimal unscaled;
    int scale;
};

/// The blackhole of the timed runs: every output value goes into a sum. A sum (rather than a hash
/// chain) keeps the blackhole's own cost to an add per value, with no dependency between rows. String
/// views include their pointer, so the sum differs from run to run (address randomization): it is there
/// to keep the work, not to compare runs.
class ChecksumSink {
public:
    template <typename... Values> void Row(const Values&... values) {
        ++rows_;
        (Fold(values), ...);
    }
    int64_t rows() const { return rows_; }
    uint64_t checksum() const { return sum_; }

private:
    void Fold(int64_t v) { sum_ += static_cast<uint64_t>(v); }
    void Fold(Timestamp v) { sum_ += static_cast<uint64_t>(v.micros); }
    void Fold(Decimal v) {
        sum_ += static_cast<uint64_t>(v.unscaled) + static_cast<uint64_t>(v.unscaled >> 64);
    }
    /// A string value is what Sluice's pipelines move: the 16-byte view (length, prefix, pointer).
    void Fold(const sl_str& v) {
        uint64_t words[2];
        std::memcpy(words, &v, sizeof words);
        sum_ += words[0] + words[1];
    }

    int64_t rows_ = 0;
    uint64_t sum_ = 0;
};

/// The verification sink: rows as CSV lines in the text forms of Sluice's file sink (value_format.h).
class CsvSink {
public:
    explicit CsvSink(const std::string& path) : out_(std::fopen(path.c_str(), "w")), path_(path) {
        if (!out_)
            throw std::runtime_error("cannot write '" + path + "': " + std::strerror(errno));
    }
    ~CsvSink() {
        if (out_)
            std::fclose(out_);
    }
    CsvSink(const CsvSink&) = delete;
    CsvSink& operator=(const CsvSink&) = delete;

    template <typename... Values> void Row(const Values&... values) {
        ++rows_;
        bool first = true;
        ((Write(values, first), first = false), ...);
        std::fputc('\n', out_);
    }
    int64_t rows() const { return rows_; }
    uint64_t checksum() const { return 0; }

    void Close() {
        bool failed = std::ferror(out_) != 0;
        failed |= std::fclose(out_) != 0;
        out_ = nullptr;
        if (failed)
            throw std::runtime_error("writing '" + path_ + "' failed");
    }

private:
    void Separate(bool first) {
        if (!first)
            std::fputc(',', out_);
    }
    void Write(int64_t v, bool first) {
        Separate(first);
        std::fprintf(out_, "%lld", static_cast<long long>(v));
    }
    void Write(Timestamp v, bool first) {
        Separate(first);
        std::fputs(rt::FormatTimestamp(v.micros).c_str(), out_);
    }
    void Write(Decimal v, bool first) {
        Separate(first);
        std::fputs(rt::FormatDecimal(v.unscaled, v.scale).c_str(), out_);
    }
    // The generator's strings are lowercase letters only, so no value needs CSV quoting.
    void Write(const sl_str& v, bool first) {
        Separate(first);
        std::fwrite(v.ptr, 1, v.len, out_);
    }

    std::FILE* out_;
    std::string path_;
    int64_t rows_ = 0;
};

// ---- the queries ----------------------------------------------------------------------------------
// Each takes one generated chunk whose columns are the query's input columns, in the order of `columns`.

/// q0: SELECT auction, bidder, price, date_time, extra FROM bid.
struct Q0 {
    static constexpr int columns[] = {NexmarkBidColumn::Auction, NexmarkBidColumn::Bidder,
                                      NexmarkBidColumn::Price, NexmarkBidColumn::DateTime,
                                      NexmarkBidColumn::Extra};
    template <typename Sink> static void Run(const rt::Batch& in, Sink& sink) {
        const int64_t* auction = in.Values<int64_t>(0);
        const int64_t* bidder = in.Values<int64_t>(1);
        const int64_t* price = in.Values<int64_t>(2);
        const int64_t* date_time = in.Values<int64_t>(3);
        const sl_str* extra = in.Values<sl_str>(4);
        for (int64_t r = 0, n = in.num_rows(); r < n; ++r)
            sink.Row(auction[r], bidder[r], price[r], Timestamp{date_time[r]}, extra[r]);
    }
};

/// q1: SELECT auction, bidder, 0.908 * price AS price, date_time, extra FROM bid.
///
/// As in Sluice: 0.908 is a DECIMAL(3,3), price widens to DECIMAL(19,0), and the product is the
/// DECIMAL(23,3) whose unscaled value is price * 908. |price| < 2^63 makes |price * 908| < 2^73 < 10^23,
/// so the product can neither overflow 128 bits nor its precision, and there is nothing to check.
struct Q1 {
    static constexpr int columns[] = {NexmarkBidColumn::Auction, NexmarkBidColumn::Bidder,
                                      NexmarkBidColumn::Price, NexmarkBidColumn::DateTime,
                                      NexmarkBidColumn::Extra};
    static constexpr sl_decimal kRateUnscaled = 908;
    static constexpr int kScale = 3;
    template <typename Sink> static void Run(const rt::Batch& in, Sink& sink) {
        const int64_t* auction = in.Values<int64_t>(0);
        const int64_t* bidder = in.Values<int64_t>(1);
        const int64_t* price = in.Values<int64_t>(2);
        const int64_t* date_time = in.Values<int64_t>(3);
        const sl_str* extra = in.Values<sl_str>(4);
        for (int64_t r = 0, n = in.num_rows(); r < n; ++r)
            sink.Row(auction[r], bidder[r],
                     Decimal{static_cast<sl_decimal>(price[r]) * kRateUnscaled, kScale},
                     Timestamp{date_time[r]}, extra[r]);
    }
};

/// q2: SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0.
struct Q2 {
    static constexpr int columns[] = {NexmarkBidColumn::Auction, NexmarkBidColumn::Price};
    template <typename Sink> static void Run(const rt::Batch& in, Sink& sink) {
        const int64_t* auction = in.Values<int64_t>(0);
        const int64_t* price = in.Values<int64_t>(1);
        for (int64_t r = 0, n = in.num_rows(); r < n; ++r)
            if (auction[r] % 123 == 0)
                sink.Row(auction[r], price[r]);
    }
};

/// floor(a / b) * b for b > 0: the start of the window of length b that holds a.
int64_t FloorTo(int64_t a, int64_t b) {
    const int64_t m = a % b;
    return a - (m < 0 ? m + b : m);
}

/// A group of a windowed count: a key and its window's start.
struct WindowKey {
    int64_t key;
    int64_t start;
    bool operator==(const WindowKey&) const = default;
    template <typename H> friend H AbslHashValue(H h, const WindowKey& k) {
        return H::combine(std::move(h), k.key, k.start);
    }
};

/// q5a, the first half of Nexmark q5 (hot items): SELECT auction, window_start, window_end, COUNT(*) AS num
/// FROM bid GROUP BY auction, HOP(date_time, 2 s slide, 10 s size), WATERMARK date_time - 4 s, APPEND. As in
/// Sluice (and Spark): a batch drops rows whose window ended at or before the previous batch's watermark,
/// emits and forgets the windows that end at or before its own, and the watermark moves at its end to the
/// largest event time minus the delay; the first batch runs with watermark 0 and drops nothing.
struct Q5a {
    static constexpr int columns[] = {NexmarkBidColumn::Auction, NexmarkBidColumn::DateTime};
    static constexpr int64_t kSlide = 2000000, kSize = 10000000, kDelay = 4000000;
    absl::flat_hash_map<WindowKey, int64_t> counts;
    int64_t late = INT64_MIN, evict = 0, max_time = INT64_MIN;

    template <typename Sink> void Run(const rt::Batch& in, Sink&) {
        const int64_t* auction = in.Values<int64_t>(0);
        const int64_t* time = in.Values<int64_t>(1);
        for (int64_t r = 0, n = in.num_rows(); r < n; ++r) {
            const int64_t t = time[r];
            max_time = std::max(max_time, t);
            for (int64_t start = FloorTo(t, kSlide); start > t - kSize; start -= kSlide)
                if (start + kSize > late)
                    ++counts[WindowKey{auction[r], start}];
        }
    }
    template <typename Sink> void EndBatch(Sink& sink) {
        for (auto it = counts.begin(); it != counts.end();) {
            if (it->first.start + kSize <= evict) {
                sink.Row(it->first.key, Timestamp{it->first.start}, Timestamp{it->first.start + kSize},
                         it->second);
                counts.erase(it++);
            } else {
                ++it;
            }
        }
        late = evict;
        if (max_time != INT64_MIN)
            evict = std::max(evict, max_time - kDelay);
    }
};

/// Nexmark q12 (processing-time windows): SELECT bidder, COUNT(*) AS bid_count, window_start, window_end
/// FROM bid GROUP BY bidder, TUMBLE(PROCTIME(), 10 s), UPDATE mode: each batch's bids fall in the window of
/// its timestamp (the wall clock when the batch starts, as Sluice's batch timestamp), and the batch emits
/// the groups it changed with their running counts.
struct Q12 {
    static constexpr int columns[] = {NexmarkBidColumn::Bidder};
    /// A group's running count and the batch that last changed it.
    struct Group {
        int64_t count = 0;
        int64_t batch = -1;
    };
    int64_t size_us = 10000000;
    absl::flat_hash_map<WindowKey, Group> groups;
    std::vector<WindowKey> updated;
    int64_t window = 0;
    int64_t batch = -1;

    void BeginBatch() {
        ++batch;
        const int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count();
        window = FloorTo(now, size_us);
    }
    template <typename Sink> void Run(const rt::Batch& in, Sink&) {
        const int64_t* bidder = in.Values<int64_t>(0);
        for (int64_t r = 0, n = in.num_rows(); r < n; ++r) {
            Group& g = groups[WindowKey{bidder[r], window}];
            ++g.count;
            if (g.batch != batch) {
                g.batch = batch;
                updated.push_back(WindowKey{bidder[r], window});
            }
        }
    }
    template <typename Sink> void EndBatch(Sink& sink) {
        for (const WindowKey& k : updated)
            sink.Row(k.key, groups[k].count, Timestamp{k.start}, Timestamp{k.start + size_us});
        updated.clear();
    }
};

struct Counts {
    int64_t input_rows = 0;
    int64_t output_rows = 0;
    uint64_t checksum = 0;
};

/// Generates the bids among events [0, events) the way the engine reads them — batches of
/// `per_trigger` events (NexmarkSource::LatestOffset), each read in chunks of at most `chunk_rows` rows
/// (NexmarkReader::Next) — and runs query Q over every chunk. One chunk buffer is reused throughout.
template <typename Q, typename Sink>
Counts Run(Q& query, const rt::NexmarkGenerator& gen, int64_t events, int64_t per_trigger, int64_t chunk_rows,
           Sink& sink) {
    rt::Batch chunk(rt::ProjectNexmarkColumns(rt::NexmarkKind::Bid, Q::columns), chunk_rows);
    Counts counts;
    for (int64_t batch_begin = 0; batch_begin < events; batch_begin += per_trigger) {
        const int64_t batch_end = std::min(events, batch_begin + per_trigger);
        if constexpr (requires { query.BeginBatch(); })
            query.BeginBatch();
        for (int64_t next = batch_begin; next < batch_end;) {
            chunk.set_num_rows(0);
            next = gen.Fill(rt::NexmarkKind::Bid, next, batch_end, Q::columns, chunk);
            counts.input_rows += chunk.num_rows();
            query.Run(chunk, sink);
        }
        if constexpr (requires { query.EndBatch(sink); })
            query.EndBatch(sink);
    }
    counts.output_rows = sink.rows();
    counts.checksum = sink.checksum();
    return counts;
}

template <typename Q>
Counts RunQuery(Q query, const rt::NexmarkGenerator& gen, int64_t events, int64_t per_trigger,
                int64_t chunk_rows, const std::string& csv_path) {
    if (csv_path.empty()) {
        ChecksumSink sink;
        return Run(query, gen, events, per_trigger, chunk_rows, sink);
    }
    CsvSink sink(csv_path);
    Counts counts = Run(query, gen, events, per_trigger, chunk_rows, sink);
    sink.Close();
    return counts;
}

int Main(int argc, char** argv) {
    CLI::App app("Nexmark q0, q1, q2 by hand: the baseline of bench/run.sh");
    std::string query;
    int64_t events = 0;
    uint64_t seed = 0;
    int64_t per_trigger = 1000000;
    // The engine's own default (`sluice run` has no flag for it), so the chunks match Sluice's.
    int64_t chunk_rows = rt::QueryOptions{}.chunk_rows;
    std::string csv_path;
    int64_t window_seconds = 10;
    app.add_option("--query", query, "q0, q1, q2, q5a or q12")
        ->required()
        ->check(CLI::IsMember({"q0", "q1", "q2", "q5a", "q12"}));
    app.add_option("--window-seconds", window_seconds, "q12's window size")->check(CLI::PositiveNumber);
    app.add_option("--events", events, "events of all kinds, as the source's `events` option")
        ->required()
        ->check(CLI::PositiveNumber);
    app.add_option("--seed", seed, "the source's `seed` option");
    app.add_option("--max-events-per-trigger", per_trigger, "the source's `max_events_per_trigger` option")
        ->check(CLI::PositiveNumber);
    app.add_option("--chunk-rows", chunk_rows, "rows per generated chunk")->check(CLI::PositiveNumber);
    app.add_option("--csv", csv_path, "write the output rows as CSV to this file instead of summing them");
    CLI11_PARSE(app, argc, argv);

    const rt::NexmarkGenerator gen(rt::NexmarkConfig{.seed = seed});
    Counts counts;
    if (query == "q0") {
        counts = RunQuery(Q0{}, gen, events, per_trigger, chunk_rows, csv_path);
    } else if (query == "q1") {
        counts = RunQuery(Q1{}, gen, events, per_trigger, chunk_rows, csv_path);
    } else if (query == "q2") {
        counts = RunQuery(Q2{}, gen, events, per_trigger, chunk_rows, csv_path);
    } else if (query == "q5a") {
        counts = RunQuery(Q5a{}, gen, events, per_trigger, chunk_rows, csv_path);
    } else {
        Q12 q12;
        q12.size_us = window_seconds * 1000000;
        counts = RunQuery(std::move(q12), gen, events, per_trigger, chunk_rows, csv_path);
    }
    std::printf(
        "{\"query\":\"%s\",\"events\":%lld,\"input_rows\":%lld,\"output_rows\":%lld,\"checksum\":%llu}\n",
        query.c_str(), static_cast<long long>(events), static_cast<long long>(counts.input_rows),
        static_cast<long long>(counts.output_rows), static_cast<unsigned long long>(counts.checksum));
    return 0;
}

} // namespace

} // namespace sluice::bench

int main(int argc, char** argv) {
    try {
        return sluice::bench::Main(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "nexmark_baseline: " << e.what() << "\n";
        return 1;
    }
}
