// docs/language.md documents every function, connector option, format option and query setting of
// the lists that drive the compiler (stdlib/functions.def, runtime/include/sluice/connectors.def).

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "compiler/diag/diagnostic.h"
#include "compiler/sema/function_registry.h"
#include "compiler/sema/option_validator.h"

using namespace sluice;

namespace {
std::string LanguageDoc() {
    std::ifstream in(std::string(SLUICE_SOURCE_DIR) + "/docs/language.md");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}
} // namespace

TEST_CASE("every SQL function is documented", "[docs]") {
    std::string doc = LanguageDoc();
    for (const FunctionInfo& f : AllFunctions()) {
        if (f.internal())
            continue;
        INFO(f.name);
        CHECK(doc.find("| `" + std::string(f.name) + "(") != std::string::npos);
    }
}

TEST_CASE("every connector, option and setting is documented", "[docs]") {
    std::string doc = LanguageDoc();
    for (const sema::ConnectorSpecInfo& c : sema::AllConnectors()) {
        INFO(c.name);
        CHECK(doc.find("### `" + c.name + "` " + (c.is_source ? "source" : "sink")) != std::string::npos);
        for (const sema::OptionSpec& o : c.options) {
            INFO(o.name);
            CHECK(doc.find("| `" + o.name + "` |") != std::string::npos);
        }
    }
    for (const sema::OptionSpec& o : sema::FormatOptions("csv")) {
        INFO(o.name);
        CHECK(doc.find("| `" + o.name + "` |") != std::string::npos);
    }
    for (const sema::OptionSpec& o : sema::AllSettings()) {
        INFO(o.name);
        CHECK(doc.find("| `" + o.name + "` |") != std::string::npos);
    }
}

TEST_CASE("every diagnostic code is documented", "[docs]") {
    std::string doc = LanguageDoc();
#define DIAG(code, name, summary)                                                                            \
    CHECK(doc.find("| " #code " | " + std::string(DiagCodeSummary(DiagCode::code)) + " |") !=                \
          std::string::npos);
#include "compiler/diag/diag_codes.def"
#undef DIAG
}
