#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "runtime/sources/file/file_lister.h"
#include "tests/unit/io/file/file_test_util.h"

using namespace sluice::rt;
using namespace sluice::rt::testing;
namespace fs = std::filesystem;

namespace {

using Rows = std::vector<std::string>;

Schema IdName() {
    return {Col("id", SL_TYPE_BIGINT), Col("name", SL_TYPE_STRING)};
}

// A file whose single row names it: "<id>,<file name>".
void WriteRowFile(const fs::path& dir, const std::string& name, int id, int64_t mtime) {
    WriteFile(dir / name, std::to_string(id) + "," + name + "\n", mtime);
}

// "f<i>.csv" (built by appending: GCC 12 warns falsely about `"f" + std::to_string(i)`, bug 105329).
std::string FileName(int i) {
    std::string name = "f";
    name += std::to_string(i);
    name += ".csv";
    return name;
}

// The files read by the batch ending at `end`, as their names (one row per file).
Rows BatchFiles(Source& source, const Offset& start, const Offset& end) {
    Rows names;
    for (const std::string& row : ReadRows(source, start, end))
        names.push_back(row.substr(row.find('|') + 1));
    return names;
}

const int64_t kT0 = 1767225600; // 2026-01-01

} // namespace

TEST_CASE("file lister skips hidden, temporary and non-regular entries", "[file_source]") {
    fs::path dir = TempDir("lister");
    for (const char* name : {"a.csv", "b.json", ".hidden", "_SUCCESS", "c.csv.tmp", "d.csv._COPYING_",
                             "e.csv.inprogress", "f.csv~", "g.temp"})
        WriteFile(dir / name, "x\n", kT0);
    fs::create_directories(dir / "sub");
    WriteFile(dir / "sub" / "h.csv", "x\n", kT0);
    fs::create_symlink(dir / "a.csv", dir / "link.csv");

    auto names = [](const std::vector<ListedFile>& files) {
        std::vector<std::string> out;
        for (const auto& f : files)
            out.push_back(fs::path(f.path).filename().string());
        std::sort(out.begin(), out.end());
        return out;
    };
    CHECK(names(FileLister(dir.string()).List()) == Rows{"a.csv", "b.json", "link.csv"});
    CHECK(names(FileLister((dir / "*.csv").string()).List()) == Rows{"a.csv", "link.csv"});
    CHECK(names(FileLister((dir / "*" / "*.csv").string()).List()) == Rows{"h.csv"});
    CHECK(FileLister((dir / "nothing-*.csv").string()).List().empty());
    CHECK(names(FileLister((dir / "a.csv").string()).List()) == Rows{"a.csv"});
    CHECK_THROWS_WITH(FileLister((dir / "missing").string()).List(), Catch::Contains("does not exist"));
    auto listed = FileLister((dir / "a.csv").string()).List();
    CHECK(listed[0].mtime_ns == kT0 * 1000000000);
    CHECK(listed[0].size == 2);
}

TEST_CASE("file lister skips entries that vanish or cannot be stat'ed", "[file_source]") {
    fs::path dir = TempDir("lister-vanish");
    WriteFile(dir / "a.csv", "x\n", kT0);
    WriteFile(dir / "b.csv", "x\n", kT0);
    WriteFile(dir / "c.csv", "x\n", kT0);
    // A dangling link is not a file; a file removed between readdir and stat is not one any more. Both
    // leave errno set by the failed stat, which must not be mistaken for a readdir error.
    fs::create_symlink(dir / "gone.csv", dir / "dangling.csv");
    std::vector<std::string> names;
    for (const ListedFile& f : FileLister(dir.string()).List([](const std::string& path) {
             if (fs::path(path).filename() == "b.csv")
                 fs::remove(path); // another process cleans up while we list
             return false;
         }))
        names.push_back(fs::path(f.path).filename().string());
    std::sort(names.begin(), names.end());
    CHECK(names == Rows{"a.csv", "c.csv"});
}

