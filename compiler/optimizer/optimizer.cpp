#include "compiler/optimizer/optimizer.h"

#include <algorithm>

namespace sluice::optimizer {

namespace {

std::vector<std::unique_ptr<Rule>> Pipeline() {
    std::vector<std::unique_ptr<Rule>> rules;
    rules.push_back(MakeConstantFoldingRule());
    rules.push_back(MakeFilterPushdownRule());
    // Pruning first leaves projections that only pass columns through, which merging then removes.
    rules.push_back(MakeProjectionPruningRule());
    rules.push_back(MakeProjectMergeRule());
    // Merging projections can put constants next to each other again.
    rules.push_back(MakeConstantFoldingRule());
    rules.push_back(MakeSharedScanRule());
    return rules;
}

} // namespace

std::vector<std::string> RuleNames() {
    std::vector<std::string> names;
    for (const auto& r : Pipeline())
        if (std::find(names.begin(), names.end(), r->Name()) == names.end())
            names.push_back(r->Name());
    return names;
}

void Optimize(plan::LogicalNodePtr& root, const OptimizerOptions& options) {
    for (const auto& rule : Pipeline())
        if (!options.disabled_rules.count(rule->Name()))
            rule->Apply(root);
    plan::NumberOperators(*root);
}

} // namespace sluice::optimizer
