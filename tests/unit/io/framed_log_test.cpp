#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "runtime/common/framed_log.h"

using namespace sluice::rt;
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