TEST_CASE("file source plans new files by modification time, then name", "[file_source]") {
    fs::path dir = TempDir("plan-order");
    WriteRowFile(dir / "in", "c.csv", 3, kT0 + 10);
    WriteRowFile(dir / "in", "b.csv", 2, kT0 + 20);
    WriteRowFile(dir / "in", "a.csv", 1, kT0 + 20);
    FileSource source(FileSourceSpec((dir / "in").string(), IdName()),
                      FileSourceEnv((dir / "meta").string()));
    source.Open(nullptr);
    Offset start = source.InitialOffset();
    CHECK(start == Offset{{"log_index", -1}});
    Offset end = source.LatestOffset(start);
    CHECK(end == Offset{{"log_index", 0}});
    CHECK(BatchFiles(source, start, end) == Rows{"c.csv", "a.csv", "b.csv"});
    // Nothing new: the same offset comes back.
    CHECK(source.LatestOffset(end) == end);
    // A new file, even one older than those seen (within max_file_age), is planned next; seen files never
    // again.
    WriteRowFile(dir / "in", "d.csv", 4, kT0 + 5);
    WriteFile(dir / "in" / "a.csv", "1,a.csv changed\n", kT0 + 99);
    Offset next = source.LatestOffset(end);
    CHECK(next == Offset{{"log_index", 1}});
    CHECK(BatchFiles(source, end, next) == Rows{"d.csv"});
    CHECK(source.Description() == "FileSource[" + (dir / "in").string() + "]");
}

TEST_CASE("file source max_files_per_trigger, latest_first and rate limits", "[file_source]") {
    fs::path dir = TempDir("plan-limits");
    for (int i = 0; i < 5; ++i)
        WriteRowFile(dir / "in", FileName(i), i, kT0 + i);

    SECTION("oldest first, two at a time") {
        SourceSpec spec = FileSourceSpec((dir / "in").string(), IdName());
        spec.options.Set("max_files_per_trigger", 2);
        FileSource source(spec, FileSourceEnv(""));
        source.Open(nullptr);
        Offset o0 = source.InitialOffset();
        Offset o1 = source.LatestOffset(o0);
        Offset o2 = source.LatestOffset(o1);
        Offset o3 = source.LatestOffset(o2);
        CHECK(source.LatestOffset(o3) == o3);
        CHECK(BatchFiles(source, o0, o1) == Rows{"f0.csv", "f1.csv"});
        CHECK(BatchFiles(source, o1, o2) == Rows{"f2.csv", "f3.csv"});
        CHECK(BatchFiles(source, o2, o3) == Rows{"f4.csv"});
        // A batch spanning several entries reads them in log order.
        CHECK(BatchFiles(source, o0, o3) == Rows{"f0.csv", "f1.csv", "f2.csv", "f3.csv", "f4.csv"});
    }
    SECTION("newest first") {
        SourceSpec spec = FileSourceSpec((dir / "in").string(), IdName());
        spec.options.Set("max_files_per_trigger", 2);
        spec.options.Set("latest_first", true);
        FileSource source(spec, FileSourceEnv(""));
        source.Open(nullptr);
        Offset o0 = source.InitialOffset();
        Offset o1 = source.LatestOffset(o0);
        Offset o2 = source.LatestOffset(o1);
        CHECK(BatchFiles(source, o0, o1) == Rows{"f4.csv", "f3.csv"});
        CHECK(BatchFiles(source, o1, o2) == Rows{"f2.csv", "f1.csv"});
    }
    SECTION("TRIGGER ONCE ignores the rate limit") {
        SourceSpec spec = FileSourceSpec((dir / "in").string(), IdName());
        spec.options.Set("max_files_per_trigger", 2);
        FileSource source(spec, FileSourceEnv(""));
        source.Open(nullptr);
        source.IgnoreRateLimits();
        Offset o0 = source.InitialOffset();
        CHECK(BatchFiles(source, o0, source.LatestOffset(o0)).size() == 5);
    }
}

