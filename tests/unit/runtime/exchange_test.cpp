// The parts of a stateful batch around the generated code: routing rows to state partitions, sorting a
// COMPLETE result, and the worker pool that runs partitions in parallel.

#include <catch2/catch.hpp>

#include <atomic>
#include <set>

#include "runtime/engine/exchange.h"
#include "runtime/engine/result_sort.h"
#include "runtime/engine/worker_pool.h"
#include "sluice/hash.h"

using namespace sluice::rt;

namespace {

/// Rows (id BIGINT, name STRING, hash BIGINT): the exchange's layout, hash last.
Schema ExchangeSchema() {
    return {{"id", {SL_TYPE_BIGINT}}, {"name", {SL_TYPE_STRING}}, {"__hash", {SL_TYPE_BIGINT}}};
}

BatchPtr Rows(int64_t first, int64_t count) {
    auto b = std::make_shared<Batch>(ExchangeSchema(), count);
    for (int64_t i = 0; i < count; ++i) {
        const int64_t id = first + i;
        b->Values<int64_t>(0)[i] = id;
        b->Values<sl_str>(1)[i] = b->MakeString("name" + std::to_string(id));
        b->Values<int64_t>(2)[i] =
            static_cast<int64_t>(sl_hash_bytes(reinterpret_cast<const uint8_t*>(&id), 8));
        if (id % 7 == 0)
            b->SetNull(1, i, true);
    }
    b->set_num_rows(count);
    return b;
}

} // namespace

TEST_CASE("an exchange routes every row to the partition of its hash, values and NULLs intact", "[engine]") {
    Exchange exchange(ExchangeSchema(), 3);
    exchange.Add(Rows(0, 50));
    exchange.Add(Rows(50, 30));
    std::vector<BatchPtr> parts = exchange.Route();
    REQUIRE(parts.size() == 3);
    std::set<int64_t> seen;
    for (int32_t p = 0; p < 3; ++p) {
        const Batch& b = *parts[p];
        for (int64_t r = 0; r < b.num_rows(); ++r) {
            const int64_t id = b.Values<int64_t>(0)[r];
            CHECK(sl_hash_partition(static_cast<uint64_t>(b.Values<int64_t>(2)[r]), 3) == p);
            CHECK(b.IsNull(1, r) == (id % 7 == 0));
            if (!b.IsNull(1, r))
                CHECK(Batch::ToStringView(b.Values<sl_str>(1)[r]) == "name" + std::to_string(id));
            CHECK(seen.insert(id).second);
        }
    }
    CHECK(seen.size() == 80);
    // Routing empties the exchange.
    for (const BatchPtr& b : exchange.Route())
        CHECK(b->num_rows() == 0);
}

TEST_CASE("a COMPLETE result is sorted with NULLs placed and cut to its LIMIT", "[engine]") {
    BatchPtr rows = Rows(0, 15);
    BatchPtr sorted = SortResult({rows}, ExchangeSchema(), {{1, false, false}, {0, true, true}}, 5);
    REQUIRE(sorted->num_rows() == 5);
    // Names ascending, NULLs last: name1, name10, name11, name12, name13.
    CHECK(Batch::ToStringView(sorted->Values<sl_str>(1)[0]) == "name1");
    CHECK(Batch::ToStringView(sorted->Values<sl_str>(1)[1]) == "name10");
    CHECK(sorted->Values<int64_t>(0)[4] == 13);
    BatchPtr nulls_first = SortResult({rows}, ExchangeSchema(), {{1, true, true}}, 2);
    CHECK(nulls_first->IsNull(1, 0));
    CHECK(nulls_first->IsNull(1, 1));
}

TEST_CASE("the worker pool runs every task once, on every call", "[engine]") {
    WorkerPool pool(3);
    for (int round = 0; round < 50; ++round) {
        std::vector<std::atomic<int>> runs(17);
        pool.Run(17, [&](int i) { runs[i].fetch_add(1); });
        for (auto& r : runs)
            CHECK(r.load() == 1);
    }
    WorkerPool alone(0);
    int sum = 0;
    alone.Run(4, [&](int i) { sum += i; });
    CHECK(sum == 6);
}
