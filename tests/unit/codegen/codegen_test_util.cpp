#include "codegen_test_util.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include <catch2/catch.hpp>

namespace sluice::codegen::test {

BoundExprPtr Col(int index, const std::string& name, Type type) {
    return BoundExpr::Column(index, name, type);
}

BoundExprPtr Lit(Value v) {
    return BoundExpr::Literal(std::move(v));
}

namespace {

bool TokenAccepts(fndef::TypeToken token, const Type& t) {
    switch (token) {
    case fndef::ANY:
        return true;
    case fndef::NUMERIC:
        return t.IsNumeric();
    case fndef::BOOLEAN:
        return t.id == TypeId::Boolean;
    case fndef::INT:
        return t.id == TypeId::Int;
    case fndef::BIGINT:
        return t.id == TypeId::BigInt;
    case fndef::DOUBLE:
        return t.id == TypeId::Double;
    case fndef::DECIMAL:
        return t.id == TypeId::Decimal;
    case fndef::STRING:
        return t.id == TypeId::String;
    case fndef::TIMESTAMP:
        return t.id == TypeId::Timestamp;
    case fndef::DATE:
        return t.id == TypeId::Date;
    case fndef::INTERVAL:
        return t.id == TypeId::Interval;
    default:
        return false;
    }
}

} // namespace

BoundExprPtr CallFn(const std::string& name, Type result, std::vector<BoundExprPtr> args) {
    for (const FunctionInfo& f : AllFunctions()) {
        if (f.name != name || (f.variadic() ? args.size() < f.args.size() : args.size() != f.args.size()))
            continue;
        bool ok = true;
        for (size_t i = 0; i < args.size() && ok; ++i)
            ok = TokenAccepts(f.args[std::min(i, f.args.size() - 1)], args[i]->type);
        if (!ok)
            continue;
        auto e = BoundExpr::MakeOp(ExprOp::Function, result, std::move(args));
        e->function = &f;
        return e;
    }
    throw std::logic_error("no functions.def overload " + name + " for these arguments");
}

BoundExprPtr CastTo(BoundExprPtr e, Type to) {
    return Op(ExprOp::Cast, to, std::move(e));
}

BoundExprPtr TryCastTo(BoundExprPtr e, Type to) {
    return Op(ExprOp::TryCast, to, std::move(e));
}

BoundExprPtr CaseOf(Type type, bool has_else, std::vector<BoundExprPtr> args) {
    auto e = BoundExpr::MakeOp(ExprOp::Case, type, std::move(args));
    e->has_else = has_else;
    return e;
}

rt::ColumnType ColumnTypeOf(const Type& t) {
    switch (t.id) {
    case TypeId::Null:
    case TypeId::Boolean:
        return {SL_TYPE_BOOLEAN, 0, 0};
    case TypeId::Int:
        return {SL_TYPE_INT, 0, 0};
    case TypeId::BigInt:
        return {SL_TYPE_BIGINT, 0, 0};
    case TypeId::Double:
        return {SL_TYPE_DOUBLE, 0, 0};
    case TypeId::Decimal:
        return {SL_TYPE_DECIMAL, t.precision, t.scale};
    case TypeId::String:
        return {SL_TYPE_STRING, 0, 0};
    case TypeId::Timestamp:
        return {SL_TYPE_TIMESTAMP, 0, 0};
    case TypeId::Date:
        return {SL_TYPE_DATE, 0, 0};
    case TypeId::Interval:
        return {SL_TYPE_INTERVAL, 0, 0};
    }
    return {SL_TYPE_BIGINT, 0, 0};
}

rt::Schema RuntimeSchema(const plan::Schema& schema) {
    rt::Schema out;
    for (const plan::Column& c : schema)
        out.push_back({c.name, ColumnTypeOf(c.type)});
    return out;
}

std::unique_ptr<rt::Batch> MakeBatch(const plan::Schema& schema, const std::vector<std::vector<Value>>& rows,
                                     bool always_bitmap) {
    auto batch = std::make_unique<rt::Batch>(RuntimeSchema(schema), static_cast<int64_t>(rows.size()));
    batch->set_num_rows(static_cast<int64_t>(rows.size()));
    for (size_t c = 0; c < schema.size(); ++c) {
        const Type& t = schema[c].type;
        int col = static_cast<int>(c);
        if (always_bitmap) {
            batch->SetNull(col, 0, true); // allocates the bitmap; every row is set below
            batch->SetNull(col, 0, false);
        }
        for (size_t r = 0; r < rows.size(); ++r) {
            const Value& v = rows[r].at(c);
            if (v.is_null) {
                batch->SetNull(col, static_cast<int64_t>(r), true);
                // Garbage in NULL slots: generated code must not read meaning into it.
                std::memset(static_cast<char*>(batch->raw()->columns[c].values) + r * ColumnTypeOf(t).Width(),
                            0xA5, ColumnTypeOf(t).Width());
                continue;
            }
            switch (t.id) {
            case TypeId::Boolean:
                batch->Values<uint8_t>(col)[r] = v.b;
                break;
            case TypeId::Int:
            case TypeId::Date:
                batch->Values<int32_t>(col)[r] = static_cast<int32_t>(v.i);
                break;
            case TypeId::BigInt:
            case TypeId::Timestamp:
            case TypeId::Interval:
                batch->Values<int64_t>(col)[r] = v.i;
                break;
            case TypeId::Double:
                batch->Values<double>(col)[r] = v.d;
                break;
            case TypeId::Decimal:
                batch->Values<sl_decimal>(col)[r] = v.dec;
                break;
            case TypeId::String:
                batch->Values<sl_str>(col)[r] = batch->MakeString(v.s);
                break;
            case TypeId::Null:
                break;
            }
        }
    }
    return batch;
}

std::string CellText(const rt::Batch& batch, int column, int64_t row, const Type& type) {
    if (batch.IsNull(column, row) || type.IsNull())
        return "NULL";
    switch (type.id) {
    case TypeId::Boolean:
        return Value::Bool(batch.Values<uint8_t>(column)[row] != 0).ToSql();
    case TypeId::Int:
        return Value::Int(batch.Values<int32_t>(column)[row]).ToSql();
    case TypeId::Date:
        return Value::Date(batch.Values<int32_t>(column)[row]).ToSql();
    case TypeId::BigInt:
        return Value::BigInt(batch.Values<int64_t>(column)[row]).ToSql();
    case TypeId::Timestamp:
        return Value::Timestamp(batch.Values<int64_t>(column)[row]).ToSql();
    case TypeId::Interval:
        return Value::Interval(batch.Values<int64_t>(column)[row]).ToSql();
    case TypeId::Double:
        return Value::Double(batch.Values<double>(column)[row]).ToSql();
    case TypeId::Decimal:
        return Value::Decimal(batch.Values<sl_decimal>(column)[row], type.precision, type.scale).ToSql();
    case TypeId::String:
        return Value::String(std::string(rt::Batch::ToStringView(batch.Values<sl_str>(column)[row]))).ToSql();
    case TypeId::Null:
        break;
    }
    return "?";
}

QueryBuilder& QueryBuilder::Scan(plan::Schema schema) {
    auto scan = std::make_unique<plan::PhysicalScan>();
    scan->schema = std::move(schema);
    scan->source_index = static_cast<int>(branches_.size());
    for (size_t i = 0; i < scan->schema.size(); ++i)
        scan->columns.push_back(static_cast<int>(i));
    branches_.emplace_back();
    branches_.back().nodes.push_back(std::move(scan));
    return *this;
}

QueryBuilder& QueryBuilder::Filter(BoundExprPtr predicate) {
    auto filter = std::make_unique<plan::PhysicalFilter>();
    filter->schema = branches_.back().nodes.back()->schema;
    filter->predicate = std::move(predicate);
    branches_.back().nodes.push_back(std::move(filter));
    return *this;
}

QueryBuilder& QueryBuilder::Project(std::vector<std::pair<std::string, BoundExprPtr>> columns) {
    auto project = std::make_unique<plan::PhysicalProject>();
    for (auto& [name, e] : columns) {
        project->schema.push_back({name, e->type});
        project->exprs.push_back(std::move(e));
    }
    branches_.back().nodes.push_back(std::move(project));
    return *this;
}

std::unique_ptr<plan::PhysicalQuery> QueryBuilder::Build() {
    auto query = std::make_unique<plan::PhysicalQuery>();
    query->sink_name = "out";
    int next_id = 1;
    std::vector<plan::PhysicalNodePtr> tops;
    std::vector<std::vector<const plan::PhysicalNode*>> chains;
    plan::Schema sink_schema = branches_.at(0).nodes.back()->schema;
    for (Branch& branch : branches_) {
        std::vector<const plan::PhysicalNode*> chain;
        plan::PhysicalNodePtr below;
        for (auto& node : branch.nodes) {
            node->id = next_id++;
            chain.push_back(node.get());
            if (below)
                node->inputs.push_back(std::move(below));
            below = std::move(node);
        }
        tops.push_back(std::move(below));
        chains.push_back(std::move(chain));
    }
    auto sink = std::make_unique<plan::PhysicalSink>();
    sink->schema = sink_schema;
    if (tops.size() == 1) {
        sink->inputs.push_back(std::move(tops[0]));
    } else {
        auto u = std::make_unique<plan::PhysicalUnion>();
        u->id = next_id++;
        u->schema = sink_schema;
        for (auto& t : tops)
            u->inputs.push_back(std::move(t));
        sink->inputs.push_back(std::move(u));
    }
    sink->id = next_id++;
    for (size_t i = 0; i < chains.size(); ++i) {
        plan::Pipeline p;
        p.id = static_cast<int>(i) + 1;
        p.source = chains[i][0];
        p.operators.assign(chains[i].begin() + 1, chains[i].end());
        p.breaker = sink.get();
        query->scans.push_back(static_cast<const plan::PhysicalScan*>(p.source));
        query->pipelines.push_back(std::move(p));
    }
    query->root = std::move(sink);
    branches_.clear();
    return query;
}

CompiledQuery Compile(const plan::PhysicalQuery& query, CodegenOptions options) {
    static int counter = 0;
    options.disk_cache = false;
    return JitCompile(query, "test" + std::to_string(++counter), options);
}

RunOutput Run(const CompiledQuery& compiled, size_t index, const rt::Batch& in,
              const plan::Schema& out_schema, int64_t batch_timestamp_us, std::unique_ptr<rt::Batch> out) {
    RunOutput result;
    if (!out) {
        out = std::make_unique<rt::Batch>(RuntimeSchema(out_schema), std::max<int64_t>(in.num_rows(), 1));
        out->AllocateAllValidity();
    }
    result.ctx.batch_timestamp_us = batch_timestamp_us;
    result.ctx.arena = &out->arena();
    result.rc = compiled.pipelines.at(index).fn(&result.ctx, in.raw(), out->raw());
    for (int64_t r = 0; r < out->num_rows(); ++r) {
        std::vector<std::string> row;
        for (size_t c = 0; c < out_schema.size(); ++c)
            row.push_back(CellText(*out, static_cast<int>(c), r, out_schema[c].type));
        result.rows.push_back(std::move(row));
    }
    result.out = std::move(out);
    return result;
}

RunOutput EvalRaw(BoundExprPtr expr, const plan::Schema& input, const std::vector<std::vector<Value>>& rows) {
    Type type = expr->type;
    std::vector<std::pair<std::string, BoundExprPtr>> columns;
    columns.emplace_back("result", std::move(expr));
    auto query = QueryBuilder().Scan(input).Project(std::move(columns)).Build();
    CompiledQuery compiled = Compile(*query);
    auto in = MakeBatch(input, rows);
    return Run(compiled, 0, *in, {{"result", type}});
}

std::vector<std::string> Eval(BoundExprPtr expr, const plan::Schema& input,
                              const std::vector<std::vector<Value>>& rows) {
    RunOutput run = EvalRaw(std::move(expr), input, rows);
    INFO("error: " << run.ctx.error_detail);
    REQUIRE(run.rc == SL_OK);
    std::vector<std::string> out;
    for (auto& row : run.rows)
        out.push_back(row.at(0));
    return out;
}

std::string Eval1(BoundExprPtr expr) {
    std::vector<std::string> out = Eval(std::move(expr), {{"dummy", Type::Int()}}, {{Value::Int(0)}});
    REQUIRE(out.size() == 1);
    return out[0];
}

} // namespace sluice::codegen::test