TEST_CASE("file source max_file_age counts back from the newest planned file", "[file_source]") {
    fs::path dir = TempDir("plan-age");
    WriteRowFile(dir / "in", "old.csv", 1, kT0 - 86400 * 30);
    WriteRowFile(dir / "in", "new.csv", 2, kT0);

    SECTION("the first batch takes every file; later ones skip files older than the limit") {
        SourceSpec spec = FileSourceSpec((dir / "in").string(), IdName());
        spec.options.Set("max_file_age", "1h");
        FileSource source(spec, FileSourceEnv(""));
        source.Open(nullptr);
        Offset o0 = source.InitialOffset();
        Offset o1 = source.LatestOffset(o0);
        CHECK(BatchFiles(source, o0, o1) == Rows{"old.csv", "new.csv"});
        WriteRowFile(dir / "in", "late-but-recent.csv", 3, kT0 - 1800);
        WriteRowFile(dir / "in", "late-and-old.csv", 4, kT0 - 7200);
        Offset o2 = source.LatestOffset(o1);
        CHECK(BatchFiles(source, o1, o2) == Rows{"late-but-recent.csv"});
        CHECK(source.LatestOffset(o2) == o2);
    }
    SECTION("a rate-limited first batch leaves old files that later age out") {
        SourceSpec spec = FileSourceSpec((dir / "in").string(), IdName());
        spec.options.Set("max_file_age", "7d");
        spec.options.Set("max_files_per_trigger", 1);
        WriteRowFile(dir / "in", "older.csv", 0, kT0 - 86400 * 31);
        FileSource source(spec, FileSourceEnv(""));
        source.Open(nullptr);
        Offset o0 = source.InitialOffset();
        Offset o1 = source.LatestOffset(o0);
        Offset o2 = source.LatestOffset(o1);
        Offset o3 = source.LatestOffset(o2);
        CHECK(BatchFiles(source, o0, o1) == Rows{"older.csv"});
        CHECK(BatchFiles(source, o1, o2) == Rows{"old.csv"});
        CHECK(BatchFiles(source, o2, o3) == Rows{"new.csv"});
    }
    SECTION("latest_first with max_files_per_trigger ignores the age, as in Spark") {
        SourceSpec spec = FileSourceSpec((dir / "in").string(), IdName());
        spec.options.Set("max_file_age", "1h");
        spec.options.Set("max_files_per_trigger", 1);
        spec.options.Set("latest_first", true);
        FileSource source(spec, FileSourceEnv(""));
        source.Open(nullptr);
        Offset o0 = source.InitialOffset();
        Offset o1 = source.LatestOffset(o0);
        Offset o2 = source.LatestOffset(o1);
        CHECK(BatchFiles(source, o0, o1) == Rows{"new.csv"});
        CHECK(BatchFiles(source, o1, o2) == Rows{"old.csv"});
    }
    SECTION("durations") {
        SourceSpec spec = FileSourceSpec((dir / "in").string(), IdName());
        spec.options.Set("max_file_age", "soon");
        CHECK_THROWS_WITH(FileSource(spec, FileSourceEnv("")), Catch::Contains("max_file_age 'soon'"));
    }
}

TEST_CASE("file source AVAILABLE NOW plans only the files present at the start", "[file_source]") {
    fs::path dir = TempDir("available-now");
    for (int i = 0; i < 3; ++i)
        WriteRowFile(dir / "in", FileName(i), i, kT0 + i);
    SourceSpec spec = FileSourceSpec((dir / "in").string(), IdName());
    spec.options.Set("max_files_per_trigger", 2);
    FileSource source(spec, FileSourceEnv(""));
    source.Open(nullptr);
    source.PrepareForAvailableNow();
    WriteRowFile(dir / "in", "late.csv", 9, kT0 + 1); // arrives after the start
    Offset o0 = source.InitialOffset();
    Offset o1 = source.LatestOffset(o0);
    Offset o2 = source.LatestOffset(o1);
    CHECK(source.LatestOffset(o2) == o2);
    CHECK(BatchFiles(source, o0, o1) == Rows{"f0.csv", "f1.csv"}); // rate limit still applies
    CHECK(BatchFiles(source, o1, o2) == Rows{"f2.csv"});
}

