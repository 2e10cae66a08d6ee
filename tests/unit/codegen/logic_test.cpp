// Three-valued logic and NULL propagation.

#include <catch2/catch.hpp>

#include "codegen_test_util.h"

using namespace sluice;
using namespace sluice::codegen;
using namespace sluice::codegen::test;

namespace {

const plan::Schema kAB = {{"a", Type::Boolean()}, {"b", Type::Boolean()}};

// Every pair of TRUE, FALSE, NULL: rows in the order (T,T) (T,F) (T,N) (F,T) (F,F) (F,N) (N,T) (N,F) (N,N).
std::vector<std::vector<Value>> AllPairs() {
    std::vector<Value> v = {Value::Bool(true), Value::Bool(false), Value::Null(Type::Boolean())};
    std::vector<std::vector<Value>> rows;
    for (const Value& a : v)
        for (const Value& b : v)
            rows.push_back({a, b});
    return rows;
}

BoundExprPtr A() {
    return Col(0, "a", Type::Boolean());
}
BoundExprPtr B() {
    return Col(1, "b", Type::Boolean());
}

} // namespace

TEST_CASE("AND, OR and NOT follow SQL's three-valued truth tables", "[logic]") {
    CHECK(Eval(Op(ExprOp::And, Type::Boolean(), A(), B()), kAB, AllPairs()) ==
          std::vector<std::string>{"TRUE", "FALSE", "NULL", "FALSE", "FALSE", "FALSE", "NULL", "FALSE",
                                   "NULL"});
    CHECK(Eval(Op(ExprOp::Or, Type::Boolean(), A(), B()), kAB, AllPairs()) ==
          std::vector<std::string>{"TRUE", "TRUE", "TRUE", "TRUE", "FALSE", "NULL", "TRUE", "NULL", "NULL"});
    CHECK(
        Eval(Op(ExprOp::Not, Type::Boolean(), A()), kAB, AllPairs()) ==
        std::vector<std::string>{"FALSE", "FALSE", "FALSE", "TRUE", "TRUE", "TRUE", "NULL", "NULL", "NULL"});
}

TEST_CASE("the short-circuit form of AND/OR has the same truth tables", "[logic]") {
    // A right side that can raise (integer arithmetic) is evaluated only when the left does not decide.
    plan::Schema schema = {{"a", Type::Boolean()}, {"b", Type::Boolean()}, {"n", Type::BigInt()}};
    auto rows = AllPairs();
    for (auto& r : rows)
        r.push_back(Value::BigInt(1));
    auto costly_b = [] {
        // (n * 1 = 1) = b: TRUE exactly when b is TRUE, NULL when b is NULL.
        return Op(ExprOp::Eq, Type::Boolean(),
                  Op(ExprOp::Eq, Type::Boolean(),
                     Op(ExprOp::Mul, Type::BigInt(), Col(2, "n", Type::BigInt()), Lit(Value::BigInt(1))),
                     Lit(Value::BigInt(1))),
                  Col(1, "b", Type::Boolean()));
    };
    CHECK(Eval(Op(ExprOp::And, Type::Boolean(), A(), costly_b()), schema, rows) ==
          std::vector<std::string>{"TRUE", "FALSE", "NULL", "FALSE", "FALSE", "FALSE", "NULL", "FALSE",
                                   "NULL"});
    CHECK(Eval(Op(ExprOp::Or, Type::Boolean(), A(), costly_b()), schema, rows) ==
          std::vector<std::string>{"TRUE", "TRUE", "TRUE", "TRUE", "FALSE", "NULL", "TRUE", "NULL", "NULL"});
}

TEST_CASE("a decided AND/OR does not evaluate a right side that would raise", "[logic]") {
    plan::Schema schema = {{"x", Type::BigInt()}};
    auto overflowing = [] {
        return Op(ExprOp::Gt, Type::Boolean(),
                  Op(ExprOp::Mul, Type::BigInt(), Col(0, "x", Type::BigInt()), Lit(Value::BigInt(1LL << 62))),
                  Lit(Value::BigInt(0)));
    };
    auto small = [] {
        return Op(ExprOp::Lt, Type::Boolean(), Col(0, "x", Type::BigInt()), Lit(Value::BigInt(2)));
    };
    // x < 2 AND x * 2^62 > 0: for x = 100 the left is FALSE and the product (which overflows) is skipped.
    CHECK(Eval(Op(ExprOp::And, Type::Boolean(), small(), overflowing()), schema,
               {{Value::BigInt(1)}, {Value::BigInt(100)}}) == std::vector<std::string>{"TRUE", "FALSE"});
    // NOT (x < 2) OR ...: TRUE decides.
    CHECK(Eval(Op(ExprOp::Or, Type::Boolean(), Op(ExprOp::Not, Type::Boolean(), small()), overflowing()),
               schema, {{Value::BigInt(100)}}) == std::vector<std::string>{"TRUE"});
    // Undecided: the overflow is raised.
    RunOutput run =
        EvalRaw(Op(ExprOp::And, Type::Boolean(), small(), overflowing()), schema, {{Value::BigInt(-5)}});
    CHECK(run.rc == SL_ERR_OVERFLOW);
}

