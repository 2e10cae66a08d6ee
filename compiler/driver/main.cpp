// The `sluice` command: run, build, check and explain `.stream` files.

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include "codegen/codegen.h"
#include "compiler/ast/ast_printer.h"
#include "compiler/common/strings.h"
#include "compiler/driver/compilation.h"
#include "compiler/explain/explain.h"
#include "runtime/engine/exit_codes.h"
#include "runtime/engine/run_main.h"

namespace sluice::driver {

namespace {

using rt::kExitCompileErrors;
using rt::kExitOk;
using rt::kExitQueryFailed;
using rt::kExitUsage;

constexpr const char* kVersion = "sluice 0.1.0";

/// Options every command shares.
struct CommonOptions {
    std::string file;
    std::string diagnostics = "text";
};

void AddCommon(CLI::App& cmd, CommonOptions& common) {
    cmd.add_option("FILE", common.file, "the .stream file")->required();
    cmd.add_option("--diagnostics", common.diagnostics, "how compile errors are printed (on stderr)")
        ->check(CLI::IsMember({"text", "json"}))
        ->default_str("text");
}

/// Reads and compiles the file; prints diagnostics. Returns nullptr with `exit_code` set on failure.
std::unique_ptr<Compilation> Compile(const CommonOptions& common, int* exit_code,
                                     const optimizer::OptimizerOptions& options = {}) {
    std::error_code ec;
    if (std::filesystem::is_directory(common.file, ec)) {
        std::cerr << "sluice: '" << common.file << "' is a directory; give a .stream file\n";
        *exit_code = kExitUsage;
        return nullptr;
    }
    std::ifstream in(common.file, std::ios::binary);
    if (!in) {
        std::cerr << "sluice: cannot read '" << common.file << "'\n";
        *exit_code = kExitUsage;
        return nullptr;
    }
    std::stringstream text;
    text << in.rdbuf();
    auto c = std::make_unique<Compilation>(common.file, text.str(), options);
    bool ok = c->Run();
    if (!c->diags().diagnostics().empty()) {
        if (common.diagnostics == "json")
            std::cerr << c->diags().RenderJson() << "\n";
        else
            std::cerr << c->diags().RenderText(isatty(STDERR_FILENO));
    }
    if (!ok) {
        if (common.diagnostics == "text")
            std::cerr << c->diags().ErrorCount() << " error" << (c->diags().ErrorCount() == 1 ? "" : "s")
                      << " in " << common.file << "\n";
        *exit_code = kExitCompileErrors;
        return nullptr;
    }
    return c;
}

/// The sinks a command works on: the one named, or all of them.
std::vector<CompiledSink*> SelectSinks(Compilation& c, const std::string& name, int* exit_code) {
    std::vector<CompiledSink*> out;
    if (name.empty()) {
        for (auto& s : c.sinks())
            out.push_back(&s);
        return out;
    }
    if (CompiledSink* s = c.FindSink(name)) {
        out.push_back(s);
        return out;
    }
    std::cerr << "sluice: no sink '" << name << "' in the file (sinks: " << Join(c.SinkNames(), ", ")
              << ")\n";
    *exit_code = kExitUsage;
    return out;
}

int Run(const CommonOptions& common, const rt::RunOptions& run) {
    // LLVM's start-up overlaps with parsing and planning.
    std::thread warm_up(codegen::WarmUpJit);
    int code = kExitOk;
    std::unique_ptr<Compilation> c = Compile(common, &code);
    std::vector<CompiledSink*> sinks;
    if (c)
        sinks = SelectSinks(*c, run.sink, &code);
    warm_up.join();
    if (!c || code != kExitOk)
        return code;
    if (sinks.empty()) {
        std::cerr << "sluice: " << common.file << " defines no sink: nothing to run\n";
        return kExitUsage;
    }
    std::vector<rt::QuerySpec> specs;
    try {
        for (CompiledSink* s : sinks) {
            codegen::CompiledQuery compiled = codegen::JitCompile(s->physical, s->plan_hash);
            rt::QuerySpec spec = c->BuildSpec(*s, codegen::PipelineSymbol);
            codegen::BindPipelines(spec, compiled);
            specs.push_back(std::move(spec));
        }
    } catch (const codegen::CodegenError& e) {
        std::cerr << "sluice: code generation failed: " << e.what() << "\n";
        return kExitQueryFailed;
    }
    return rt::RunQueries(std::move(specs), run);
}

int Build(const CommonOptions& common, const std::string& output) {
    if (!codegen::AotAvailable()) {
        std::cerr
            << "sluice: this build of sluice cannot link executables (the AOT runtime library is missing)\n";
        return kExitUsage;
    }
    int code = kExitOk;
    std::unique_ptr<Compilation> c = Compile(common, &code);
    if (!c)
        return code;
    if (c->sinks().empty()) {
        std::cerr << "sluice: " << common.file << " defines no sink: nothing to build\n";
        return kExitUsage;
    }
    std::vector<codegen::AotQuery> queries;
    nlohmann::json specs = nlohmann::json::array();
    for (CompiledSink& s : c->sinks()) {
        queries.push_back({&s.physical, s.plan_hash});
        specs.push_back(rt::ToJson(c->BuildSpec(s, codegen::PipelineSymbol)));
    }
    try {
        codegen::BuildExecutable(queries, specs.dump(), output);
    } catch (const codegen::CodegenError& e) {
        std::cerr << "sluice: cannot build '" << output << "': " << e.what() << "\n";
        return kExitQueryFailed;
    }
    std::cerr << "built " << output << " (" << queries.size() << " quer"
              << (queries.size() == 1 ? "y" : "ies") << ": " << Join(c->SinkNames(), ", ") << ")\n";
    return kExitOk;
}

int Check(const CommonOptions& common) {
    int code = kExitOk;
    std::unique_ptr<Compilation> c = Compile(common, &code);
    if (!c)
        return code;
    // JSON readers get a (possibly empty) list whatever happened; warnings went to stderr already.
    if (common.diagnostics == "json") {
        if (c->diags().diagnostics().empty())
            std::cerr << "[]\n";
        return kExitOk;
    }
    std::cout << common.file << ": ok (" << c->sinks().size() << " sink"
              << (c->sinks().size() == 1 ? "" : "s") << ")\n";
    return kExitOk;
}

struct ExplainOptions {
    std::string sink;
    std::string level = "optimized";
    std::string format = "text";
    std::vector<std::string> disabled_rules;
};

int Explain(const CommonOptions& common, const ExplainOptions& opt) {
    if (opt.format == "dot" && (opt.level == "ast" || opt.level == "ir")) {
        std::cerr << "sluice: --format dot is for plan levels (logical, optimized, physical, pipelines)\n";
        return kExitUsage;
    }
    if (opt.format == "json" && opt.level == "ir") {
        std::cerr << "sluice: --level ir is text only\n";
        return kExitUsage;
    }
    optimizer::OptimizerOptions optimizer_options;
    for (const std::string& rule : opt.disabled_rules) {
        std::vector<std::string> names = optimizer::RuleNames();
        if (std::find(names.begin(), names.end(), rule) == names.end()) {
            std::cerr << "sluice: unknown optimizer rule '" << rule << "' (rules: " << Join(names, ", ")
                      << ")\n";
            return kExitUsage;
        }
        optimizer_options.disabled_rules.insert(rule);
    }
    int code = kExitOk;
    std::unique_ptr<Compilation> c = Compile(common, &code, optimizer_options);
    if (!c)
        return code;
    if (opt.level == "ast") {
        std::cout << (opt.format == "json" ? AstToJson(*c->script()).dump(2) + "\n"
                                           : ast::PrintAst(*c->script()));
        return kExitOk;
    }
    std::vector<CompiledSink*> sinks = SelectSinks(*c, opt.sink, &code);
    if (code != kExitOk)
        return code;
    explain::Format format = opt.format == "json"  ? explain::Format::Json
                             : opt.format == "dot" ? explain::Format::Dot
                                                   : explain::Format::Text;
    for (size_t i = 0; i < sinks.size(); ++i) {
        CompiledSink& s = *sinks[i];
        if (sinks.size() > 1 && format == explain::Format::Text)
            std::cout << (i ? "\n" : "") << "== sink " << s.sink->name << " ==\n";
        if (opt.level == "logical")
            std::cout << explain::ExplainLogical(*s.logical, format);
        else if (opt.level == "optimized")
            std::cout << explain::ExplainLogical(*s.optimized, format);
        else if (opt.level == "physical")
            std::cout << explain::ExplainPhysical(s.physical, format);
        else if (opt.level == "pipelines")
            std::cout << explain::ExplainPipelines(s.physical, format);
        else
            std::cout << codegen::QueryIR(s.physical, /*optimized=*/true, s.plan_hash);
    }
    return kExitOk;
}

} // namespace

int Main(int argc, char** argv) {
    CLI::App app{"Sluice: compiles streaming SQL (.stream files) to native code and runs it.\n"
                 "Exit codes: 0 ok, 1 a query failed, 2 usage error, 3 compile errors.",
                 "sluice"};
    app.require_subcommand(1);
    app.set_version_flag("--version", kVersion);

    CommonOptions common;
    rt::RunOptions run;
    CLI::App* run_cmd =
        app.add_subcommand("run", "Compile FILE and run its queries (one per sink) until they stop");
    AddCommon(*run_cmd, common);
    rt::AddRunOptions(*run_cmd, run);

    std::string output;
    CLI::App* build_cmd =
        app.add_subcommand("build", "Compile FILE into a standalone executable that runs its queries");
    AddCommon(*build_cmd, common);
    build_cmd->add_option("-o,--output", output, "the executable to write")->required();

    CLI::App* check_cmd = app.add_subcommand("check", "Compile FILE and report errors; runs nothing");
    AddCommon(*check_cmd, common);

    ExplainOptions explain_options;
    CLI::App* explain_cmd =
        app.add_subcommand("explain", "Show the plans and the generated code of FILE's queries");
    AddCommon(*explain_cmd, common);
    explain_cmd->add_option("--sink", explain_options.sink, "only this sink's query");
    explain_cmd->add_option("--level", explain_options.level, "what to show")
        ->check(CLI::IsMember({"ast", "logical", "optimized", "physical", "pipelines", "ir"}))
        ->default_str("optimized");
    explain_cmd->add_option("--format", explain_options.format, "how to show it")
        ->check(CLI::IsMember({"text", "json", "dot"}))
        ->default_str("text");
    explain_cmd->add_option("--disable-rule", explain_options.disabled_rules,
                            "switch an optimizer rule off (repeatable): " +
                                Join(optimizer::RuleNames(), ", "));

    // CLI11 calls a word that is no subcommand an extra argument; say what it is.
    if (argc > 1 && argv[1][0] != '-') {
        const std::string word = argv[1];
        bool known = false;
        for (const CLI::App* sub : app.get_subcommands({}))
            known = known || sub->get_name() == word;
        if (!known) {
            std::cerr << "sluice: unknown command '" << word
                      << "'; the commands are run, build, check and explain "
                      << "(sluice --help)\n";
            return kExitUsage;
        }
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int status = app.exit(e);
        return status == 0 ? kExitOk : kExitUsage;
    }
    if (run_cmd->parsed())
        return Run(common, run);
    if (build_cmd->parsed())
        return Build(common, output);
    if (check_cmd->parsed())
        return Check(common);
    return Explain(common, explain_options);
}

} // namespace sluice::driver

int main(int argc, char** argv) {
    return sluice::driver::Main(argc, argv);
}