TEST_CASE("file source restart re-plans batches that were planned but never run", "[file_source]") {
    fs::path dir = TempDir("restart");
    const std::string meta = (dir / "meta").string();
    for (int i = 0; i < 4; ++i)
        WriteRowFile(dir / "in", FileName(i), i, kT0 + i);
    SourceSpec spec = FileSourceSpec((dir / "in").string(), IdName());
    spec.options.Set("max_files_per_trigger", 1);
    Offset o0, o1, o2;
    {
        FileSource source(spec, FileSourceEnv(meta));
        source.Open(nullptr);
        o0 = source.InitialOffset();
        o1 = source.LatestOffset(o0); // batch 0: run and recorded by the engine
        o2 = source.LatestOffset(o1); // batch 1: planned, then the process died before the offsets log
    }
    // A file appears meanwhile: the re-plan of batch 1 sees it (it is the oldest unplanned file now).
    WriteRowFile(dir / "in", "a-new.csv", 9, kT0 - 1);
    {
        FileSource source(spec, FileSourceEnv(meta));
        source.Open(o1);
        // The batch recorded before the crash reads exactly what it read before.
        CHECK(BatchFiles(source, o0, o1) == Rows{"f0.csv"});
        Offset replanned = source.LatestOffset(o1);
        CHECK(replanned == o2);
        CHECK(BatchFiles(source, o1, replanned) == Rows{"a-new.csv"});
        Offset o3 = source.LatestOffset(replanned);
        CHECK(BatchFiles(source, replanned, o3) == Rows{"f1.csv"});
    }
    {
        // A fresh start on an old metadata directory (no batch in the offsets log) plans from scratch.
        FileSource source(spec, FileSourceEnv(meta));
        source.Open(nullptr);
        Offset first = source.LatestOffset(source.InitialOffset());
        CHECK(BatchFiles(source, source.InitialOffset(), first) == Rows{"a-new.csv"});
    }
    {
        FileSource source(spec, FileSourceEnv(meta));
        CHECK_THROWS_WITH(source.Open(Offset{{"log_index", 7}}),
                          Catch::Contains("beyond the 1 planned batches"));
        CHECK_THROWS_WITH(source.Open(Offset{{"position", 1}}),
                          Catch::Contains("is not a file source offset"));
    }
}

TEST_CASE("file source reads in chunks and describes every row", "[file_source]") {
    fs::path dir = TempDir("chunks");
    std::string a;
    for (int i = 0; i < 5; ++i)
        a += std::to_string(i) + ",a" + std::to_string(i) + "\n";
    WriteFile(dir / "in" / "a.csv", a, kT0);
    WriteFile(dir / "in" / "b.csv", "100,\"multi\nline\"\n101,b\n", kT0 + 1);
    WriteFile(dir / "in" / "empty.csv", "", kT0 + 2);
    FileSource source(FileSourceSpec((dir / "in").string(), IdName()), FileSourceEnv("", 3));
    source.Open(nullptr);
    Offset o1 = source.LatestOffset(source.InitialOffset());
    SourceMetrics metrics;
    auto reader = source.Read(source.InitialOffset(), o1, metrics);
    // DescribeRow answers about the chunk Next() returned last, which is also all the engine asks.
    std::vector<std::vector<std::string>> chunks;
    std::vector<std::vector<std::string>> origins;
    while (BatchPtr chunk = reader->Next()) {
        chunks.emplace_back();
        origins.emplace_back();
        for (int64_t r = 0; r < chunk->num_rows(); ++r) {
            chunks.back().push_back(RowText(*chunk, r));
            origins.back().push_back(reader->DescribeRow(r));
        }
    }
    // 5 rows of a.csv and 2 of b.csv in chunks of 3; a chunk may span files.
    REQUIRE(chunks.size() == 3);
    CHECK(chunks[0].size() == 3);
    CHECK(chunks[1].size() == 3);
    CHECK(chunks[2].size() == 1);
    const std::string a_path = (dir / "in" / "a.csv").string();
    const std::string b_path = (dir / "in" / "b.csv").string();
    CHECK(origins[0][2] == "file " + a_path + ", line 3");
    CHECK(origins[1][1] == "file " + a_path + ", line 5");
    CHECK(origins[1][2] == "file " + b_path + ", line 1");
    CHECK(origins[2][0] == "file " + b_path + ", line 3");
    CHECK(chunks[1][2] == "100|multi\nline");
    CHECK(chunks[2][0] == "101|b");
}

