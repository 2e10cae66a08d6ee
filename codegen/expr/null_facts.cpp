#include "codegen/expr/null_facts.h"

#include "compiler/sema/function_registry.h"

namespace sluice::codegen {

namespace {

using plan::BoundKind;
using plan::ExprOp;

// Operators whose result is NULL whenever an operand is NULL (for IN: the tested value).
bool IsStrict(const plan::BoundExpr& e) {
    switch (e.op) {
    case ExprOp::Add:
    case ExprOp::Sub:
    case ExprOp::Mul:
    case ExprOp::Div:
    case ExprOp::Mod:
    case ExprOp::Neg:
    case ExprOp::Eq:
    case ExprOp::Ne:
    case ExprOp::Lt:
    case ExprOp::Le:
    case ExprOp::Gt:
    case ExprOp::Ge:
    case ExprOp::Not:
    case ExprOp::Concat:
    case ExprOp::Like:
    case ExprOp::Cast:
    case ExprOp::TryCast:
        return true;
    case ExprOp::Function:
        // Every stdlib C function is called strictly; builtins say so in functions.def.
        return e.function && (!e.function->builtin() || e.function->strict());
    default:
        return false;
    }
}

void StrictColumns(const plan::BoundExpr& e, std::set<int>& out) {
    if (e.kind == BoundKind::ColumnRef) {
        out.insert(e.column);
        return;
    }
    if (e.kind != BoundKind::Op)
        return;
    if (e.op == ExprOp::In) {
        StrictColumns(*e.args.at(0), out);
        return;
    }
    if (!IsStrict(e))
        return;
    for (const auto& a : e.args)
        StrictColumns(*a, out);
}

void TrueColumns(const plan::BoundExpr& e, std::set<int>& out) {
    if (e.kind == BoundKind::Op) {
        switch (e.op) {
        case ExprOp::And:
            TrueColumns(*e.args.at(0), out);
            TrueColumns(*e.args.at(1), out);
            return;
        case ExprOp::IsNotNull:
            StrictColumns(*e.args.at(0), out);
            return;
        case ExprOp::Or:
        case ExprOp::IsNull:
            return;
        default:
            break;
        }
    }
    // Anything else that is TRUE is not NULL.
    StrictColumns(e, out);
}

} // namespace

std::set<int> ColumnsNonNullWhenTrue(const plan::BoundExpr& predicate) {
    std::set<int> out;
    TrueColumns(predicate, out);
    return out;
}

std::set<int> ColumnsNonNullWhenNotNull(const plan::BoundExpr& e) {
    std::set<int> out;
    StrictColumns(e, out);
    return out;
}

} // namespace sluice::codegen
