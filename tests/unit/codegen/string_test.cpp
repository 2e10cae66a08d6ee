// Strings: comparisons (prefix fast paths and the stdlib), constants, concatenation, functions that make
// new strings in the arena, LIKE specializations against the generic matcher, IN over constants.

#include <catch2/catch.hpp>

#include "codegen/expr/like_pattern.h"
#include "codegen_test_util.h"

using namespace sluice;
using namespace sluice::codegen;
using namespace sluice::codegen::test;

namespace {

const plan::Schema kAB = {{"a", Type::String()}, {"b", Type::String()}};
const plan::Schema kS = {{"s", Type::String()}};

BoundExprPtr A() {
    return Col(0, "a", Type::String());
}
BoundExprPtr B() {
    return Col(1, "b", Type::String());
}
BoundExprPtr S() {
    return Col(0, "s", Type::String());
}

Value Str(std::string s) {
    return Value::String(std::move(s));
}
Value NullStr() {
    return Value::Null(Type::String());
}

std::vector<std::vector<Value>> Column(const std::vector<Value>& values) {
    std::vector<std::vector<Value>> rows;
    for (const Value& v : values)
        rows.push_back({v});
    return rows;
}

} // namespace

TEST_CASE("string comparisons: byte-wise, unsigned, decided by the prefix where possible",
          "[string][compare]") {
    std::vector<std::vector<Value>> rows = {
        {Str("abc"), Str("abd")},
        {Str("abc"), Str("abc")},
        {Str("abcdef"), Str("abcdeg")}, // same prefix: the stdlib compares the rest
        {Str("abcdef"), Str("abcdef")},
        {Str("ab"), Str("abc")}, // a proper prefix sorts first
        {Str(""), Str("a")},
        {Str("\xff"), Str("a")},                      // unsigned bytes
        {Str("abcd"), Str(std::string("abcd\0", 5))}, // same prefix, NUL byte after it
        {Str("abcdefgh"), Str("abcdxfgh")},
        {NullStr(), Str("a")},
    };
    CHECK(Eval(Op(ExprOp::Lt, Type::Boolean(), A(), B()), kAB, rows) ==
          std::vector<std::string>{"TRUE", "FALSE", "TRUE", "FALSE", "TRUE", "TRUE", "FALSE", "TRUE", "TRUE",
                                   "NULL"});
    CHECK(Eval(Op(ExprOp::Eq, Type::Boolean(), A(), B()), kAB, rows) ==
          std::vector<std::string>{"FALSE", "TRUE", "FALSE", "TRUE", "FALSE", "FALSE", "FALSE", "FALSE",
                                   "FALSE", "NULL"});
    CHECK(Eval(Op(ExprOp::Ne, Type::Boolean(), A(), B()), kAB, rows) ==
          std::vector<std::string>{"TRUE", "FALSE", "TRUE", "FALSE", "TRUE", "TRUE", "TRUE", "TRUE", "TRUE",
                                   "NULL"});
    CHECK(Eval(Op(ExprOp::Ge, Type::Boolean(), A(), B()), kAB, rows) ==
          std::vector<std::string>{"FALSE", "TRUE", "FALSE", "TRUE", "FALSE", "FALSE", "TRUE", "FALSE",
                                   "FALSE", "NULL"});
    CHECK(Eval(Op(ExprOp::Gt, Type::Boolean(), B(), A()), kAB, rows) ==
          std::vector<std::string>{"TRUE", "FALSE", "TRUE", "FALSE", "TRUE", "TRUE", "FALSE", "TRUE", "TRUE",
                                   "NULL"});
    CHECK(Eval(Op(ExprOp::Le, Type::Boolean(), B(), A()), kAB, rows) ==
          std::vector<std::string>{"FALSE", "TRUE", "FALSE", "TRUE", "FALSE", "FALSE", "TRUE", "FALSE",
                                   "FALSE", "NULL"});
}

