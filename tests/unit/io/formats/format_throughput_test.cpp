#include <catch2/catch.hpp>

#include <cstdio>
#include <random>
#include <time.h>

#include "runtime/formats/json_encoder.h"
#include "tests/unit/io/formats/decode_test_util.h"

using namespace sluice::rt;
using namespace sluice::rt::testing;

// A quick throughput check, printed and not asserted (machines differ): thread CPU time, best of three.
// Hidden from the default run:
//   sluice_io_tests "[throughput]"

namespace {

Schema BidSchema() {
    return {Col("auction", SL_TYPE_BIGINT), Col("bidder", SL_TYPE_BIGINT), Col("price", SL_TYPE_BIGINT),
            Col("channel", SL_TYPE_STRING), Col("url", SL_TYPE_STRING),    Col("ts", SL_TYPE_TIMESTAMP),
            Col("extra", SL_TYPE_STRING)};
}

// About `bytes` of Nexmark-like bids as a batch.
std::shared_ptr<Batch> MakeBids(int64_t rows) {
    auto b = std::make_shared<Batch>(BidSchema(), rows);
    std::mt19937_64 rng(42);
    const char* channels[] = {"Google", "Facebook", "Baidu", "Apple"};
    std::string url;
    for (int64_t r = 0; r < rows; ++r) {
        b->Values<int64_t>(0)[r] = 1000 + static_cast<int64_t>(rng() % 100000);
        b->Values<int64_t>(1)[r] = 1000 + static_cast<int64_t>(rng() % 1000000);
        b->Values<int64_t>(2)[r] = static_cast<int64_t>(rng() % 100000000);
        b->Values<sl_str>(3)[r] = b->MakeString(channels[rng() % 4]);
        url = "https://www.nexmark.com/item.htm?query=1&channel_id=" + std::to_string(rng() % 1000000);
        b->Values<sl_str>(4)[r] = b->MakeString(url);
        b->Values<int64_t>(5)[r] = 1767225600000000 + r * 1000;
        b->Values<sl_str>(6)[r] = b->MakeString(r % 10 == 0 ? "with, a \"quote\"" : "");
    }
    b->set_num_rows(rows);
    return b;
}

// CPU time of this thread: the machine is shared, and wall time would measure the neighbours.
double CpuSeconds() {
    timespec ts;
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

void Measure(const char* format, const std::string& text, const std::vector<int>& projection, int64_t rows) {
    // The reader's buffer: the whole text with padding, decoded in chunks of 8192 rows. Best of three.
    std::string buffer = text + std::string(kDecodePadding, ' ');
    std::string_view input(buffer.data(), text.size());
    double best = 1e9;
    for (int attempt = 0; attempt < 3; ++attempt) {
        SourceMetrics metrics;
        BadRowHandler handler(OnError::Fail, "", &metrics);
        auto decoder = CreateRowDecoder(format, BidSchema(), projection, Options(), handler);
        double start = CpuSeconds();
        handler.BeginInput("bench", "bench.bad");
        decoder->BeginInput(0);
        int64_t decoded = 0;
        size_t pos = 0;
        RowOrigins origins;
        while (pos < input.size()) {
            Batch batch(decoder->output_schema(), 8192);
            origins.Clear();
            pos += decoder->Decode(input.substr(pos), true, batch, 8192, &origins);
            decoded += batch.num_rows();
        }
        best = std::min(best, CpuSeconds() - start);
        CHECK(decoded == rows);
    }
    std::printf("  decode %-4s %zu columns: %7.1f MB/s  (%.1f M rows/s)\n", format, projection.size(),
                text.size() / best / 1e6, rows / best / 1e6);
}

} // namespace

TEST_CASE("format throughput", "[.][throughput]") {
    const int64_t rows = 400000; // about 50 MB of CSV
    auto bids = MakeBids(rows);
    for (const char* format : {"csv", "json"}) {
        auto encoder = CreateRowEncoder(format, BidSchema(), Options());
        std::string text;
        text.reserve(100 << 20);
        double start = CpuSeconds();
        encoder->Encode(*bids, text);
        double secs = CpuSeconds() - start;
        std::printf("%s: %.1f MB, %lld rows\n  encode:               %7.1f MB/s\n", format, text.size() / 1e6,
                    static_cast<long long>(rows), text.size() / secs / 1e6);
        Measure(format, text, AllColumns(BidSchema()), rows);
        Measure(format, text, {0, 2, 5}, rows);
    }
}