TEST_CASE("file source reads files larger than its buffer", "[file_source]") {
    fs::path dir = TempDir("large");
    // 6 MB in records of about 1 KB, plus one record of 9 MB: the 4 MB buffer refills and grows.
    std::string text;
    const std::string filler(1000, 'x');
    int64_t rows = 0;
    while (text.size() < (6u << 20)) {
        text += std::to_string(rows++) + "," + filler + "\n";
    }
    text += std::to_string(rows++) + ",\"" + std::string(9u << 20, 'y') + "\"\n";
    text += std::to_string(rows++) + ",last";
    WriteFile(dir / "in" / "big.csv", text, kT0);
    FileSource source(FileSourceSpec((dir / "in").string(), IdName()), FileSourceEnv(""));
    source.Open(nullptr);
    Offset o1 = source.LatestOffset(source.InitialOffset());
    Rows got = ReadRows(source, source.InitialOffset(), o1);
    REQUIRE(static_cast<int64_t>(got.size()) == rows);
    CHECK(got.front() == "0|" + filler);
    CHECK(got[got.size() - 2].size() == std::to_string(rows - 2).size() + 1 + (9u << 20));
    CHECK(got.back() == std::to_string(rows - 1) + "|last");
    fs::remove_all(dir);
}

TEST_CASE("file source decodes only the projection", "[file_source]") {
    fs::path dir = TempDir("projection");
    WriteFile(dir / "in" / "a.json", "{\"id\":1,\"name\":\"x\"}\n{\"id\":2}\n", kT0);
    SourceSpec spec = FileSourceSpec((dir / "in").string(), IdName(), "json");
    spec.projection = {1};
    FileSource source(spec, FileSourceEnv(""));
    source.Open(nullptr);
    Offset o1 = source.LatestOffset(source.InitialOffset());
    CHECK(ReadRows(source, source.InitialOffset(), o1) == Rows{"x", "NULL"});
}

TEST_CASE("file source bad rows: fail names the file, dead letters are not duplicated", "[file_source]") {
    fs::path dir = TempDir("source-bad-rows");
    WriteFile(dir / "in" / "a.csv", "1,a\nx,b\n3,c\n", kT0);
    WriteFile(dir / "in" / "b.csv", "4,d\n5\n", kT0 + 1);
    SourceSpec spec = FileSourceSpec((dir / "in").string(), IdName());

    SECTION("fail") {
        FileSource source(spec, FileSourceEnv(""));
        source.Open(nullptr);
        Offset o1 = source.LatestOffset(source.InitialOffset());
        CHECK_THROWS_WITH(ReadRows(source, source.InitialOffset(), o1),
                          "file " + (dir / "in" / "a.csv").string() +
                              ", line 2, column 'id': 'x' is not a BIGINT");
    }
    SECTION("dead_letter") {
        spec.options.Set("on_error", "dead_letter");
        spec.options.Set("dead_letter_path", (dir / "bad").string());
        const std::string meta = (dir / "meta").string();
        Offset o0, o1;
        Rows first;
        {
            FileSource source(spec, FileSourceEnv(meta));
            source.Open(nullptr);
            o0 = source.InitialOffset();
            o1 = source.LatestOffset(o0);
            SourceMetrics metrics;
            first = ReadRows(source, o0, o1, &metrics);
            CHECK(metrics.rows_dead_letter == 2);
        }
        CHECK(first == Rows{"1|a", "3|c", "4|d"});
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(dir / "bad"))
            names.push_back(e.path().filename().string());
        std::sort(names.begin(), names.end());
        REQUIRE(names.size() == 2);
        CHECK(names[0] == FileSource::DeadLetterName("q", "bids", (dir / "in" / "a.csv").string()));
        CHECK(names[0].rfind("q-bids-a.csv-", 0) == 0);
        std::string before = ReadFileText(dir / "bad" / names[0]);
        CHECK(nlohmann::json::parse(before)["line"] == 2);
        // The batch is re-run after a restart: same rows, same dead-letter files, nothing added.
        FileSource again(spec, FileSourceEnv(meta));
        again.Open(o1);
        SourceMetrics metrics;
        CHECK(ReadRows(again, o0, o1, &metrics) == first);
        CHECK(metrics.rows_dead_letter == 2);
        CHECK(std::distance(fs::directory_iterator(dir / "bad"), fs::directory_iterator()) == 2);
        CHECK(ReadFileText(dir / "bad" / names[0]) == before);
    }
    SECTION("skip") {
        spec.options.Set("on_error", "skip");
        FileSource source(spec, FileSourceEnv(""));
        source.Open(nullptr);
        Offset o1 = source.LatestOffset(source.InitialOffset());
        SourceMetrics metrics;
        CHECK(ReadRows(source, source.InitialOffset(), o1, &metrics) == Rows{"1|a", "3|c", "4|d"});
        CHECK(metrics.rows_skipped == 2);
    }
}

