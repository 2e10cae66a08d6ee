#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "runtime/common/framed_log.h"
#include "runtime/sinks/file/file_sink.h"
#include "tests/unit/io/file/file_test_util.h"
#include "tests/unit/io/io_faults.h"

using namespace sluice::rt;
using namespace sluice::rt::testing;
namespace fs = std::filesystem;

namespace {

using Rows = std::vector<std::string>;

Schema Output() {
    return {Col("id", SL_TYPE_BIGINT), Col("name", SL_TYPE_STRING), Col("ts", SL_TYPE_TIMESTAMP)};
}

SinkSpec FileSinkSpec(const fs::path& dir, const std::string& format = "csv") {
    SinkSpec spec;
    spec.name = "out";
    spec.connector = "file";
    spec.format = format;
    spec.options.Set("path", dir.string());
    spec.schema = Output();
    return spec;
}

constexpr const char* kQueryId = "7f9c1c1e-0000-4000-8000-000000000001";

SinkEnv Env(const std::string& query_id = kQueryId, bool resuming = false) {
    SinkEnv env;
    env.query_name = std::string("q"); // not = "q": GCC 12 warns falsely (-Wrestrict, bug 105329)
    env.query_id = query_id;
    env.resuming = resuming;
    return env;
}

// Rows first..first+n-1; NULL names on multiples of 3.
std::shared_ptr<Batch> Rows_(int first, int n) {
    auto b = std::make_shared<Batch>(Output(), std::max(n, 1));
    for (int i = 0; i < n; ++i) {
        b->Values<int64_t>(0)[i] = first + i;
        b->Values<sl_str>(1)[i] = b->MakeString("name, " + std::to_string(first + i));
        b->SetNull(1, i, (first + i) % 3 == 0);
        b->Values<int64_t>(2)[i] = (first + i) * kMicrosPerSecond;
    }
    b->set_num_rows(n);
    return b;
}

std::vector<nlohmann::json> Manifest(const fs::path& dir) {
    FramedLog log((dir / FileSink::kManifestName).string());
    std::vector<nlohmann::json> out;
    for (const std::string& e : log.entries())
        out.push_back(nlohmann::json::parse(e));
    return out;
}

std::vector<std::string> DirNames(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir))
        names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

} // namespace

TEST_CASE("file sink writes one part file per batch and a manifest", "[file_sink]") {
    fs::path dir = TempDir("sink-basic") / "out";
    FileSink sink(FileSinkSpec(dir), Env());
    sink.Open();
    REQUIRE(sink.BeginBatch(0));
    sink.Write(*Rows_(1, 2));
    sink.Write(*Rows_(3, 1)); // a second Write of the same batch appends to its file
    sink.CommitBatch(0);
    REQUIRE(sink.BeginBatch(1));
    sink.Write(*Rows_(0, 0));
    sink.CommitBatch(1); // no rows: no file, but recorded
    REQUIRE(sink.BeginBatch(2));
    sink.Write(*Rows_(10, 1));
    sink.CommitBatch(2);
    sink.Close();

    CHECK(DirNames(dir) ==
          Rows{"_sluice_lock", "_sluice_manifest.log", "part-00000000.csv", "part-00000002.csv"});
    CHECK(ReadFileText(dir / "part-00000000.csv") == "1,\"name, 1\",1970-01-01 00:00:01\n"
                                                     "2,\"name, 2\",1970-01-01 00:00:02\n"
                                                     "3,,1970-01-01 00:00:03\n");
    auto manifest = Manifest(dir);
    REQUIRE(manifest.size() == 3);
    CHECK(manifest[0] ==
          nlohmann::json{
              {"batch_id", 0}, {"files", {"part-00000000.csv"}}, {"query_id", kQueryId}, {"rows", 3}});
    CHECK(manifest[1] ==
          nlohmann::json{
              {"batch_id", 1}, {"files", nlohmann::json::array()}, {"query_id", kQueryId}, {"rows", 0}});
    CHECK(manifest[2]["files"] == nlohmann::json{"part-00000002.csv"});
    CHECK(sink.Description() == "FileSink[" + dir.string() + "]");
}

