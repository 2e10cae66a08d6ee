#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "compiler/plan/logical/logical_plan.h"
#include "compiler/plan/physical/physical_plan.h"

namespace sluice::explain {

enum class Format { Text, Json, Dot };

/// Deterministic renderings of plans for `sluice explain`. Text trees show operator ids, e.g.
///   #3 Sink [append] { console, trigger: default }
///   └─#2 Filter { (price > 100) }
///     └─#1 Source { bids: nexmark(bid), columns: [auction, price] }
std::string ExplainLogical(const plan::LogicalNode& root, Format format);
std::string ExplainPhysical(const plan::PhysicalQuery& query, Format format);
std::string ExplainPipelines(const plan::PhysicalQuery& query, Format format);

/// The one-line description of an operator (`Filter (price > 100)`), used in runtime error messages.
std::string OperatorLabel(const plan::PhysicalNode& node);
/// The physical plan as JSON with every type spelled out: what the plan hash is computed from.
nlohmann::json PhysicalToJson(const plan::PhysicalQuery& query);
/// "4s", "250ms", "1m30s".
std::string FormatDuration(int64_t micros);

} // namespace sluice::explain
