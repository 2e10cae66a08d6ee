#pragma once

#include <memory>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/plan/logical/logical_plan.h"
#include "compiler/sema/catalog.h"

namespace sluice::sema {

/// A sink with its bound query plan (nullptr when the query has errors).
struct BoundSink {
    const SinkEntry* sink = nullptr;
    plan::LogicalNodePtr plan;
};

/// The result of semantic analysis of one script: the catalog and one plan per sink.
struct AnalyzedScript {
    std::unique_ptr<Catalog> catalog = std::make_unique<Catalog>();
    std::vector<BoundSink> sinks;
};

/// Semantic analysis of a parsed script: registers every definition, validates sources (columns,
/// watermark, connector and format options, the schema a connector can produce) and sinks (connector,
/// output mode, trigger, settings), binds every view once and every sink's query, and applies the
/// streaming rules that hold for the supported (stateless) queries. Keeps going after errors so that
/// one run reports as many as it can.
AnalyzedScript Analyze(const ast::Script& script, DiagnosticEngine& diags);

} // namespace sluice::sema
