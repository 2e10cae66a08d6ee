// Whole pipelines: scan -> filter/project -> sink, the output layout, UNION ALL.

#include <catch2/catch.hpp>

#include "codegen_test_util.h"
#include "runtime/common/value_format.h"

using namespace sluice;
using namespace sluice::codegen;
using namespace sluice::codegen::test;

namespace {

const plan::Schema kBids = {
    {"auction", Type::BigInt()}, {"price", Type::BigInt()}, {"channel", Type::String()}};

std::vector<std::vector<Value>> BidRows() {
    return {
        {Value::BigInt(1), Value::BigInt(50), Value::String("web")},
        {Value::BigInt(2), Value::BigInt(150), Value::String("mobile-app")},
        {Value::BigInt(3), Value::Null(Type::BigInt()), Value::String("web")},
        {Value::BigInt(4), Value::BigInt(300), Value::Null(Type::String())},
    };
}

// SELECT auction, price * 2 AS doubled, channel FROM bids WHERE price > 100
std::unique_ptr<plan::PhysicalQuery> FilterProject() {
    std::vector<std::pair<std::string, BoundExprPtr>> cols;
    cols.emplace_back("auction", Col(0, "auction", Type::BigInt()));
    cols.emplace_back(
        "doubled", Op(ExprOp::Mul, Type::BigInt(), Col(1, "price", Type::BigInt()), Lit(Value::BigInt(2))));
    cols.emplace_back("channel", Col(2, "channel", Type::String()));
    return QueryBuilder()
        .Scan(kBids)
        .Filter(Op(ExprOp::Gt, Type::Boolean(), Col(1, "price", Type::BigInt()), Lit(Value::BigInt(100))))
        .Project(std::move(cols))
        .Build();
}

} // namespace

TEST_CASE("a filter and a projection fuse into one loop over the batch", "[pipeline]") {
    auto query = FilterProject();
    CompiledQuery compiled = Compile(*query);
    REQUIRE(compiled.pipelines.size() == 1);
    CHECK(compiled.pipelines[0].symbol.rfind("sl_pipe_test", 0) == 0);

    for (bool bitmap : {false, true}) {
        auto in = MakeBatch(kBids, BidRows(), bitmap);
        RunOutput run = Run(compiled, 0, *in, query->root->schema);
        REQUIRE(run.rc == SL_OK);
        // Row 1 fails the filter, row 3's NULL price makes the predicate NULL: both dropped.
        REQUIRE(run.rows.size() == 2);
        CHECK(run.rows[0] == std::vector<std::string>{"2", "300", "'mobile-app'"});
        CHECK(run.rows[1] == std::vector<std::string>{"4", "600", "NULL"});
    }
}

TEST_CASE("an empty batch produces no rows and leaves the output untouched", "[pipeline]") {
    auto query = FilterProject();
    CompiledQuery compiled = Compile(*query);
    auto in = MakeBatch(kBids, {});
    RunOutput run = Run(compiled, 0, *in, query->root->schema);
    CHECK(run.rc == SL_OK);
    CHECK(run.out->num_rows() == 0);
}

TEST_CASE("a pipeline appends after the rows already in its output batch", "[pipeline]") {
    auto query = FilterProject();
    CompiledQuery compiled = Compile(*query);
    auto in = MakeBatch(kBids, BidRows());
    auto out = std::make_unique<rt::Batch>(RuntimeSchema(query->root->schema), 16);
    out->AllocateAllValidity();
    out->set_num_rows(5); // five rows written before (bits zero: NULL)
    RunOutput run = Run(compiled, 0, *in, query->root->schema, 0, std::move(out));
    REQUIRE(run.rc == SL_OK);
    REQUIRE(run.rows.size() == 7);
    CHECK(run.rows[4] == std::vector<std::string>{"NULL", "NULL", "NULL"});
    CHECK(run.rows[5] == std::vector<std::string>{"2", "300", "'mobile-app'"});
    CHECK(run.rows[6] == std::vector<std::string>{"4", "600", "NULL"});
}

