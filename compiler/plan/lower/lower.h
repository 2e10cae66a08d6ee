#pragma once

#include "compiler/plan/logical/logical_plan.h"
#include "compiler/plan/physical/physical_plan.h"

namespace sluice::plan {

/// Lowers an optimized logical plan (rooted at a LogicalSink) to physical operators and splits it into
/// pipelines. A stateful operator gets an exchange below it (rows routed to state partitions by its key);
/// an aggregation is both the end of the pipeline that updates it and the start of the one that emits
/// its groups. Pipelines run from a scan, an exchange or an aggregation's emit side through filters,
/// projections, window assignments and deduplications up to the sink, an exchange or an aggregation (a
/// UNION ALL is where pipelines meet; it is not an operator at run time), numbered by stage: the
/// pipelines of a stage need only those of earlier stages. ORDER BY / LIMIT become the query's sort.
/// Operator ids are kept from the logical plan; exchanges and the projections that drop their key
/// columns get the ids after the last one.
PhysicalQuery Lower(const LogicalNode& root);

} // namespace sluice::plan
