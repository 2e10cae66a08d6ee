#include <catch2/catch.hpp>

#include "runtime/common/batch.h"

using namespace sluice::rt;

namespace {
const Schema kSchema = {{"id", {SL_TYPE_BIGINT}}, {"name", {SL_TYPE_STRING}}};
}

TEST_CASE("a source batch starts without NULLs and gets a bitmap on the first NULL", "[batch]") {
    Batch b(kSchema, 10);
    CHECK(b.raw()->columns[0].valid == nullptr);
    b.SetNull(0, 3, true);
    REQUIRE(b.raw()->columns[0].valid != nullptr);
    CHECK(b.IsNull(0, 3));
    CHECK_FALSE(b.IsNull(0, 2));
    b.Reset();
    CHECK(b.num_rows() == 0);
    CHECK(b.raw()->columns[0].valid == nullptr); // after a reset: no NULLs again
    CHECK_FALSE(b.IsNull(0, 3));
    b.SetNull(0, 5, true); // the kept bitmap comes back all valid but row 5
    CHECK_FALSE(b.IsNull(0, 3));
    CHECK(b.IsNull(0, 5));
}

TEST_CASE("an output batch is all NULL again after a reset", "[batch]") {
    Batch b(kSchema, 16);
    b.AllocateAllValidity();
    b.SetNull(1, 4, false);
    CHECK_FALSE(b.IsNull(1, 4));
    b.Reset();
    CHECK(b.IsNull(1, 4));
}

TEST_CASE("the recycler hands the batch back only when nobody else holds it", "[batch]") {
    BatchRecycler recycler;
    BatchPtr first = recycler.Acquire(kSchema, 8);
    const Batch* address = first.get();
    first->set_num_rows(8);
    first->MakeString("kept in the arena");
    BatchPtr held = first;
    first.reset();
    BatchPtr second = recycler.Acquire(kSchema, 8);
    CHECK(second.get() != address); // `held` still uses the first one
    held.reset();
    second.reset();
    BatchPtr third = recycler.Acquire(kSchema, 4);
    CHECK(third->num_rows() == 0);
    BatchPtr bigger;
    third.reset();
    bigger = recycler.Acquire(kSchema, 64); // does not fit: a new batch
    CHECK(bigger->capacity() >= 64);
    Schema other = {{"x", {SL_TYPE_DOUBLE}}};
    bigger.reset();
    CHECK(recycler.Acquire(other, 8)->schema()[0].type.id == SL_TYPE_DOUBLE);
}

TEST_CASE("an arena reset keeps its largest block", "[batch]") {
    Arena arena(1024);
    arena.Allocate(100);
    arena.Allocate(5000); // a block of its own
    size_t before = arena.BytesAllocated();
    arena.Reset();
    CHECK(arena.BytesAllocated() < before);
    CHECK(arena.BytesAllocated() >= 5000);
    void* p = arena.Allocate(4000);
    CHECK(p != nullptr);
    CHECK(arena.BytesAllocated() < before); // served from the kept block
}
