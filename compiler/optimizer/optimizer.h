#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "compiler/plan/logical/logical_plan.h"

namespace sluice::optimizer {

/// A rewrite of a logical plan. Rules keep the plan's meaning and its root's schema; each can be
/// switched off by name (tests, `sluice explain --disable-rule`), so every rule must be optional.
class Rule {
public:
    virtual ~Rule() = default;
    /// The name used to switch the rule off: "constant_folding", ...
    virtual const char* Name() const = 0;
    virtual void Apply(plan::LogicalNodePtr& root) = 0;
};

/// Which rules run.
struct OptimizerOptions {
    std::set<std::string> disabled_rules;
};

/// The rule names, in the order they run.
std::vector<std::string> RuleNames();
/// Runs the enabled rules over the plan of one sink, then renumbers the operators.
void Optimize(plan::LogicalNodePtr& root, const OptimizerOptions& options);

std::unique_ptr<Rule> MakeConstantFoldingRule();
std::unique_ptr<Rule> MakeFilterPushdownRule();
std::unique_ptr<Rule> MakeProjectMergeRule();
std::unique_ptr<Rule> MakeProjectionPruningRule();
std::unique_ptr<Rule> MakeSharedScanRule();

} // namespace sluice::optimizer
