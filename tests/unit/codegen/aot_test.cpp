// `sluice build`: the AOT object with the aot.h symbols, and a linked executable that runs a query.

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "codegen_test_util.h"
#include "runtime/engine/query_spec.h"

using namespace sluice;
using namespace sluice::codegen;
using namespace sluice::codegen::test;
namespace fs = std::filesystem;

namespace {

const plan::Schema kBids = {
    {"auction", Type::BigInt()}, {"price", Type::BigInt()}, {"channel", Type::String()}};

// SELECT auction, price * 2 AS doubled, upper(channel) AS loud, length(channel) AS len
// FROM bids WHERE price > 100
std::unique_ptr<plan::PhysicalQuery> BidsQuery() {
    std::vector<std::pair<std::string, BoundExprPtr>> cols;
    cols.emplace_back("auction", Col(0, "auction", Type::BigInt()));
    cols.emplace_back(
        "doubled", Op(ExprOp::Mul, Type::BigInt(), Col(1, "price", Type::BigInt()), Lit(Value::BigInt(2))));
    cols.emplace_back("loud", Fn("UPPER", Type::String(), Col(2, "channel", Type::String())));
    cols.emplace_back("len", Fn("LENGTH", Type::BigInt(), Col(2, "channel", Type::String())));
    return QueryBuilder()
        .Scan(kBids)
        .Filter(Op(ExprOp::Gt, Type::Boolean(), Col(1, "price", Type::BigInt()), Lit(Value::BigInt(100))))
        .Project(std::move(cols))
        .Build();
}

rt::QuerySpec BidsSpec(const plan::PhysicalQuery& query, const std::string& hash, const fs::path& in,
                       const fs::path& out) {
    rt::QuerySpec spec;
    spec.plan_hash = hash;
    spec.sink.name = "hot_bids";
    spec.sink.connector = "file";
    spec.sink.format = "csv";
    spec.sink.options.Set("path", out.string());
    spec.sink.schema = RuntimeSchema(query.root->schema);
    spec.sink.trigger.kind = rt::TriggerKind::AvailableNow;
    rt::SourceSpec source;
    source.name = "bids";
    source.connector = "file";
    source.format = "csv";
    source.options.Set("path", in.string());
    source.schema = RuntimeSchema(kBids);
    source.projection = {0, 1, 2};
    spec.sources.push_back(source);
    for (const plan::Pipeline& p : query.pipelines) {
        rt::PipelineSpec ps;
        ps.id = p.id;
        ps.source = static_cast<const plan::PhysicalScan&>(*p.source).source_index;
        ps.symbol = PipelineSymbol(hash, p.id);
        spec.pipelines.push_back(ps);
    }
    spec.operators = {
        {1, "Source { file }"}, {2, "Filter { price > 100 }"}, {3, "Project"}, {4, "Sink { file }"}};
    return spec;
}

class TempDir {
public:
    TempDir() {
        char pattern[] = "/tmp/sluice-aot-test-XXXXXX";
        path_ = mkdtemp(pattern);
    }
    ~TempDir() { fs::remove_all(path_); }
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

std::string ReadFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

TEST_CASE("the AOT object defines the pipelines and the aot.h symbols", "[aot]") {
    TempDir dir;
    auto query = BidsQuery();
    std::string spec_json =
        "[" + rt::ToJson(BidsSpec(*query, "objtest", dir.path() / "in", dir.path() / "out")).dump() + "]";
    fs::path object = dir.path() / "queries.o";
    // The same query twice (two sinks with one plan) is emitted once.
    EmitAotObject({{query.get(), "objtest"}, {query.get(), "objtest"}}, spec_json, object.string());
    std::string bytes = ReadFile(object);
    REQUIRE(bytes.size() > 4);
    CHECK(bytes.compare(0, 4,
                        "\x7f"
                        "ELF") == 0);
    for (const char* symbol :
         {"sl_aot_spec_json", "sl_aot_pipelines", "sl_aot_pipeline_count", "sl_pipe_objtest_1"})
        CHECK(bytes.find(symbol) != std::string::npos);
    CHECK(bytes.find(spec_json) != std::string::npos);

    // Two different plans under one hash cannot share the object's symbols.
    auto other = QueryBuilder().Scan(kBids).Build();
    CHECK_THROWS_AS(
        EmitAotObject({{query.get(), "objtest"}, {other.get(), "objtest"}}, spec_json, object.string()),
        CodegenError);
}

TEST_CASE("sluice build links an executable that runs the query", "[aot]") {
    if (!AotAvailable()) {
        FAIL("this build has no AOT entry point library (runtime/aot)");
        return;
    }
    TempDir dir;
    fs::path in = dir.path() / "in", out = dir.path() / "out";
    fs::create_directories(in);
    std::ofstream(in / "bids.csv") << "1,50,web\n2,150,mobile-app\n3,,web\n4,300,\n5,101,ünï\n";

    auto query = BidsQuery();
    std::string hash = "exetest";
    std::string spec_json = "[" + rt::ToJson(BidsSpec(*query, hash, in, out)).dump() + "]";
    fs::path exe = dir.path() / "hot_bids";
    BuildExecutable({{query.get(), hash}}, spec_json, exe.string());
    REQUIRE(fs::exists(exe));

    std::string command = "timeout 60 " + exe.string() + " > " + (dir.path() / "log.txt").string() + " 2>&1";
    int status = std::system(command.c_str());
    INFO(ReadFile(dir.path() / "log.txt"));
    REQUIRE(status == 0);

    std::vector<std::string> lines;
    for (const auto& entry : fs::directory_iterator(out)) {
        std::string name = entry.path().filename().string();
        if (name[0] == '.' || entry.path().extension() != ".csv")
            continue;
        std::istringstream text(ReadFile(entry.path()));
        for (std::string line; std::getline(text, line);)
            lines.push_back(line);
    }
    std::sort(lines.begin(), lines.end());
    // UPPER changes ASCII letters only; LENGTH counts code points.
    CHECK(lines == std::vector<std::string>{"2,300,MOBILE-APP,10", "4,600,,", "5,202,üNï,3"});
}
