#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "codegen/expr/expr_translator.h"
#include "compiler/plan/logical/logical_plan.h"

namespace sluice::codegen {

/// The row an operator hands to its parent during Consume: one SqlValue per column of the operator's
/// output schema, each either present already or computed on first request by a producer (a scan
/// column's load, a projection's expression). Lazy columns are how a pipeline loads only the columns
/// some expression reads, and computes a projection after the filter above it has dropped the row.
///
/// A value is cached where it is first requested, so requests must come from points that dominate
/// every later use: the top level of a Consume (ExprTranslator::Translate fetches all columns of an
/// expression before it branches). Consumes nest (a parent's code runs inside its child's), so a
/// value fetched at one operator's top level dominates everything its ancestors emit.
class RowValues : public ColumnResolver {
public:
    using Producer = std::function<SqlValue()>;

    explicit RowValues(const plan::Schema& schema)
        : schema_(schema), values_(schema.size()), producers_(schema.size()) {}

    const plan::Schema& schema() const { return schema_; }
    size_t size() const { return values_.size(); }

    void Set(int index, SqlValue value) { values_.at(index) = value; }
    void SetProducer(int index, Producer producer) { producers_.at(index) = std::move(producer); }

    SqlValue Column(int index) override;

private:
    const plan::Schema& schema_;
    std::vector<std::optional<SqlValue>> values_;
    std::vector<Producer> producers_;
};

} // namespace sluice::codegen
