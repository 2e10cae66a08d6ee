#pragma once

#include <string>

#include "compiler/plan/physical/physical_plan.h"

namespace sluice::codegen {

/// A text that changes whenever anything codegen reads from `query` changes: pipelines, operator
/// kinds and ids, schemas with full types, and every expression with its operators, types, column
/// indexes, literals and function overloads. Part of the cache keys, so that a cached object is reused
/// only for the plan it was compiled from, whatever the caller's plan hash covers.
std::string PlanFingerprint(const plan::PhysicalQuery& query);

} // namespace sluice::codegen
