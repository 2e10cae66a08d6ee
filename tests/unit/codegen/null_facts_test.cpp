// ColumnsNonNullWhenTrue: what a TRUE filter predicate proves about its input columns.

#include <catch2/catch.hpp>

#include "codegen/expr/null_facts.h"
#include "codegen_test_util.h"

using namespace sluice;
using namespace sluice::codegen;
using namespace sluice::codegen::test;

namespace {

BoundExprPtr C(int i) {
    return Col(i, "c" + std::to_string(i), Type::BigInt());
}
BoundExprPtr Gt(BoundExprPtr a, BoundExprPtr b) {
    return Op(ExprOp::Gt, Type::Boolean(), std::move(a), std::move(b));
}
BoundExprPtr Zero() {
    return Lit(Value::BigInt(0));
}

} // namespace

TEST_CASE("strict operators under AND prove their columns non-NULL", "[nullfacts]") {
    CHECK(ColumnsNonNullWhenTrue(*Gt(Op(ExprOp::Add, Type::BigInt(), C(0), C(1)), Zero())) ==
          std::set<int>{0, 1});
    CHECK(ColumnsNonNullWhenTrue(*Op(ExprOp::And, Type::Boolean(), Gt(C(0), Zero()), Gt(C(2), Zero()))) ==
          std::set<int>{0, 2});
    CHECK(ColumnsNonNullWhenTrue(*Op(ExprOp::IsNotNull, Type::Boolean(), C(3))) == std::set<int>{3});
    CHECK(ColumnsNonNullWhenTrue(*Op(ExprOp::Not, Type::Boolean(),
                                     Op(ExprOp::Eq, Type::Boolean(), C(0), C(1)))) == std::set<int>{0, 1});
    CHECK(ColumnsNonNullWhenTrue(*Gt(Fn("ABS", Type::BigInt(), C(4)), Zero())) == std::set<int>{4});
    CHECK(ColumnsNonNullWhenTrue(*Col(5, "flag", Type::Boolean())) == std::set<int>{5});
    // IN proves the tested value, not the list's columns.
    CHECK(ColumnsNonNullWhenTrue(*Op(ExprOp::In, Type::Boolean(), C(0), C(1), Lit(Value::BigInt(3)))) ==
          std::set<int>{0});
}

TEST_CASE("OR, IS NULL and non-strict forms prove nothing", "[nullfacts]") {
    CHECK(
        ColumnsNonNullWhenTrue(*Op(ExprOp::Or, Type::Boolean(), Gt(C(0), Zero()), Gt(C(1), Zero()))).empty());
    CHECK(ColumnsNonNullWhenTrue(*Op(ExprOp::IsNull, Type::Boolean(), C(0))).empty());
    CHECK(ColumnsNonNullWhenTrue(*Op(ExprOp::Not, Type::Boolean(), Op(ExprOp::IsNull, Type::Boolean(), C(0))))
              .empty());
    CHECK(ColumnsNonNullWhenTrue(*Gt(Op(ExprOp::Coalesce, Type::BigInt(), C(0), C(1)), Zero())).empty());
    // Inside a strict operator, a COALESCE still hides its arguments.
    CHECK(ColumnsNonNullWhenTrue(
              *Gt(Op(ExprOp::Add, Type::BigInt(), C(2), Op(ExprOp::Coalesce, Type::BigInt(), C(0), Zero())),
                  Zero())) == std::set<int>{2});
}

TEST_CASE("columns a filter proves non-NULL keep their values above it", "[nullfacts][pipeline]") {
    plan::Schema schema = {{"c0", Type::BigInt()}, {"c1", Type::BigInt()}};
    // SELECT c0, c1, c0 IS NULL, COALESCE(c1, -1) FROM t WHERE c0 > 0 OR c1 > 0   (proves nothing)
    // SELECT ... WHERE c0 > 0                                                       (proves c0)
    for (bool proves : {false, true}) {
        std::vector<std::pair<std::string, BoundExprPtr>> cols;
        cols.emplace_back("c0", C(0));
        cols.emplace_back("c1", C(1));
        cols.emplace_back("c0_null", Op(ExprOp::IsNull, Type::Boolean(), C(0)));
        cols.emplace_back("c1_or", Op(ExprOp::Coalesce, Type::BigInt(), C(1), Lit(Value::BigInt(-1))));
        BoundExprPtr predicate =
            proves ? Gt(C(0), Zero()) : Op(ExprOp::Or, Type::Boolean(), Gt(C(0), Zero()), Gt(C(1), Zero()));
        auto query =
            QueryBuilder().Scan(schema).Filter(std::move(predicate)).Project(std::move(cols)).Build();
        CompiledQuery compiled = Compile(*query);
        auto in = MakeBatch(schema, {{Value::BigInt(5), Value::Null(Type::BigInt())},
                                     {Value::Null(Type::BigInt()), Value::BigInt(7)},
                                     {Value::BigInt(-1), Value::BigInt(-1)}});
        RunOutput run = Run(compiled, 0, *in, query->root->schema);
        REQUIRE(run.rc == SL_OK);
        std::vector<std::vector<std::string>> expected = {{"5", "NULL", "FALSE", "-1"}};
        if (!proves)
            expected.push_back({"NULL", "7", "TRUE", "7"});
        CHECK(run.rows == expected);
    }
}
