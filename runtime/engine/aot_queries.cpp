#include "runtime/engine/aot_queries.h"

#include <string>
#include <unordered_map>

#include "runtime/engine/source.h"

namespace sluice::rt {

std::vector<QuerySpec> LoadAotQueries(const char* spec_json, const sl_aot_pipeline* pipelines,
                                      int32_t count) {
    if (!spec_json)
        throw QueryError("the executable embeds no query specs");
    std::unordered_map<std::string, sl_pipeline_fn> by_symbol;
    for (int32_t i = 0; i < count; ++i) {
        if (!pipelines[i].symbol || !pipelines[i].fn)
            throw QueryError("entry " + std::to_string(i) + " of the executable's pipeline table is empty");
        by_symbol.emplace(pipelines[i].symbol, pipelines[i].fn);
    }
    std::vector<QuerySpec> specs;
    try {
        nlohmann::json all = nlohmann::json::parse(spec_json);
        if (!all.is_array())
            throw std::runtime_error("not a JSON array");
        for (const nlohmann::json& j : all)
            specs.push_back(QuerySpecFromJson(j));
    } catch (const std::exception& e) {
        throw QueryError(std::string("the executable's embedded query specs are malformed: ") + e.what());
    }
    for (QuerySpec& spec : specs) {
        for (PipelineSpec& p : spec.pipelines) {
            auto it = by_symbol.find(p.symbol);
            if (it == by_symbol.end())
                throw QueryError("query '" + spec.sink.name + "': pipeline #" + std::to_string(p.id) +
                                 " needs '" + p.symbol + "', which the executable's pipeline table lacks");
            p.fn = it->second;
        }
    }
    return specs;
}

} // namespace sluice::rt