TEST_CASE("equality with a constant string, short and long", "[string][compare]") {
    auto rows = Column({Str("web"), Str("webs"), Str("mobile-app"), Str("mobile-apq"), Str(""), NullStr()});
    CHECK(Eval(Op(ExprOp::Eq, Type::Boolean(), S(), Lit(Str("web"))), kS, rows) ==
          std::vector<std::string>{"TRUE", "FALSE", "FALSE", "FALSE", "FALSE", "NULL"});
    CHECK(Eval(Op(ExprOp::Eq, Type::Boolean(), Lit(Str("mobile-app")), S()), kS, rows) ==
          std::vector<std::string>{"FALSE", "FALSE", "TRUE", "FALSE", "FALSE", "NULL"});
    CHECK(Eval(Op(ExprOp::Ne, Type::Boolean(), S(), Lit(Str("mobile-app"))), kS, rows) ==
          std::vector<std::string>{"TRUE", "TRUE", "FALSE", "TRUE", "TRUE", "NULL"});
    CHECK(Eval(Op(ExprOp::Eq, Type::Boolean(), S(), Lit(Str(""))), kS, rows) ==
          std::vector<std::string>{"FALSE", "FALSE", "FALSE", "FALSE", "TRUE", "NULL"});
    CHECK(Eval(Op(ExprOp::Lt, Type::Boolean(), S(), Lit(Str("mobile-apz"))), kS, rows) ==
          std::vector<std::string>{"FALSE", "FALSE", "TRUE", "TRUE", "TRUE", "NULL"});
}

TEST_CASE("|| and CONCAT make new strings whose views compare correctly", "[string]") {
    std::vector<std::vector<Value>> rows = {
        {Str("ab"), Str("cd")}, {Str(""), Str("xyz")}, {Str("abc"), Str("def")}, {Str("a"), NullStr()}};
    CHECK(Eval(Op(ExprOp::Concat, Type::String(), A(), B()), kAB, rows) ==
          std::vector<std::string>{"'abcd'", "'xyz'", "'abcdef'", "NULL"});
    // The result's length and prefix must be right for the comparison's fast path.
    CHECK(Eval(Op(ExprOp::Eq, Type::Boolean(), Op(ExprOp::Concat, Type::String(), A(), B()),
                  Lit(Str("abcdef"))),
               kAB, rows) == std::vector<std::string>{"FALSE", "FALSE", "TRUE", "NULL"});
    // CONCAT(a, b, '!') as the binder folds it.
    CHECK(Eval(Fn("CONCAT", Type::String(), Fn("CONCAT", Type::String(), A(), B()), Lit(Str("!"))), kAB,
               rows) == std::vector<std::string>{"'abcd!'", "'xyz!'", "'abcdef!'", "NULL"});
}

TEST_CASE("string functions that allocate their results in the output batch's arena", "[string][functions]") {
    auto rows = Column({Str("  Hello World  "), Str("x"), NullStr()});
    CHECK(Eval(Fn("UPPER", Type::String(), S()), kS, rows) ==
          std::vector<std::string>{"'  HELLO WORLD  '", "'X'", "NULL"});
    CHECK(Eval(Fn("LOWER", Type::String(), S()), kS, rows) ==
          std::vector<std::string>{"'  hello world  '", "'x'", "NULL"});
    CHECK(Eval(Fn("TRIM", Type::String(), S()), kS, rows) ==
          std::vector<std::string>{"'Hello World'", "'x'", "NULL"});
    CHECK(Eval(Fn("SUBSTR", Type::String(), S(), Lit(Value::BigInt(3)), Lit(Value::BigInt(5))), kS, rows) ==
          std::vector<std::string>{"'Hello'", "''", "NULL"});
    CHECK(Eval(Fn("REPLACE", Type::String(), S(), Lit(Str("o")), Lit(Str("0"))), kS, rows) ==
          std::vector<std::string>{"'  Hell0 W0rld  '", "'x'", "NULL"});
    CHECK(Eval(Fn("LPAD", Type::String(), S(), Lit(Value::BigInt(3)), Lit(Str("*"))), kS, rows) ==
          std::vector<std::string>{"'  H'", "'**x'", "NULL"});
    CHECK(Eval(Fn("LENGTH", Type::BigInt(), S()), kS, rows) == std::vector<std::string>{"15", "1", "NULL"});
    CHECK(Eval(Fn("STARTS_WITH", Type::Boolean(), S(), Lit(Str("  He"))), kS, rows) ==
          std::vector<std::string>{"TRUE", "FALSE", "NULL"});
    // The strings outlive the pipeline call: they are in the output batch's arena, read back above.
}

