#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "runtime/common/framed_log.h"
#include "runtime/sinks/file/file_sink.h"
#include "tests/unit/io/file/file_test_util.h"

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

SinkEnv Env() {
    SinkEnv env;
    env.query_name = "q";
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

    CHECK(DirNames(dir) == Rows{"_sluice_manifest.log", "part-00000000.csv", "part-00000002.csv"});
    CHECK(ReadFileText(dir / "part-00000000.csv") == "1,\"name, 1\",1970-01-01 00:00:01\n"
                                                     "2,\"name, 2\",1970-01-01 00:00:02\n"
                                                     "3,,1970-01-01 00:00:03\n");
    auto manifest = Manifest(dir);
    REQUIRE(manifest.size() == 3);
    CHECK(manifest[0] == nlohmann::json{{"batch_id", 0}, {"files", {"part-00000000.csv"}}, {"rows", 3}});
    CHECK(manifest[1] == nlohmann::json{{"batch_id", 1}, {"files", nlohmann::json::array()}, {"rows", 0}});
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
    CHECK(DirNames(dir) == Rows{"_sluice_manifest.log", "notes.txt", "part-00000000.csv", "part-final.csv"});
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
