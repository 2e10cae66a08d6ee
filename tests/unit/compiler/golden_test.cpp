// Golden tests: every tests/golden/plans/X.stream is explained at each plan level and compared with
// X.plan; every tests/golden/diagnostics/X.stream is checked and its diagnostics compared with X.diag.
// `make golden` (SLUICE_UPDATE_GOLDEN=1) rewrites the expected files; review the diff.

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/explain/explain.h"
#include "compiler/optimizer/optimizer.h"
#include "compiler/parse/parser.h"
#include "compiler/plan/lower/lower.h"
#include "compiler/sema/analyzer.h"

namespace fs = std::filesystem;
using namespace sluice;

namespace {

std::string ReadFile(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string Explained(const fs::path& file) {
    SourceManager sources;
    uint32_t id = sources.Add(file.filename().string(), ReadFile(file));
    DiagnosticEngine diags(sources);
    std::optional<ast::Script> script = ParseScript(sources, id, diags);
    if (!script)
        return diags.RenderText();
    sema::AnalyzedScript analyzed = sema::Analyze(*script, diags);
    if (diags.HasErrors())
        return diags.RenderText();
    std::string out;
    for (sema::BoundSink& sink : analyzed.sinks) {
        out += "== sink " + sink.sink->name + ": logical\n" +
               explain::ExplainLogical(*sink.plan, explain::Format::Text);
        optimizer::Optimize(sink.plan, {});
        out += "== optimized\n" + explain::ExplainLogical(*sink.plan, explain::Format::Text);
        plan::PhysicalQuery physical = plan::Lower(*sink.plan);
        // Stateful queries also show their physical operators: exchanges, state layouts, eviction.
        if (!physical.state_tables.empty())
            out += "== physical\n" + explain::ExplainPhysical(physical, explain::Format::Text);
        out += "== pipelines\n" + explain::ExplainPipelines(physical, explain::Format::Text);
    }
    return out;
}

std::string Diagnosed(const fs::path& file) {
    SourceManager sources;
    uint32_t id = sources.Add(file.filename().string(), ReadFile(file));
    DiagnosticEngine diags(sources);
    if (std::optional<ast::Script> script = ParseScript(sources, id, diags))
        sema::Analyze(*script, diags);
    return diags.RenderText();
}

void CheckGolden(const std::string& dir, const std::string& ext, std::string (*render)(const fs::path&)) {
    bool update = std::getenv("SLUICE_UPDATE_GOLDEN") != nullptr;
    std::vector<fs::path> inputs;
    for (const auto& entry : fs::directory_iterator(fs::path(SLUICE_SOURCE_DIR) / "tests/golden" / dir))
        if (entry.path().extension() == ".stream")
            inputs.push_back(entry.path());
    std::sort(inputs.begin(), inputs.end());
    REQUIRE(!inputs.empty());
    for (const fs::path& input : inputs) {
        fs::path expected_path = fs::path(input).replace_extension(ext);
        std::string actual = render(input);
        if (update) {
            std::ofstream(expected_path) << actual;
            continue;
        }
        INFO("golden file " << expected_path.string() << " (make golden rewrites it)");
        REQUIRE(fs::exists(expected_path));
        CHECK(actual == ReadFile(expected_path));
    }
}

} // namespace

TEST_CASE("golden plans", "[golden]") {
    CheckGolden("plans", ".plan", Explained);
}

TEST_CASE("golden diagnostics", "[golden]") {
    CheckGolden("diagnostics", ".diag", Diagnosed);
}
