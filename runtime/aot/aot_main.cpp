// main() of an executable made by `sluice build`. The generated object file defines the symbols of
// sluice/aot.h; this file is linked from the runtime archive next to it.

#include <exception>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "runtime/engine/aot_queries.h"
#include "runtime/engine/exit_codes.h"
#include "runtime/engine/run_main.h"
#include "sluice/aot.h"

int main(int argc, char** argv) {
    using namespace sluice::rt;
    std::vector<QuerySpec> specs;
    try {
        specs = LoadAotQueries(sl_aot_spec_json, sl_aot_pipelines, sl_aot_pipeline_count);
    } catch (const std::exception& e) {
        std::cerr << argv[0] << ": " << e.what() << "\n";
        return kExitQueryFailed;
    }
    CLI::App app("A streaming application compiled by `sluice build`. It runs its queries until they stop by "
                 "themselves (TRIGGER ONCE, AVAILABLE NOW, finite inputs, --max-batches) or until SIGINT or "
                 "SIGTERM, which stops every query at a batch boundary.");
    RunOptions options;
    AddRunOptions(app, options);
    app.footer(DescribeQueries(specs));
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help is a ParseError with exit code 0.
        return app.exit(e) == 0 ? kExitOk : kExitUsage;
    }
    return RunQueries(std::move(specs), options);
}
