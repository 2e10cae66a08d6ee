#include <catch2/catch.hpp>

#include "compiler/common/strings.h"
#include "compiler/diag/diagnostic.h"

using namespace sluice;

TEST_CASE("edit distance and suggestions", "[common]") {
    CHECK(EditDistance("prize", "price") == 1);
    CHECK(SuggestName("prize", {"auction", "price", "bidder"}) == "price");
    CHECK(SuggestName("zzzzzz", {"auction", "price"}).empty());
}

TEST_CASE("diagnostic renders a caret under the range", "[diag]") {
    SourceManager sm;
    uint32_t f = sm.Add("q5.stream", "CREATE SINK s\n  SELECT auction, prize * 2 AS doubled\n");
    DiagnosticEngine diags(sm);
    uint32_t at = static_cast<uint32_t>(sm.Get(f).text().find("prize"));
    diags.Error(DiagCode::E0201, {f, at, at + 5}, "column 'prize' not found in source 'bids'")
        .notes.push_back({"did you mean 'price'?", {}});
    CHECK(diags.RenderText() == "q5.stream:2:19: error[E0201]: column 'prize' not found in source 'bids'\n"
                                "   2 |   SELECT auction, prize * 2 AS doubled\n"
                                "     |                   ^~~~~\n"
                                "note: did you mean 'price'?\n");
}