TEST_CASE("UNION ALL: two pipelines append into one output batch", "[pipeline]") {
    plan::Schema other = {{"id", Type::Int()}, {"label", Type::String()}};
    std::vector<std::pair<std::string, BoundExprPtr>> left;
    left.emplace_back("id", Col(0, "auction", Type::BigInt()));
    left.emplace_back("label", Col(2, "channel", Type::String()));
    std::vector<std::pair<std::string, BoundExprPtr>> right;
    right.emplace_back("id", CastTo(Col(0, "id", Type::Int()), Type::BigInt()));
    right.emplace_back("label", Op(ExprOp::Concat, Type::String(), Lit(Value::String("other-")),
                                   Col(1, "label", Type::String())));
    auto query =
        QueryBuilder()
            .Scan(kBids)
            .Filter(Op(ExprOp::Lt, Type::Boolean(), Col(0, "auction", Type::BigInt()), Lit(Value::BigInt(3))))
            .Project(std::move(left))
            .Scan(other)
            .Project(std::move(right))
            .Build();
    REQUIRE(query->pipelines.size() == 2);
    CompiledQuery compiled = Compile(*query);
    REQUIRE(compiled.pipelines.size() == 2);
    CHECK(compiled.pipelines[0].symbol != compiled.pipelines[1].symbol);

    const plan::Schema& out_schema = query->root->schema;
    auto out = std::make_unique<rt::Batch>(RuntimeSchema(out_schema), 16);
    out->AllocateAllValidity();
    auto in1 = MakeBatch(kBids, BidRows());
    RunOutput first = Run(compiled, 0, *in1, out_schema, 0, std::move(out));
    REQUIRE(first.rc == SL_OK);
    auto in2 =
        MakeBatch(other, {{Value::Int(7), Value::String("x")}, {Value::Int(8), Value::Null(Type::String())}});
    RunOutput second = Run(compiled, 1, *in2, out_schema, 0, std::move(first.out));
    REQUIRE(second.rc == SL_OK);
    REQUIRE(second.rows.size() == 4);
    CHECK(second.rows[0] == std::vector<std::string>{"1", "'web'"});
    CHECK(second.rows[1] == std::vector<std::string>{"2", "'mobile-app'"});
    CHECK(second.rows[2] == std::vector<std::string>{"7", "'other-x'"});
    CHECK(second.rows[3] == std::vector<std::string>{"8", "NULL"});
}

TEST_CASE("project -> filter -> project: a filter over computed columns", "[pipeline]") {
    // SELECT total + 1 FROM (SELECT price * 3 AS total, auction FROM bids) WHERE total > 400
    std::vector<std::pair<std::string, BoundExprPtr>> inner;
    inner.emplace_back(
        "total", Op(ExprOp::Mul, Type::BigInt(), Col(1, "price", Type::BigInt()), Lit(Value::BigInt(3))));
    inner.emplace_back("auction", Col(0, "auction", Type::BigInt()));
    std::vector<std::pair<std::string, BoundExprPtr>> outer;
    outer.emplace_back("auction", Col(1, "auction", Type::BigInt()));
    outer.emplace_back(
        "next", Op(ExprOp::Add, Type::BigInt(), Col(0, "total", Type::BigInt()), Lit(Value::BigInt(1))));
    auto query =
        QueryBuilder()
            .Scan(kBids)
            .Project(std::move(inner))
            .Filter(Op(ExprOp::Gt, Type::Boolean(), Col(0, "total", Type::BigInt()), Lit(Value::BigInt(400))))
            .Project(std::move(outer))
            .Build();
    CompiledQuery compiled = Compile(*query);
    auto in = MakeBatch(kBids, BidRows());
    RunOutput run = Run(compiled, 0, *in, query->root->schema);
    REQUIRE(run.rc == SL_OK);
    REQUIRE(run.rows.size() == 2);
    CHECK(run.rows[0] == std::vector<std::string>{"2", "451"});
    CHECK(run.rows[1] == std::vector<std::string>{"4", "901"});
}

TEST_CASE("a filter with a constant predicate and a sink of every type", "[pipeline]") {
    plan::Schema all = {{"b", Type::Boolean()},    {"i", Type::Int()},          {"l", Type::BigInt()},
                        {"d", Type::Double()},     {"m", Type::Decimal(12, 3)}, {"s", Type::String()},
                        {"ts", Type::Timestamp()}, {"day", Type::Date()},       {"span", Type::Interval()}};
    std::vector<std::pair<std::string, BoundExprPtr>> cols;
    for (size_t i = 0; i < all.size(); ++i)
        cols.emplace_back(all[i].name, Col(static_cast<int>(i), all[i].name, all[i].type));
    auto query = QueryBuilder().Scan(all).Filter(Lit(Value::Bool(true))).Project(std::move(cols)).Build();
    CompiledQuery compiled = Compile(*query);
    std::vector<std::vector<Value>> rows = {
        {Value::Bool(true), Value::Int(-7), Value::BigInt(1LL << 40), Value::Double(2.5),
         Value::Decimal(-12345, 12, 3), Value::String("hello, world"), Value::Timestamp(1767225600000000LL),
         Value::Date(20454), Value::Interval(1500000)},
        {Value::Null(Type::Boolean()), Value::Null(Type::Int()), Value::Null(Type::BigInt()),
         Value::Null(Type::Double()), Value::Null(Type::Decimal(12, 3)), Value::Null(Type::String()),
         Value::Null(Type::Timestamp()), Value::Null(Type::Date()), Value::Null(Type::Interval())},
    };
    auto in = MakeBatch(all, rows);
    RunOutput run = Run(compiled, 0, *in, query->root->schema);
    REQUIRE(run.rc == SL_OK);
    REQUIRE(run.rows.size() == 2);
    CHECK(run.rows[0] == std::vector<std::string>{"TRUE", "-7", "1099511627776", "2.5", "-12.345",
                                                  "'hello, world'", "TIMESTAMP '2026-01-01 00:00:00'",
                                                  "DATE '2026-01-01'", rt::FormatInterval(1500000)});
    CHECK(run.rows[1] == std::vector<std::string>(9, "NULL"));
}