TEST_CASE("file sink skips a batch the manifest already holds", "[file_sink]") {
    fs::path dir = TempDir("sink-rerun") / "out";
    {
        FileSink sink(FileSinkSpec(dir), Env());
        sink.Open();
        REQUIRE(sink.BeginBatch(7));
        sink.Write(*Rows_(1, 3));
        sink.CommitBatch(7);
    }
    std::string before = ReadFileText(dir / "part-00000007.csv");
    // Restart: the engine's commit log missed batch 7, so it runs it again.
    FileSink sink(FileSinkSpec(dir), Env());
    sink.Open();
    CHECK_FALSE(sink.BeginBatch(7));
    REQUIRE(sink.BeginBatch(8));
    sink.Write(*Rows_(4, 1));
    sink.CommitBatch(8);
    CHECK(ReadFileText(dir / "part-00000007.csv") == before);
    CHECK(Manifest(dir).size() == 2);
}

TEST_CASE("file sink re-run after a crash writes byte-identical files", "[file_sink]") {
    fs::path dir = TempDir("sink-identical") / "out";
    for (const char* format : {"csv", "json"}) {
        fs::remove_all(dir);
        SinkSpec spec = FileSinkSpec(dir, format);
        spec.format_options.Set("header", true);
        std::string part = FileSink::PartFileName(3, format);
        std::string first;
        {
            FileSink sink(spec, Env());
            sink.Open();
            REQUIRE(sink.BeginBatch(3));
            sink.Write(*Rows_(1, 100));
            sink.Write(*Rows_(101, 5));
            sink.CommitBatch(3);
            first = ReadFileText(dir / part);
        }
        // The crash came after the rename but before the manifest entry: drop the entry.
        FramedLog((dir / FileSink::kManifestName).string()).Rewrite({});
        {
            FileSink sink(spec, Env());
            sink.Open();
            CHECK_FALSE(fs::exists(dir / part)); // uncommitted: removed on open
            REQUIRE(sink.BeginBatch(3));
            sink.Write(*Rows_(1, 100));
            sink.Write(*Rows_(101, 5));
            sink.CommitBatch(3);
        }
        CHECK(ReadFileText(dir / part) == first);
        CHECK(Manifest(dir).size() == 1);
    }
}

TEST_CASE("file sink removes leftovers of uncommitted batches and nothing else", "[file_sink]") {
    fs::path dir = TempDir("sink-leftovers") / "out";
    {
        FileSink sink(FileSinkSpec(dir), Env());
        sink.Open();
        REQUIRE(sink.BeginBatch(0));
        sink.Write(*Rows_(1, 1));
        sink.CommitBatch(0);
        REQUIRE(sink.BeginBatch(1));
        sink.Write(*Rows_(2, 1));
        // The process dies here: the temporary file stays behind.
        CHECK(fs::exists(dir / ".part-00000001.csv.inprogress"));
        fs::copy_file(dir / ".part-00000001.csv.inprogress", dir / ".part-00000001.csv.inprogress.keep");
    }
    fs::rename(dir / ".part-00000001.csv.inprogress.keep", dir / ".part-00000001.csv.inprogress");
    WriteFile(dir / "part-00000005.csv", "orphan\n", 0);
    WriteFile(dir / "notes.txt", "mine\n", 0);
    WriteFile(dir / "part-final.csv", "mine too\n", 0);
    FileSink sink(FileSinkSpec(dir), Env());
    sink.Open();
    CHECK(DirNames(dir) ==
          Rows{"_sluice_lock", "_sluice_manifest.log", "notes.txt", "part-00000000.csv", "part-final.csv"});
}

TEST_CASE("file sink abandons a batch that is begun again", "[file_sink]") {
    fs::path dir = TempDir("sink-restart-batch") / "out";
    FileSink sink(FileSinkSpec(dir), Env());
    sink.Open();
    REQUIRE(sink.BeginBatch(0));
    sink.Write(*Rows_(1, 5));
    // The engine failed before the commit and retries the batch in-process.
    REQUIRE(sink.BeginBatch(0));
    sink.Write(*Rows_(1, 2));
    sink.CommitBatch(0);
    CHECK(ReadFileText(dir / "part-00000000.csv") == "1,\"name, 1\",1970-01-01 00:00:01\n"
                                                     "2,\"name, 2\",1970-01-01 00:00:02\n");
    CHECK_THROWS_WITH(sink.CommitBatch(1), Catch::Contains("did not begin"));
    CHECK_THROWS_WITH(sink.Write(*Rows_(1, 1)), Catch::Contains("outside a batch"));
}

