#pragma once

#include <cstdint>
#include <vector>

#include "runtime/engine/query_spec.h"
#include "sluice/aot.h"

namespace sluice::rt {

/// The queries of an executable made by `sluice build`: parses `spec_json` (a JSON array of query
/// specs, sl_aot_spec_json) and sets every PipelineSpec::fn from the table of compiled pipelines
/// (sl_aot_pipelines) by symbol. Throws QueryError for malformed JSON or a symbol the table lacks:
/// both mean the object file and the runtime archive do not belong together.
std::vector<QuerySpec> LoadAotQueries(const char* spec_json, const sl_aot_pipeline* pipelines, int32_t count);

} // namespace sluice::rt
