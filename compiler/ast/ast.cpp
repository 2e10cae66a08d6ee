#include "compiler/ast/ast.h"

#include "compiler/common/strings.h"

namespace sluice::ast {

std::string Identifier::Key() const {
    return quoted ? text : ToLower(text);
}

std::string QualifiedName::ToString() const {
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) {
        if (i)
            out += '.';
        out += parts[i].text;
    }
    return out;
}

void ForEachChild(const Expr& e, const std::function<void(const Expr&)>& fn) {
    auto each = [&](const ExprPtr& p) {
        if (p)
            fn(*p);
    };
    switch (e.kind) {
    case ExprKind::Literal:
    case ExprKind::ColumnRef:
    case ExprKind::Star:
        break;
    case ExprKind::Unary:
        each(static_cast<const Unary&>(e).operand);
        break;
    case ExprKind::Binary:
        each(static_cast<const Binary&>(e).left);
        each(static_cast<const Binary&>(e).right);
        break;
    case ExprKind::Call:
        for (const auto& a : static_cast<const Call&>(e).args)
            each(a);
        each(static_cast<const Call&>(e).filter);
        break;
    case ExprKind::Case: {
        auto& c = static_cast<const Case&>(e);
        each(c.operand);
        for (const auto& w : c.whens) {
            each(w.when);
            each(w.then);
        }
        each(c.else_expr);
        break;
    }
    case ExprKind::Cast:
        each(static_cast<const Cast&>(e).operand);
        break;
    case ExprKind::IsNull:
        each(static_cast<const IsNull&>(e).operand);
        break;
    case ExprKind::InList:
        each(static_cast<const InList&>(e).operand);
        for (const auto& a : static_cast<const InList&>(e).list)
            each(a);
        break;
    case ExprKind::Between:
        each(static_cast<const Between&>(e).operand);
        each(static_cast<const Between&>(e).low);
        each(static_cast<const Between&>(e).high);
        break;
    case ExprKind::Like:
        each(static_cast<const Like&>(e).operand);
        each(static_cast<const Like&>(e).pattern);
        break;
    }
}

} // namespace sluice::ast
