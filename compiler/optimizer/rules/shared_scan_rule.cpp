#include <algorithm>
#include <map>

#include "compiler/optimizer/optimizer.h"
#include "compiler/optimizer/rules/rewrite.h"
#include "compiler/sema/catalog.h"

namespace sluice::optimizer {

namespace {

using plan::LogicalKind;
using plan::LogicalNodePtr;
using plan::LogicalScan;

/// Gives every scan of one source the same columns, so that a query reading a source twice (`SELECT a
/// FROM s UNION ALL SELECT b FROM s`) runs one source, not two: two would each list and track its input
/// on its own, and could disagree about which files a batch holds. Each scan is widened to the union of
/// the columns and a projection above it keeps the columns its parent reads, in their old positions.
class SharedScanRule : public Rule {
public:
    const char* Name() const override { return "shared_scans"; }

    void Apply(LogicalNodePtr& root) override {
        std::map<const sema::SourceEntry*, std::vector<int>> columns;
        Collect(*root, columns);
        for (auto& [source, cols] : columns) {
            std::sort(cols.begin(), cols.end());
            cols.erase(std::unique(cols.begin(), cols.end()), cols.end());
        }
        Widen(root, columns);
    }

private:
    void Collect(const plan::LogicalNode& node,
                 std::map<const sema::SourceEntry*, std::vector<int>>& columns) {
        if (node.kind == LogicalKind::Scan) {
            auto& scan = static_cast<const LogicalScan&>(node);
            auto& cols = columns[scan.source];
            cols.insert(cols.end(), scan.columns.begin(), scan.columns.end());
        }
        for (const auto& in : node.inputs)
            Collect(*in, columns);
    }

    void Widen(LogicalNodePtr& node, const std::map<const sema::SourceEntry*, std::vector<int>>& columns) {
        for (auto& in : node->inputs)
            Widen(in, columns);
        if (node->kind != LogicalKind::Scan)
            return;
        auto& scan = static_cast<LogicalScan&>(*node);
        const std::vector<int>& all = columns.at(scan.source);
        if (scan.columns == all)
            return;
        std::vector<int> keep; // where each of the scan's columns sits in the widened scan
        for (int c : scan.columns)
            keep.push_back(static_cast<int>(std::lower_bound(all.begin(), all.end(), c) - all.begin()));
        scan.columns = all;
        scan.schema.clear();
        for (int c : all)
            scan.schema.push_back(scan.source->columns[c]);
        node = SelectColumns(std::move(node), keep);
    }
};

} // namespace

std::unique_ptr<Rule> MakeSharedScanRule() {
    return std::make_unique<SharedScanRule>();
}

} // namespace sluice::optimizer