TEST_CASE("file sink output reads back through the file source", "[file_sink]") {
    fs::path root = TempDir("sink-chain");
    for (const char* format : {"csv", "json"}) {
        fs::path dir = root / format;
        SinkSpec spec = FileSinkSpec(dir, format);
        spec.format_options.Set("header", true);
        FileSink sink(spec, Env());
        sink.Open();
        for (int b = 0; b < 3; ++b) {
            REQUIRE(sink.BeginBatch(b));
            sink.Write(*Rows_(b * 10, 4));
            if (b < 2)
                sink.CommitBatch(b);
        }
        // Batch 2 is still being written: its hidden file and the manifest are not inputs.
        SourceSpec source_spec = FileSourceSpec(dir.string(), Output(), format);
        source_spec.format_options.Set("header", true);
        FileSource source(source_spec, FileSourceEnv(""));
        source.Open(nullptr);
        Offset end = source.LatestOffset(source.InitialOffset());
        Rows rows = ReadRows(source, source.InitialOffset(), end);
        CHECK(rows.size() == 8);
        CHECK(rows[0] == "0|NULL|1970-01-01 00:00:00");
        CHECK(rows[1] == "1|name, 1|1970-01-01 00:00:01");
        CHECK(rows[7] == "13|name, 13|1970-01-01 00:00:13");
    }
}

TEST_CASE("file sink options", "[file_sink]") {
    fs::path dir = TempDir("sink-options");
    SinkSpec spec = FileSinkSpec(dir, "text");
    CHECK_THROWS_WITH(FileSink(spec, Env()), Catch::Contains("csv or json, not 'text'"));
    spec = FileSinkSpec(dir);
    spec.options = Options();
    CHECK_THROWS_WITH(FileSink(spec, Env()), Catch::Contains("path is empty"));
    CHECK_THROWS_WITH(FileSink(FileSinkSpec(dir), Env("")), Catch::Contains("no query id"));
    CHECK(FileSink::PartFileName(123456789, "json") == "part-123456789.json");
}

TEST_CASE("file sink rejects a batch laid out differently from its schema", "[file_sink]") {
    fs::path dir = TempDir("sink-schema") / "out";
    FileSink sink(FileSinkSpec(dir), Env());
    sink.Open();
    REQUIRE(sink.BeginBatch(0));
    Batch wrong({Col("id", SL_TYPE_STRING), Col("name", SL_TYPE_STRING), Col("ts", SL_TYPE_TIMESTAMP)}, 1);
    wrong.set_num_rows(1);
    wrong.Values<sl_str>(0)[0] = wrong.MakeString("x");
    wrong.Values<sl_str>(1)[0] = wrong.MakeString("y");
    wrong.Values<int64_t>(2)[0] = 0;
    CHECK_THROWS_WITH(sink.Write(wrong), Catch::Contains("do not match the sink's schema"));
}

TEST_CASE("file sink refuses a directory another query wrote", "[file_sink]") {
    fs::path dir = TempDir("sink-other-query") / "out";
    {
        FileSink sink(FileSinkSpec(dir), Env());
        sink.Open();
        for (int b = 0; b < 3; ++b) {
            REQUIRE(sink.BeginBatch(b));
            sink.Write(*Rows_(b, 1));
            sink.CommitBatch(b);
        }
    }
    const std::string before = ReadFileText(dir / FileSink::kManifestName);
    // The checkpoint was deleted (or another query names the same path): the new query's batches 0-2
    // are not the ones in the manifest, and skipping them as "already written" would lose them.
    {
        FileSink other(FileSinkSpec(dir), Env("0b6e4a57-0000-4000-8000-000000000002"));
        CHECK_THROWS_WITH(
            other.Open(),
            Catch::Contains("output directory '" + dir.string() + "' was written by another query") &&
                Catch::Contains(std::string("id ") + kQueryId) &&
                Catch::Contains("use a new directory or the original checkpoint"));
        CHECK_THROWS_WITH(other.BeginBatch(0), Catch::Contains("was written by another query"));
    }
    CHECK(ReadFileText(dir / FileSink::kManifestName) == before);
    CHECK(fs::exists(dir / "part-00000002.csv"));
    // The query that wrote it carries on.
    FileSink same(FileSinkSpec(dir), Env(kQueryId, /*resuming=*/true));
    same.Open();
    CHECK_FALSE(same.BeginBatch(2));
    CHECK(same.BeginBatch(3));
}