TEST_CASE("IS NULL and IS NOT NULL are never NULL", "[logic]") {
    plan::Schema schema = {{"x", Type::Int()}, {"s", Type::String()}};
    std::vector<std::vector<Value>> rows = {{Value::Int(1), Value::String("a")},
                                            {Value::Null(Type::Int()), Value::Null(Type::String())}};
    CHECK(Eval(Op(ExprOp::IsNull, Type::Boolean(), Col(0, "x", Type::Int())), schema, rows) ==
          std::vector<std::string>{"FALSE", "TRUE"});
    CHECK(Eval(Op(ExprOp::IsNotNull, Type::Boolean(), Col(1, "s", Type::String())), schema, rows) ==
          std::vector<std::string>{"TRUE", "FALSE"});
    CHECK(Eval1(Op(ExprOp::IsNull, Type::Boolean(), Lit(Value::Null(Type::Null())))) == "TRUE");
}

TEST_CASE("NULL propagates through arithmetic, comparisons and functions", "[logic]") {
    plan::Schema schema = {{"x", Type::BigInt()}, {"y", Type::BigInt()}, {"s", Type::String()}};
    std::vector<std::vector<Value>> rows = {
        {Value::BigInt(3), Value::BigInt(4), Value::String("ab")},
        {Value::Null(Type::BigInt()), Value::BigInt(4), Value::Null(Type::String())},
        {Value::BigInt(3), Value::Null(Type::BigInt()), Value::String("cd")},
    };
    auto x = [] { return Col(0, "x", Type::BigInt()); };
    auto y = [] { return Col(1, "y", Type::BigInt()); };
    CHECK(Eval(Op(ExprOp::Add, Type::BigInt(), x(), y()), schema, rows) ==
          std::vector<std::string>{"7", "NULL", "NULL"});
    CHECK(Eval(Op(ExprOp::Le, Type::Boolean(), x(), y()), schema, rows) ==
          std::vector<std::string>{"TRUE", "NULL", "NULL"});
    CHECK(Eval(Op(ExprOp::Neg, Type::BigInt(), x()), schema, rows) ==
          std::vector<std::string>{"-3", "NULL", "-3"});
    CHECK(Eval(Fn("LENGTH", Type::BigInt(), Col(2, "s", Type::String())), schema, rows) ==
          std::vector<std::string>{"2", "NULL", "2"});
    CHECK(Eval(Op(ExprOp::Concat, Type::String(), Col(2, "s", Type::String()), Lit(Value::String("!"))),
               schema, rows) == std::vector<std::string>{"'ab!'", "NULL", "'cd!'"});
    CHECK(Eval1(Op(ExprOp::Add, Type::Int(), Lit(Value::Int(1)), Lit(Value::Null(Type::Int())))) == "NULL");
}

TEST_CASE("a WHERE clause keeps only rows whose predicate is TRUE", "[logic][pipeline]") {
    std::vector<std::pair<std::string, BoundExprPtr>> cols;
    cols.emplace_back("a", A());
    auto query = QueryBuilder()
                     .Scan(kAB)
                     .Filter(Op(ExprOp::Or, Type::Boolean(), A(), B()))
                     .Project(std::move(cols))
                     .Build();
    CompiledQuery compiled = Compile(*query);
    auto in = MakeBatch(kAB, AllPairs());
    RunOutput run = Run(compiled, 0, *in, query->root->schema);
    REQUIRE(run.rc == SL_OK);
    // OR is TRUE for (T,T) (T,F) (T,N) (F,T) (N,T).
    std::vector<std::vector<std::string>> expected = {{"TRUE"}, {"TRUE"}, {"TRUE"}, {"FALSE"}, {"NULL"}};
    CHECK(run.rows == expected);
}
