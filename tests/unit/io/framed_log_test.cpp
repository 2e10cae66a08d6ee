#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "runtime/common/framed_log.h"
#include "tests/unit/io/io_faults.h"

using namespace sluice::rt;
using namespace sluice::rt::testing;
namespace fs = std::filesystem;

namespace {
fs::path TempDir(const std::string& name) {
    fs::path dir = fs::temp_directory_path() / ("sluice-test-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}
} // namespace

TEST_CASE("crc32 matches the standard check value", "[framed_log]") {
    CHECK(Crc32("123456789", 9) == 0xCBF43926u);
}

TEST_CASE("framed log round-trips and drops a torn tail", "[framed_log]") {
    fs::path dir = TempDir("framed");
    std::string path = (dir / "offsets.log").string();
    {
        FramedLog log(path);
        log.Append("{\"batch_id\":0}");
        log.Append("{\"batch_id\":1}");
    }
    // A crash in the middle of the third append leaves half a frame.
    {
        std::ofstream out(path, std::ios::app | std::ios::binary);
        out.write("\x20\x00\x00\x00\x01\x02", 6);
    }
    FramedLog log(path);
    REQUIRE(log.entries().size() == 2);
    CHECK(log.entries()[1] == "{\"batch_id\":1}");
    CHECK(log.dropped_tail_bytes() == 6);
    log.Append("{\"batch_id\":2}");
    FramedLog again(path);
    CHECK(again.entries().size() == 3);
    CHECK(again.dropped_tail_bytes() == 0);
}

TEST_CASE("framed log treats a bad entry in the middle as corruption", "[framed_log]") {
    fs::path dir = TempDir("framed-middle");
    std::string path = (dir / "commits.log").string();
    {
        FramedLog log(path);
        log.Append("first");
        log.Append("second");
    }
    {
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(8 + 1);
        f.put('X');
    }
    CHECK_THROWS_WITH(FramedLog(path), Catch::Contains("corrupt") && Catch::Contains("entry 0"));
}

TEST_CASE("framed log detects a corrupted last entry by its CRC", "[framed_log]") {
    fs::path dir = TempDir("framed-crc");
    std::string path = (dir / "commits.log").string();
    {
        FramedLog log(path);
        log.Append("first");
        log.Append("second");
    }
    {
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(8 + 5 + 8 + 2);
        f.put('X');
    }
    FramedLog log(path);
    CHECK(log.entries().size() == 1);
    CHECK(log.dropped_tail_bytes() == 8 + 6);
}

TEST_CASE("framed log rewrite keeps only the given entries", "[framed_log]") {
    fs::path dir = TempDir("framed-rewrite");
    std::string path = (dir / "log").string();
    FramedLog log(path);
    for (int i = 0; i < 5; ++i)
        log.Append(std::to_string(i));
    log.Rewrite({"3", "4"});
    log.Append("5");
    FramedLog again(path);
    CHECK(again.entries() == std::vector<std::string>{"3", "4", "5"});
}

namespace {
void AppendRaw(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::app | std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}
std::string Header(uint32_t len, uint32_t crc) {
    std::string h(8, '\0');
    for (int i = 0; i < 4; ++i) {
        h[i] = static_cast<char>((len >> (8 * i)) & 0xff);
        h[4 + i] = static_cast<char>((crc >> (8 * i)) & 0xff);
    }
    return h;
}
} // namespace

TEST_CASE("framed log drops a zero-filled tail left by a power loss", "[framed_log]") {
    fs::path dir = TempDir("framed-zeros");
    std::string path = (dir / "offsets.log").string();
    {
        FramedLog log(path);
        log.Append("{\"batch_id\":0}");
        log.Append("{\"batch_id\":1}");
    }
    // The file system grew the file for the next append but never wrote its data: zeros. Eight zero
    // bytes would otherwise pass as an empty entry with a valid CRC (the CRC-32 of nothing is 0).
    const size_t zeros = GENERATE(size_t{8}, size_t{13}, size_t{4096});
    AppendRaw(path, std::string(zeros, '\0'));
    FramedLog log(path);
    CHECK(log.entries() == std::vector<std::string>{"{\"batch_id\":0}", "{\"batch_id\":1}"});
    CHECK(log.dropped_tail_bytes() == zeros);
    log.Append("{\"batch_id\":2}");
    FramedLog again(path);
    CHECK(again.entries().size() == 3);
    CHECK(again.dropped_tail_bytes() == 0);
}

TEST_CASE("framed log treats zeros followed by data as corruption", "[framed_log]") {
    fs::path dir = TempDir("framed-zero-middle");
    std::string path = (dir / "commits.log").string();
    {
        FramedLog log(path);
        log.Append("first");
    }
    AppendRaw(path, std::string(8, '\0') + Header(6, Crc32("second", 6)) + "second");
    CHECK_THROWS_WITH(FramedLog(path), Catch::Contains("corrupt") && Catch::Contains("entry 1 at byte 13") &&
                                           Catch::Contains("length 0"));
}

TEST_CASE("framed log treats an impossible length with data after it as corruption", "[framed_log]") {
    fs::path dir = TempDir("framed-length");
    std::string path = (dir / "commits.log").string();
    {
        FramedLog log(path);
        log.Append("first");
        log.Append("second");
        log.Append("third");
    }
    {
        // The length of entry 1 becomes 0x7fffffff: its declared end lies past the end of the file, but
        // entry 2 follows, so this is not a torn last append.
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(8 + 5 + 3);
        f.put('\x7f');
    }
    CHECK_THROWS_WITH(FramedLog(path), Catch::Contains("corrupt") && Catch::Contains("entry 1 at byte 13") &&
                                           Catch::Contains("above the limit"));
}

TEST_CASE("framed log refuses empty entries", "[framed_log]") {
    fs::path dir = TempDir("framed-empty");
    FramedLog log((dir / "log").string());
    CHECK_THROWS(log.Append(""));
    CHECK(log.entries().empty());
}

TEST_CASE("concurrent atomic writes of one file never share a temporary file", "[framed_log]") {
    fs::path dir = TempDir("atomic-concurrent");
    const std::string path = (dir / "metadata").string();
    const std::string a(64 << 10, 'a'), b(64 << 10, 'b');
    std::atomic<int> failures{0};
    auto writer = [&](const std::string& data) {
        for (int i = 0; i < 100; ++i) {
            try {
                WriteFileAtomically(path, data);
            } catch (const std::exception&) {
                ++failures;
            }
        }
    };
    std::thread t1(writer, a), t2(writer, b);
    t1.join();
    t2.join();
    // With one shared "metadata.tmp", one writer renames the other's half-written file into place, or
    // finds it gone when it renames.
    CHECK(failures == 0);
    std::ifstream in(path, std::ios::binary);
    std::string got((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK((got == a || got == b));
    // Temporary files are hidden (a file source never lists them) and none is left behind.
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir))
        names.push_back(e.path().filename().string());
    CHECK(names == std::vector<std::string>{"metadata"});
}

TEST_CASE("a failed directory fsync is an error", "[framed_log]") {
    fs::path dir = TempDir("dir-fsync");
    IoFaultGuard fault(IoFaults::fail_directory_fsync);
    CHECK_THROWS_WITH(SyncDirectory(dir.string()),
                      Catch::Contains("cannot sync directory") && Catch::Contains(dir.string()));
    // A document is durable only once the rename is: WriteFileAtomically reports it too.
    CHECK_THROWS_WITH(WriteFileAtomically((dir / "doc").string(), "x"),
                      Catch::Contains("cannot sync directory"));
}
