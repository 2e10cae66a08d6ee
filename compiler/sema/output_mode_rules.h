#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/plan/logical/logical_plan.h"
#include "compiler/sema/catalog.h"

namespace sluice::sema {

/// Checks that the sink's output mode can be produced by its query, with Spark's rules: COMPLETE needs
/// an aggregation; APPEND needs every aggregation to have a watermarked event-time key (a window over a
/// watermarked column, or such a column) so that groups become final; chains of stateful operators after
/// an aggregation work only in APPEND; ORDER BY / LIMIT only in COMPLETE. Each violation is an E0401 or
/// E0402 diagnostic that says why and what would work. `query` is the sink's input plan.
bool CheckOutputMode(const plan::LogicalNode& query, const SinkEntry& sink, DiagnosticEngine& diags);

} // namespace sluice::sema
