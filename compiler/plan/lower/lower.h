#pragma once

#include "compiler/plan/logical/logical_plan.h"
#include "compiler/plan/physical/physical_plan.h"

namespace sluice::plan {

/// Lowers an optimized logical plan (rooted at a LogicalSink) to physical operators and splits it into
/// pipelines: one per scan, running from the scan through every filter and projection on its way to
/// the sink (a UNION ALL is where pipelines meet; it is not an operator at run time). Operator ids are
/// kept from the logical plan.
PhysicalQuery Lower(const LogicalNode& root);

} // namespace sluice::plan