TEST_CASE("LIKE specializations agree with the generic matcher", "[string][like]") {
    const std::vector<std::string> patterns = {
        "abc",   "abc%", "%abc",  "%abc%",  "a%c",   "%",  "%%",       "",      "abcdef%", "%cdef",  "%bcd%",
        "ab%ef", "a_c",  "a\\%c", "100\\%", "%a%b%", "_%", "abcdefgh", "%\\_%", "ab%%cd",  "%%abc%%"};
    const std::vector<Value> inputs = {
        Str("abc"),    Str("abcdef"), Str("xabcx"),    Str("ab"),   Str(""),         Str("a%c"),
        Str("100%"),   Str("acbc"),   Str("abcdefgh"), Str("aXc"),  Str("ABC"),      Str("xyzabc"),
        Str("aabbcc"), Str("a_b"),    Str("abcd"),     Str("abef"), Str("abcdabcd"), NullStr()};
    plan::Schema schema = {{"s", Type::String()}, {"p", Type::String()}};
    for (const std::string& pattern : patterns) {
        std::vector<std::vector<Value>> rows;
        for (const Value& in : inputs)
            rows.push_back({in, Str(pattern)});
        auto specialized = Eval(
            Op(ExprOp::Like, Type::Boolean(), Col(0, "s", Type::String()), Lit(Str(pattern))), schema, rows);
        auto generic =
            Eval(Op(ExprOp::Like, Type::Boolean(), Col(0, "s", Type::String()), Col(1, "p", Type::String())),
                 schema, rows);
        INFO("pattern '" << pattern << "' (" << LikePattern::Analyze(pattern).KindName() << ")");
        CHECK(specialized == generic);
        CHECK(specialized.back() == "NULL");
    }
    // And the results are what LIKE means.
    auto rows = Column({Str("abcdef"), Str("xabc"), Str("ab")});
    CHECK(Eval(Op(ExprOp::Like, Type::Boolean(), S(), Lit(Str("abc%"))), kS, rows) ==
          std::vector<std::string>{"TRUE", "FALSE", "FALSE"});
    CHECK(Eval(Op(ExprOp::Like, Type::Boolean(), S(), Lit(Str("%abc%"))), kS, rows) ==
          std::vector<std::string>{"TRUE", "TRUE", "FALSE"});
    CHECK(Eval(Op(ExprOp::Not, Type::Boolean(), Op(ExprOp::Like, Type::Boolean(), S(), Lit(Str("%c")))), kS,
               rows) == std::vector<std::string>{"TRUE", "FALSE", "TRUE"});
    CHECK(Eval1(Op(ExprOp::Like, Type::Boolean(), Lit(Str("a")), Lit(Value::Null(Type::String())))) ==
          "NULL");
}

TEST_CASE("IN over constant strings: a switch on length and prefix, then the bytes", "[string][in]") {
    auto in_list = [](std::vector<Value> items) {
        std::vector<BoundExprPtr> args;
        args.push_back(Col(0, "s", Type::String()));
        for (Value& v : items)
            args.push_back(Lit(std::move(v)));
        return BoundExpr::MakeOp(ExprOp::In, Type::Boolean(), std::move(args));
    };
    auto rows = Column({Str("web"), Str("mobile-app"), Str("mobile-apx"), Str("mobile-apy"), Str("x"),
                        Str("webx"), Str("we"), NullStr()});
    CHECK(
        Eval(in_list({Str("web"), Str("mobile-app"), Str("mobile-apx"), Str("x"), Str("webx")}), kS, rows) ==
        std::vector<std::string>{"TRUE", "TRUE", "TRUE", "FALSE", "TRUE", "TRUE", "FALSE", "NULL"});
    // A NULL in the list makes a miss unknown.
    CHECK(Eval(in_list({Str("web"), Value::Null(Type::String())}), kS, rows) ==
          std::vector<std::string>{"TRUE", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL"});
    // A list with a column goes through general comparisons.
    std::vector<BoundExprPtr> args;
    args.push_back(A());
    args.push_back(B());
    args.push_back(Lit(Str("zzz")));
    CHECK(Eval(BoundExpr::MakeOp(ExprOp::In, Type::Boolean(), std::move(args)), kAB,
               {{Str("abcdef"), Str("abcdef")},
                {Str("zzz"), Str("q")},
                {Str("q"), NullStr()},
                {Str("q"), Str("r")}}) == std::vector<std::string>{"TRUE", "TRUE", "NULL", "FALSE"});
}