TEST_CASE("file source clean_source deletes or archives committed files", "[file_source]") {
    fs::path dir = TempDir("clean");
    WriteRowFile(dir / "in", "a.csv", 1, kT0);
    WriteRowFile(dir / "in", "b.csv", 2, kT0 + 1);
    SourceSpec spec = FileSourceSpec((dir / "in").string(), IdName());
    spec.options.Set("max_files_per_trigger", 1);

    SECTION("delete") {
        spec.options.Set("clean_source", "delete");
        FileSource source(spec, FileSourceEnv(""));
        source.Open(nullptr);
        Offset o1 = source.LatestOffset(source.InitialOffset());
        Offset o2 = source.LatestOffset(o1);
        source.Commit(o1);
        CHECK(!fs::exists(dir / "in" / "a.csv"));
        CHECK(fs::exists(dir / "in" / "b.csv")); // planned, not committed
        source.Commit(o2);
        CHECK(!fs::exists(dir / "in" / "b.csv"));
    }
    SECTION("archive keeps the name and never overwrites") {
        spec.options.Set("clean_source", "archive");
        spec.options.Set("source_archive_dir", (dir / "archive").string());
        WriteFile(dir / "archive" / "a.csv", "already here\n", kT0);
        FileSource source(spec, FileSourceEnv(""));
        source.Open(nullptr);
        Offset o1 = source.LatestOffset(source.InitialOffset());
        Offset o2 = source.LatestOffset(o1);
        source.Commit(o2);
        CHECK(!fs::exists(dir / "in" / "a.csv"));
        CHECK(ReadFileText(dir / "archive" / "a.csv") == "already here\n");
        CHECK(ReadFileText(dir / "archive" / "a.csv.1") == "1,a.csv\n");
        CHECK(ReadFileText(dir / "archive" / "b.csv") == "2,b.csv\n");
        source.Commit(o2); // again: nothing left to do, no error
    }
    SECTION("archive needs a directory") {
        spec.options.Set("clean_source", "archive");
        CHECK_THROWS_WITH(FileSource(spec, FileSourceEnv("")), Catch::Contains("source_archive_dir"));
    }
}

TEST_CASE("file source cleans after a restart from where the checkpoint resumes", "[file_source]") {
    fs::path dir = TempDir("clean-restart");
    const std::string meta = (dir / "meta").string();
    for (int i = 0; i < 3; ++i)
        WriteRowFile(dir / "in", FileName(i), i, kT0 + i);
    SourceSpec spec = FileSourceSpec((dir / "in").string(), IdName());
    spec.options.Set("max_files_per_trigger", 1);
    spec.options.Set("clean_source", "delete");
    Offset o0, o1, o2;
    {
        FileSource source(spec, FileSourceEnv(meta));
        source.Open(nullptr);
        o0 = source.LatestOffset(source.InitialOffset());
        source.Commit(o0);
        o1 = source.LatestOffset(o0);
        source.Commit(o1);
        o2 = source.LatestOffset(o1);
        // Batch 2 is in the commit log, but the process dies before Source::Commit cleans f2.csv.
    }
    CHECK_FALSE(fs::exists(dir / "in" / "f0.csv"));
    CHECK_FALSE(fs::exists(dir / "in" / "f1.csv"));
    CHECK(fs::exists(dir / "in" / "f2.csv"));
    // A new file under a name planned long ago is never read (the source knows the path) and must not
    // be deleted either; f3.csv is new.
    WriteRowFile(dir / "in", FileName(0), 10, kT0 + 10);
    WriteRowFile(dir / "in", FileName(3), 3, kT0 + 11);
    FileSource source(spec, FileSourceEnv(meta));
    source.Open(o2);
    Offset o3 = source.LatestOffset(o2);
    CHECK(BatchFiles(source, o2, o3) == Rows{"f3.csv"});
    source.Commit(o3);
    CHECK_FALSE(fs::exists(dir / "in" / "f2.csv")); // left by the crash, cleaned now
    CHECK_FALSE(fs::exists(dir / "in" / "f3.csv"));
    CHECK(ReadFileText(dir / "in" / "f0.csv") == "10,f0.csv\n");
}