TEST_CASE("file sink takes a manifest without query ids only from a resuming query", "[file_sink]") {
    fs::path dir = TempDir("sink-old-manifest") / "out";
    fs::create_directories(dir);
    {
        // A manifest written before entries carried the query id.
        FramedLog manifest((dir / FileSink::kManifestName).string());
        manifest.Append(R"({"batch_id":0,"files":["part-00000000.csv"],"rows":1})");
    }
    WriteFile(dir / "part-00000000.csv", "1,a,1970-01-01 00:00:01\n", 0);
    {
        FileSink fresh(FileSinkSpec(dir), Env(kQueryId, /*resuming=*/false));
        CHECK_THROWS_WITH(fresh.Open(), Catch::Contains("was written by another query (id unknown"));
    }
    FileSink resumed(FileSinkSpec(dir), Env(kQueryId, /*resuming=*/true));
    resumed.Open();
    CHECK_FALSE(resumed.BeginBatch(0));
    REQUIRE(resumed.BeginBatch(1));
    resumed.Write(*Rows_(2, 1));
    resumed.CommitBatch(1);
    auto manifest = Manifest(dir);
    REQUIRE(manifest.size() == 2);
    CHECK_FALSE(manifest[0].contains("query_id"));
    CHECK(manifest[1]["query_id"] == kQueryId);
}

TEST_CASE("file sink directory is used by one running query at a time", "[file_sink]") {
    fs::path dir = TempDir("sink-lock") / "out";
    auto first = std::make_unique<FileSink>(FileSinkSpec(dir), Env());
    first->Open();
    REQUIRE(first->BeginBatch(0));
    first->Write(*Rows_(1, 1));
    // Even the same query id: two running sinks would append to one manifest, and the second one's Open
    // would delete the first one's file in progress.
    FileSink second(FileSinkSpec(dir), Env());
    CHECK_THROWS_WITH(second.Open(),
                      Catch::Contains("output directory '" + dir.string() + "' is in use by another query"));
    CHECK(fs::exists(dir / ".part-00000000.csv.inprogress"));
    first->CommitBatch(0);
    first.reset();
    second.Open();
    CHECK_FALSE(second.BeginBatch(0));
}

TEST_CASE("file sink reports a failed close of a part file", "[file_sink]") {
    fs::path dir = TempDir("sink-close") / "out";
    FileSink sink(FileSinkSpec(dir), Env());
    sink.Open();
    REQUIRE(sink.BeginBatch(0));
    sink.Write(*Rows_(1, 2));
    {
        IoFaultGuard fault(IoFaults::fail_inprogress_close);
        CHECK_THROWS_WITH(sink.CommitBatch(0), Catch::Contains("cannot close") &&
                                                   Catch::Contains(".part-00000000.csv.inprogress"));
    }
    // Nothing was published for the batch: it runs again.
    CHECK(Manifest(dir).empty());
    CHECK(DirNames(dir) == Rows{"_sluice_lock", "_sluice_manifest.log"});
    REQUIRE(sink.BeginBatch(0));
    sink.Write(*Rows_(1, 2));
    sink.CommitBatch(0);
    CHECK(Manifest(dir).size() == 1);
}

TEST_CASE("file sink reports a failed fsync of its directory", "[file_sink]") {
    fs::path dir = TempDir("sink-dir-fsync") / "out";
    FileSink sink(FileSinkSpec(dir), Env());
    sink.Open();
    REQUIRE(sink.BeginBatch(0));
    sink.Write(*Rows_(1, 2));
    {
        // The rename into place may not survive a power loss: no manifest entry may name the file.
        IoFaultGuard fault(IoFaults::fail_directory_fsync);
        CHECK_THROWS_WITH(sink.CommitBatch(0), Catch::Contains("cannot sync directory"));
    }
    CHECK(Manifest(dir).empty());
}
