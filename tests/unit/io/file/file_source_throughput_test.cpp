#include <catch2/catch.hpp>

#include <cstdio>
#include <time.h>

#include "runtime/formats/row_encoder.h"
#include "tests/unit/io/file/file_test_util.h"

using namespace sluice::rt;
using namespace sluice::rt::testing;
namespace fs = std::filesystem;

// End-to-end read throughput of a ~50 MB file through FileSource (listing, planning, reading, decoding),
// printed and not asserted (thread CPU time, including the read system calls). Hidden from the default run:
// sluice_io_tests "[throughput]"

namespace {

Schema Bids() {
    return {Col("auction", SL_TYPE_BIGINT), Col("bidder", SL_TYPE_BIGINT), Col("price", SL_TYPE_BIGINT),
            Col("channel", SL_TYPE_STRING), Col("url", SL_TYPE_STRING),    Col("ts", SL_TYPE_TIMESTAMP),
            Col("extra", SL_TYPE_STRING)};
}

std::string Generate(const std::string& format, int64_t rows) {
    auto b = std::make_shared<Batch>(Bids(), rows);
    const char* channels[] = {"Google", "Facebook", "Baidu", "Apple"};
    uint64_t x = 88172645463325252ull;
    auto next = [&] {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return x;
    };
    for (int64_t r = 0; r < rows; ++r) {
        b->Values<int64_t>(0)[r] = 1000 + static_cast<int64_t>(next() % 100000);
        b->Values<int64_t>(1)[r] = 1000 + static_cast<int64_t>(next() % 1000000);
        b->Values<int64_t>(2)[r] = static_cast<int64_t>(next() % 100000000);
        b->Values<sl_str>(3)[r] = b->MakeString(channels[next() % 4]);
        b->Values<sl_str>(4)[r] = b->MakeString("https://www.nexmark.com/item.htm?query=1&channel_id=" +
                                                std::to_string(next() % 1000000));
        b->Values<int64_t>(5)[r] = 1767225600000000 + r * 1000;
        b->Values<sl_str>(6)[r] = b->MakeString(r % 10 == 0 ? "with, a \"quote\"" : "");
    }
    b->set_num_rows(rows);
    std::string text;
    CreateRowEncoder(format, Bids(), Options())->Encode(*b, text);
    return text;
}

} // namespace

TEST_CASE("file source read throughput", "[.][throughput]") {
    fs::path dir = TempDir("source-throughput");
    for (const std::string format : {"csv", "json"}) {
        std::string text = Generate(format, format == "csv" ? 430000 : 280000);
        WriteFile(dir / format / ("bids." + format), text, 1767225600);
        for (bool all_columns : {true, false}) {
            SourceSpec spec = FileSourceSpec((dir / format).string(), Bids(), format);
            if (!all_columns)
                spec.projection = {0, 2, 5};
            FileSource source(spec, FileSourceEnv(""));
            source.Open(nullptr);
            timespec t0, t1;
            ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
            Offset end = source.LatestOffset(source.InitialOffset());
            SourceMetrics metrics;
            auto reader = source.Read(source.InitialOffset(), end, metrics);
            int64_t rows = 0;
            while (BatchPtr chunk = reader->Next())
                rows += chunk->num_rows();
            ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
            double secs = static_cast<double>(t1.tv_sec - t0.tv_sec) +
                          static_cast<double>(t1.tv_nsec - t0.tv_nsec) / 1e9;
            std::printf("FileSource %-4s %.1f MB, %s: %7.1f MB/s (%.1f M rows/s)\n", format.c_str(),
                        text.size() / 1e6, all_columns ? "7 columns" : "3 columns", text.size() / secs / 1e6,
                        rows / secs / 1e6);
            CHECK(rows == (format == "csv" ? 430000 : 280000));
        }
    }
    fs::remove_all(dir);
}