TEST_CASE("file source clean-up failures are warnings through the query's log", "[file_source]") {
    fs::path dir = TempDir("clean-warn");
    WriteRowFile(dir / "in", "a.csv", 1, kT0);
    WriteFile(dir / "not-a-dir", "a file where the archive directory should be\n", kT0);
    SourceSpec spec = FileSourceSpec((dir / "in").string(), IdName());
    spec.options.Set("clean_source", "archive");
    spec.options.Set("source_archive_dir", (dir / "not-a-dir").string());
    std::vector<std::string> log;
    SourceEnv env = FileSourceEnv("");
    env.log = [&](const std::string& line) { log.push_back(line); };
    FileSource source(spec, env);
    source.Open(nullptr);
    Offset o1 = source.LatestOffset(source.InitialOffset());
    source.Commit(o1); // does not throw: cleaning is best effort
    REQUIRE(log.size() == 1);
    CHECK_THAT(log[0], Catch::StartsWith("warning: FileSource[") && Catch::Contains("cannot archive"));
    CHECK(fs::exists(dir / "in" / "a.csv"));
}

TEST_CASE("file source rejects bad options up front", "[file_source]") {
    fs::path dir = TempDir("bad-options");
    SourceSpec spec = FileSourceSpec((dir / "in").string(), IdName(), "xml");
    CHECK_THROWS_WITH(FileSource(spec, FileSourceEnv("")), Catch::Contains("unknown source format 'xml'"));
    spec = FileSourceSpec((dir / "in").string(), IdName(), "text");
    CHECK_THROWS_WITH(FileSource(spec, FileSourceEnv("")), Catch::Contains("exactly one STRING column"));
    spec = FileSourceSpec((dir / "in").string(), IdName());
    spec.options.Set("on_error", "dead_letter");
    CHECK_THROWS_WITH(FileSource(spec, FileSourceEnv("")), Catch::Contains("dead_letter_path"));
    // A missing directory is an error when planning, naming the path.
    FileSource source(FileSourceSpec((dir / "missing").string(), IdName()), FileSourceEnv(""));
    source.Open(nullptr);
    CHECK_THROWS_WITH(source.LatestOffset(source.InitialOffset()),
                      Catch::Contains("missing' does not exist"));
}

TEST_CASE("file source log survives a torn tail and paths that are not UTF-8", "[file_source]") {
    fs::path dir = TempDir("log-durability");
    const std::string meta = (dir / "meta").string();
    const std::string latin1 = std::string("caf\xE9") + ".csv"; // ISO-8859-1 bytes, not UTF-8
    WriteRowFile(dir / "in", latin1, 1, kT0);
    WriteRowFile(dir / "in", "b.csv", 2, kT0 + 1);
    SourceSpec spec = FileSourceSpec((dir / "in").string(), IdName());
    spec.options.Set("max_files_per_trigger", 1);
    Offset o0, o1;
    {
        FileSource source(spec, FileSourceEnv(meta));
        source.Open(nullptr);
        o0 = source.InitialOffset();
        o1 = source.LatestOffset(o0);
    }
    {
        // A crash in the middle of planning the next batch leaves half an entry.
        std::ofstream log(dir / "meta" / "files.log", std::ios::app | std::ios::binary);
        log.write("\x40\x00\x00\x00\x12", 5);
    }
    FileSource source(spec, FileSourceEnv(meta));
    source.Open(o1);
    CHECK(BatchFiles(source, o0, o1) == Rows{latin1});
    Offset o2 = source.LatestOffset(o1);
    CHECK(o2 == Offset{{"log_index", 1}});
    CHECK(BatchFiles(source, o1, o2) == Rows{"b.csv"});
}
