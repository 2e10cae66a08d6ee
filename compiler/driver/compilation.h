#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/optimizer/optimizer.h"
#include "compiler/plan/logical/logical_plan.h"
#include "compiler/plan/physical/physical_plan.h"
#include "compiler/sema/analyzer.h"
#include "runtime/engine/query_spec.h"

namespace sluice::driver {

/// One sink's query through every compilation stage.
struct CompiledSink {
    const sema::SinkEntry* sink = nullptr;
    plan::LogicalNodePtr logical;   // as bound
    plan::LogicalNodePtr optimized; // after the optimizer rules
    plan::PhysicalQuery physical;
    std::string plan_hash; // SHA-256 of the physical plan with its types: keys the compiled-code caches
};

/// A `.stream` file taken from text to plans: parse, analyze, optimize, lower. Code generation is
/// separate (codegen/), so that `check` and `explain` never need LLVM.
class Compilation {
public:
    Compilation(std::string file_name, std::string text, optimizer::OptimizerOptions options = {});

    /// Runs every stage; false when there were errors (see diags()).
    bool Run();

    DiagnosticEngine& diags() { return diags_; }
    const SourceManager& sources() const { return sources_; }
    const ast::Script* script() const { return script_ ? &*script_ : nullptr; }
    const sema::AnalyzedScript& analyzed() const { return analyzed_; }
    std::vector<CompiledSink>& sinks() { return sinks_; }
    /// The sink named `name` (case-insensitive), or nullptr.
    CompiledSink* FindSink(const std::string& name);
    std::vector<std::string> SinkNames() const;

    /// The runtime's description of a compiled sink, with pipeline symbols from `symbol_of(plan hash,
    /// pipeline id)` and no function pointers yet.
    rt::QuerySpec BuildSpec(const CompiledSink& sink,
                            const std::function<std::string(const std::string&, int)>& symbol_of) const;

private:
    SourceManager sources_;
    uint32_t file_id_;
    DiagnosticEngine diags_;
    optimizer::OptimizerOptions options_;
    std::optional<ast::Script> script_;
    sema::AnalyzedScript analyzed_;
    std::vector<CompiledSink> sinks_;
};

/// The runtime column type of a SQL type.
rt::ColumnType ToColumnType(const Type& t);

} // namespace sluice::driver
