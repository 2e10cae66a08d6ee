#pragma once

// Helpers for codegen tests: hand-built physical plans (scan -> filter/project -> sink), batches made
// from plan::Values, and runs of JIT-compiled pipelines with results read back as SQL literal text
// (`42`, `'abc'`, `12.30`, `NULL`), which makes expectations read like the query they test.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "codegen/codegen.h"
#include "compiler/plan/physical/physical_plan.h"
#include "compiler/sema/function_registry.h"
#include "runtime/common/batch.h"
#include "runtime/common/exec_context.h"

namespace sluice::codegen::test {

using plan::BoundExpr;
using plan::BoundExprPtr;
using plan::ExprOp;
using plan::Value;

BoundExprPtr Col(int index, const std::string& name, Type type);
BoundExprPtr Lit(Value v);

template <typename... Args> BoundExprPtr Op(ExprOp op, Type type, Args&&... args) {
    std::vector<BoundExprPtr> v;
    (v.push_back(std::forward<Args>(args)), ...);
    return BoundExpr::MakeOp(op, type, std::move(v));
}

/// A call of the functions.def overload named `name` whose parameter tokens accept the argument types.
BoundExprPtr CallFn(const std::string& name, Type result, std::vector<BoundExprPtr> args);
template <typename... Args> BoundExprPtr Fn(const std::string& name, Type result, Args&&... args) {
    std::vector<BoundExprPtr> v;
    (v.push_back(std::forward<Args>(args)), ...);
    return CallFn(name, result, std::move(v));
}

BoundExprPtr CastTo(BoundExprPtr e, Type to);
BoundExprPtr TryCastTo(BoundExprPtr e, Type to);
/// CASE WHEN c1 THEN v1 ... [ELSE e] END from the flat argument list.
BoundExprPtr CaseOf(Type type, bool has_else, std::vector<BoundExprPtr> args);

rt::ColumnType ColumnTypeOf(const Type& t);
rt::Schema RuntimeSchema(const plan::Schema& schema);

/// A batch with `rows` (NULL values leave their bit unset). Columns without a NULL get no bitmap,
/// unless `always_bitmap`: generated code must handle both.
std::unique_ptr<rt::Batch> MakeBatch(const plan::Schema& schema, const std::vector<std::vector<Value>>& rows,
                                     bool always_bitmap = false);
/// A cell as SQL literal text.
std::string CellText(const rt::Batch& batch, int column, int64_t row, const Type& type);

/// Builds a PhysicalQuery: Scan() starts a pipeline, Filter()/Project() add operators to it, Build()
/// adds the sink (its schema is the first pipeline's last schema) and, with several pipelines, a
/// UNION ALL above them. Operator ids are assigned bottom-up from 1.
class QueryBuilder {
public:
    QueryBuilder& Scan(plan::Schema schema);
    QueryBuilder& Filter(BoundExprPtr predicate);
    QueryBuilder& Project(std::vector<std::pair<std::string, BoundExprPtr>> columns);
    std::unique_ptr<plan::PhysicalQuery> Build();

private:
    struct Branch {
        std::vector<plan::PhysicalNodePtr> nodes; // scan first
    };
    std::vector<Branch> branches_;
};

/// JIT-compiles with the disk cache off (tests never write to the user's cache) and a fresh plan hash.
CompiledQuery Compile(const plan::PhysicalQuery& query, CodegenOptions options = {});

/// One call of a pipeline function.
struct RunOutput {
    int32_t rc = 0;
    sl_ctx ctx;
    std::unique_ptr<rt::Batch> out;
    /// Rows of `out` as text, one vector of cells per row.
    std::vector<std::vector<std::string>> rows;
};

/// Runs pipeline `index` of `compiled` on `in` into a fresh output batch of `out_schema` (or into `out`,
/// appending after its rows).
RunOutput Run(const CompiledQuery& compiled, size_t index, const rt::Batch& in,
              const plan::Schema& out_schema, int64_t batch_timestamp_us = 0,
              std::unique_ptr<rt::Batch> out = nullptr);

/// SELECT expr FROM rows: each row's value as text. Fails the test when the pipeline raises.
std::vector<std::string> Eval(BoundExprPtr expr, const plan::Schema& input,
                              const std::vector<std::vector<Value>>& rows);
/// The value of an expression without columns (one dummy input row).
std::string Eval1(BoundExprPtr expr);
/// SELECT expr over rows when it is expected to raise: the run's context (error code, operator, row).
RunOutput EvalRaw(BoundExprPtr expr, const plan::Schema& input, const std::vector<std::vector<Value>>& rows);

} // namespace sluice::codegen::test
