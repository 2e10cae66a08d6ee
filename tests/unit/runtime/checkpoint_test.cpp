#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "engine_fakes.h"
#include "runtime/checkpoint/checkpoint.h"
#include "runtime/common/framed_log.h"

using namespace sluice::rt;
using namespace sluice::rt::testing;

namespace {

OffsetsEntry Entry(int64_t batch_id, int64_t ts, int64_t rows) {
    OffsetsEntry e;
    e.batch_id = batch_id;
    e.batch_timestamp_us = ts;
    e.sources = {nlohmann::json{{"rows", rows}}};
    return e;
}

Options Settings(std::map<std::string, nlohmann::json> values = {}) {
    return Options(std::move(values));
}

std::string ErrorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const QueryError& e) {
        return e.what();
    }
    return "";
}

void AppendBytes(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::app);
    out << bytes;
}

} // namespace

TEST_CASE("a new checkpoint starts at batch 0 and lays out its directory", "[checkpoint]") {
    TempDir tmp;
    const std::string dir = tmp.Path("ck");
    Checkpoint ck(dir, Settings(), 1'700'000'000'000'000);
    ResumePoint r = ck.Resume(1);
    CHECK(r.next_batch_id == 0);
    CHECK_FALSE(r.previous);
    CHECK_FALSE(r.pending);
    CHECK(std::filesystem::exists(dir + "/metadata"));
    CHECK(std::filesystem::exists(dir + "/offsets.log"));
    CHECK(std::filesystem::exists(dir + "/commits.log"));
    CHECK(ck.SourceDir(0) == dir + "/sources/0");
    CHECK(std::filesystem::is_directory(dir + "/sources/0"));
    CHECK(ck.SinkDir() == dir + "/sink");
    CHECK(std::filesystem::is_directory(dir + "/sink"));

    std::ifstream in(dir + "/metadata");
    nlohmann::json meta = nlohmann::json::parse(in);
    CHECK(meta["id"] == ck.metadata().query_id);
    CHECK(ck.metadata().query_id.size() == 36);
    CHECK(meta["settings"]["state_partitions"] == 8); // the default of connectors.def
    CHECK(meta["settings"]["state_store"] == "memory");
    CHECK(meta["created"] == "2023-11-14T22:13:20.000Z");
    CHECK(ck.notes().empty());
}

TEST_CASE("resume re-runs the uncommitted batch with its logged offsets and timestamp", "[checkpoint]") {
    TempDir tmp;
    const std::string dir = tmp.Path("ck");
    std::string id;
    {
        Checkpoint ck(dir, Settings(), 0);
        ck.Resume(1);
        id = ck.metadata().query_id;
        ck.WriteOffsets(Entry(0, 1000, 5));
        ck.WriteCommit(0, 0);
        ck.WriteOffsets(Entry(1, 2000, 9));
    }
    {
        Checkpoint ck(dir, Settings(), 99);
        CHECK(ck.metadata().query_id == id);
        ResumePoint r = ck.Resume(1);
        CHECK(r.next_batch_id == 1);
        REQUIRE(r.pending);
        CHECK(r.pending->batch_id == 1);
        CHECK(r.pending->batch_timestamp_us == 2000);
        CHECK(r.pending->sources[0]["rows"] == 9);
        REQUIRE(r.previous);
        CHECK(r.previous->batch_id == 0);
        CHECK(r.previous->sources[0]["rows"] == 5);
        ck.WriteCommit(1, 0);
    }
    {
        Checkpoint ck(dir, Settings(), 99);
        ResumePoint r = ck.Resume(1);
        CHECK(r.next_batch_id == 2);
        CHECK_FALSE(r.pending);
        REQUIRE(r.previous);
        CHECK(r.previous->batch_id == 1);
        CHECK_THROWS_AS(ck.WriteOffsets(Entry(5, 0, 9)), std::logic_error);
        ck.WriteOffsets(Entry(2, 3000, 12));
    }
}

TEST_CASE("an uncommitted first batch starts from the initial offsets", "[checkpoint]") {
    TempDir tmp;
    {
        Checkpoint ck(tmp.Path("ck"), Settings(), 0);
        ck.Resume(1);
        ck.WriteOffsets(Entry(0, 1000, 5));
    }
    Checkpoint ck(tmp.Path("ck"), Settings(), 0);
    ResumePoint r = ck.Resume(1);
    CHECK(r.next_batch_id == 0);
    REQUIRE(r.pending);
    CHECK_FALSE(r.previous);
}

TEST_CASE("a torn log tail is dropped and noted", "[checkpoint]") {
    TempDir tmp;
    const std::string dir = tmp.Path("ck");
    {
        Checkpoint ck(dir, Settings(), 0);
        ck.Resume(1);
        ck.WriteOffsets(Entry(0, 1000, 5));
        ck.WriteCommit(0, 0);
    }
    // A crash in the middle of appending batch 1's offsets: a frame header promising more bytes.
    AppendBytes(dir + "/offsets.log", std::string("\x40\x00\x00\x00\x12\x34", 6));
    Checkpoint ck(dir, Settings(), 0);
    REQUIRE(ck.notes().size() == 1);
    CHECK_THAT(ck.notes()[0], Catch::Contains("offsets.log") && Catch::Contains("torn"));
    ResumePoint r = ck.Resume(1);
    CHECK(r.next_batch_id == 1);
    CHECK_FALSE(r.pending);
}

TEST_CASE("the watermark after the last committed batch comes back", "[checkpoint]") {
    TempDir tmp;
    const std::string dir = tmp.Path("ck");
    {
        Checkpoint ck(dir, Settings(), 0);
        ck.Resume(1);
        ck.WriteOffsets(Entry(0, 1000, 5));
        ck.WriteCommit(0, 42000000);
    }
    Checkpoint ck(dir, Settings(), 0);
    ResumePoint r = ck.Resume(1);
    CHECK(r.next_batch_id == 1);
    REQUIRE(r.next_watermark_us);
    CHECK(*r.next_watermark_us == 42000000);
}

TEST_CASE("a corrupt log is an error naming the file", "[checkpoint]") {
    TempDir tmp;
    const std::string dir = tmp.Path("ck");
    {
        Checkpoint ck(dir, Settings(), 0);
        ck.Resume(1);
        for (int i = 0; i < 3; ++i) {
            ck.WriteOffsets(Entry(i, 1000, i));
            ck.WriteCommit(i, 0);
        }
    }
    SECTION("a flipped byte in an entry followed by more entries") {
        std::fstream f(dir + "/commits.log", std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(10);
        f.put('#');
        f.close();
        std::string error = ErrorOf([&] { Checkpoint ck(dir, Settings(), 0); });
        CHECK_THAT(error, Catch::Contains(dir + "/commits.log") && Catch::Contains("corrupt"));
    }
    SECTION("an entry that is not JSON") {
        {
            FramedLog log(dir + "/offsets.log");
            log.Append("not json");
        }
        Checkpoint ck(dir, Settings(), 0);
        std::string error = ErrorOf([&] { ck.Resume(1); });
        CHECK_THAT(error, Catch::Contains(dir + "/offsets.log") && Catch::Contains("entry 3"));
    }
    SECTION("a commit log ahead of the offsets log") {
        {
            FramedLog log(dir + "/commits.log");
            log.Append(R"({"batch_id":3})");
        }
        Checkpoint ck(dir, Settings(), 0);
        CHECK_THAT(ErrorOf([&] { ck.Resume(1); }),
                   Catch::Contains("commits batch 3") && Catch::Contains("commits.log"));
    }
    SECTION("a gap in the batch ids") {
        {
            FramedLog log(dir + "/offsets.log");
            log.Append(Entry(7, 0, 1).ToJson().dump());
        }
        Checkpoint ck(dir, Settings(), 0);
        CHECK_THAT(ErrorOf([&] { ck.Resume(1); }), Catch::Contains("batch id 7 after batch 2"));
    }
    SECTION("a query with another number of inputs") {
        Checkpoint ck(dir, Settings(), 0);
        CHECK_THAT(ErrorOf([&] { ck.Resume(2); }), Catch::Contains("1 inputs") && Catch::Contains("has 2"));
    }
}

TEST_CASE("corrupt or missing metadata is an error naming the file", "[checkpoint]") {
    TempDir tmp;
    const std::string dir = tmp.Path("ck");
    {
        Checkpoint ck(dir, Settings(), 0);
        ck.Resume(1);
        ck.WriteOffsets(Entry(0, 1000, 5));
    }
    SECTION("garbage") {
        std::ofstream(dir + "/metadata") << "{\"id\": ";
        CHECK_THAT(ErrorOf([&] { Checkpoint ck(dir, Settings(), 0); }),
                   Catch::Contains(dir + "/metadata") && Catch::Contains("corrupt"));
    }
    SECTION("a missing field") {
        std::ofstream(dir + "/metadata") << R"({"version": 1, "id": "x", "created_us": 0})";
        CHECK_THAT(ErrorOf([&] { Checkpoint ck(dir, Settings(), 0); }), Catch::Contains(dir + "/metadata"));
    }
    SECTION("deleted while the logs have entries") {
        std::filesystem::remove(dir + "/metadata");
        CHECK_THAT(ErrorOf([&] { Checkpoint ck(dir, Settings(), 0); }),
                   Catch::Contains(dir + "/metadata") && Catch::Contains("missing"));
    }
}

TEST_CASE("settings fixed by the checkpoint cannot change on restart", "[checkpoint]") {
    TempDir tmp;
    const std::string dir = tmp.Path("ck");
    { Checkpoint ck(dir, Settings({{"state_partitions", 8}, {"state_store", "memory"}}), 0); }
    SECTION("state_partitions") {
        std::string error = ErrorOf([&] { Checkpoint ck(dir, Settings({{"state_partitions", 4}}), 0); });
        CHECK_THAT(error, Catch::Contains("'state_partitions'") && Catch::Contains("to 8") &&
                              Catch::Contains("sets it to 4"));
    }
    SECTION("state_store") {
        std::string error = ErrorOf([&] { Checkpoint ck(dir, Settings({{"state_store", "rocksdb"}}), 0); });
        CHECK_THAT(error, Catch::Contains("'state_store'") && Catch::Contains("'memory'") &&
                              Catch::Contains("'rocksdb'"));
    }
    SECTION("other settings may change") {
        CHECK_NOTHROW(
            Checkpoint(dir, Settings({{"watermark_policy", "max"}, {"min_batches_to_retain", 5}}), 0));
    }
}

TEST_CASE("retention keeps min_batches_to_retain entries and rewrites the logs", "[checkpoint]") {
    TempDir tmp;
    const std::string dir = tmp.Path("ck");
    const Options settings = Settings({{"min_batches_to_retain", 3}});
    size_t max_seen = 0;
    {
        Checkpoint ck(dir, settings, 0);
        ck.Resume(1);
        for (int i = 0; i < 40; ++i) {
            ck.WriteOffsets(Entry(i, i * 10, i));
            ck.WriteCommit(i, 0);
            max_seen = std::max(max_seen, ReadLogEntries(dir + "/offsets.log").size());
        }
    }
    CHECK(max_seen <= 8); // never more than twice the kept entries (3 + 1)
    auto offsets = ReadLogEntries(dir + "/offsets.log");
    auto commits = ReadLogEntries(dir + "/commits.log");
    CHECK(offsets.size() >= 4);
    CHECK(commits.size() >= 4);
    CHECK(offsets.back()["batch_id"] == 39);
    CHECK(offsets.front()["batch_id"] == 40 - static_cast<int>(offsets.size()));
    Checkpoint ck(dir, settings, 0);
    ResumePoint r = ck.Resume(1);
    CHECK(r.next_batch_id == 40);
    CHECK(r.previous->batch_timestamp_us == 390);
}

TEST_CASE("min_batches_to_retain must be positive", "[checkpoint]") {
    TempDir tmp;
    CHECK_THAT(ErrorOf([&] {
                   Checkpoint ck(tmp.Path("ck"), Settings({{"min_batches_to_retain", 0}}), 0);
               }),
               Catch::Contains("min_batches_to_retain"));
}

TEST_CASE("without a directory the checkpoint lives in memory", "[checkpoint]") {
    Checkpoint ck("", Settings(), 0);
    ResumePoint r = ck.Resume(1);
    CHECK(r.next_batch_id == 0);
    ck.WriteOffsets(Entry(0, 1, 1));
    ck.WriteCommit(0, 0);
    CHECK(ck.SourceDir(0).empty());
    CHECK(ck.SinkDir().empty());
    CHECK(ck.metadata().query_id.size() == 36);
}

TEST_CASE("the log store is pluggable", "[checkpoint]") {
    // A store that counts appends, standing in for the planned ZooKeeper store.
    struct CountingStore : MemoryLogStore {
        int* opened;
        explicit CountingStore(int* o) : opened(o) {}
        std::unique_ptr<CheckpointLog> OpenLog(const std::string& name) override {
            ++*opened;
            return MemoryLogStore::OpenLog(name);
        }
    };
    TempDir tmp;
    int opened = 0;
    Checkpoint ck(tmp.Path("ck"), Settings(), 0, std::make_unique<CountingStore>(&opened));
    CHECK(opened == 2);
    ck.Resume(1);
    ck.WriteOffsets(Entry(0, 1, 1));
    CHECK_FALSE(std::filesystem::exists(tmp.Path("ck/offsets.log")));
    CHECK(ck.SourceDir(0) == tmp.Path("ck") + "/sources/0");
}

TEST_CASE("a checkpoint is used by one query at a time", "[checkpoint]") {
    TempDir tmp;
    const std::string dir = tmp.Path("ck");
    {
        Checkpoint first(dir, Settings(), 0);
        first.Resume(1);
        first.WriteOffsets(Entry(0, 1, 1));
        // A second `sluice run` (or a second sink of one program) naming the same directory would
        // interleave its batches with the first one's in the same logs.
        CHECK_THAT(ErrorOf([&] { Checkpoint second(dir, Settings(), 0); }),
                   Catch::Contains("checkpoint '" + dir + "' is in use by another query"));
        CHECK(std::filesystem::exists(dir + "/.lock"));
    }
    // Released with the Checkpoint (and by the kernel when a process dies).
    Checkpoint again(dir, Settings(), 0);
    CHECK(again.Resume(1).pending);
}

TEST_CASE("state_partitions must be positive", "[checkpoint]") {
    TempDir tmp;
    for (int64_t partitions : {0, -3})
        CHECK_THAT(ErrorOf([&] {
                       Checkpoint ck(tmp.Path("ck"), Settings({{"state_partitions", partitions}}), 0);
                   }),
                   Catch::Contains("'state_partitions' must be at least 1"));
    // Nothing was fixed by the refused runs.
    CHECK_FALSE(std::filesystem::exists(tmp.Path("ck") + "/metadata"));
}
