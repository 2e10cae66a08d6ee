#pragma once

#include <string>

#include "compiler/explain/explain.h"
#include "compiler/optimizer/optimizer.h"
#include "compiler/parse/parser.h"
#include "compiler/sema/analyzer.h"

namespace sluice::test {

/// Parses and analyzes `text`; `plan` is the first sink's plan (null on errors), `errors` the rendered
/// diagnostics.
struct Analyzed {
    SourceManager sources;
    DiagnosticEngine diags{sources};
    std::optional<ast::Script> script;
    sema::AnalyzedScript result;
    std::string errors;
    plan::LogicalNode* plan = nullptr;
};

inline std::unique_ptr<Analyzed> AnalyzeText(const std::string& text) {
    auto a = std::make_unique<Analyzed>();
    uint32_t id = a->sources.Add("t.stream", text);
    a->script = ParseScript(a->sources, id, a->diags);
    if (a->script) {
        a->result = sema::Analyze(*a->script, a->diags);
        if (!a->result.sinks.empty())
            a->plan = a->result.sinks[0].plan.get();
    }
    a->errors = a->diags.RenderText();
    return a;
}

/// The columns every expression test can use.
inline const char* kTestSource =
    "CREATE SOURCE s (i INT, n BIGINT, d DOUBLE, amount DECIMAL(10, 2), name STRING, ts TIMESTAMP, day DATE, "
    "ok BOOLEAN) FROM memory ();\n";

/// Binds `expr` in `SELECT expr AS x FROM s` and returns the bound expression of x as text with its
/// type: "(n + CAST(1 AS BIGINT)) : BIGINT".
inline std::string BindExpr(const std::string& expr) {
    auto a = AnalyzeText(std::string(kTestSource) + "CREATE SINK k INTO memory () AS SELECT " + expr +
                         " AS x FROM s;");
    if (!a->plan)
        return "error: " + a->errors;
    const auto& project = static_cast<const plan::LogicalProject&>(*a->plan->inputs[0]);
    return project.exprs[0]->ToString() + " : " + project.exprs[0]->type.ToString();
}

} // namespace sluice::test
