#include "parse_test_util.h"

#include "compiler/common/strings.h"
#include "compiler/parse/literal_values.h"

namespace sluice::testing {

namespace {

void Write(const ast::Expr& expr, std::string& out);

void WriteAll(const std::vector<ast::ExprPtr>& exprs, std::string& out) {
    for (size_t i = 0; i < exprs.size(); ++i) {
        if (i)
            out += ' ';
        Write(*exprs[i], out);
    }
}

/// `(head child child ...)`.
template <typename... Children>
void List(std::string& out, std::string_view head, const Children&... children) {
    out += '(';
    out += head;
    ((out += ' ', Write(*children, out)), ...);
    out += ')';
}

std::string_view OpText(ast::BinaryOp op) {
    static constexpr std::string_view kOps[] = {"+",  "-", "*",  "/", "%",  "||",  "=",
                                                "<>", "<", "<=", ">", ">=", "AND", "OR"};
    return kOps[static_cast<int>(op)];
}

void Write(const ast::Expr& expr, std::string& out) {
    using namespace ast;
    switch (expr.kind) {
    case ExprKind::Literal: {
        const auto& l = static_cast<const Literal&>(expr);
        switch (l.literal_kind) {
        case LiteralKind::Null:
            out += "NULL";
            return;
        case LiteralKind::Boolean:
            out += l.bool_value ? "TRUE" : "FALSE";
            return;
        case LiteralKind::Timestamp:
            out += "TIMESTAMP";
            break;
        case LiteralKind::Date:
            out += "DATE";
            break;
        case LiteralKind::Interval:
            out += "INTERVAL";
            out += QuoteSql(l.text);
            out += parse::IntervalUnitName(l.unit);
            return;
        case LiteralKind::String:
            break;
        default:
            out += l.text;
            return;
        }
        out += QuoteSql(l.text);
        return;
    }
    case ExprKind::ColumnRef:
        out += static_cast<const ColumnRef&>(expr).name.ToString();
        return;
    case ExprKind::Star: {
        const auto& s = static_cast<const Star&>(expr);
        if (s.qualifier)
            out += s.qualifier->text + ".";
        out += '*';
        return;
    }
    case ExprKind::Unary: {
        const auto& u = static_cast<const Unary&>(expr);
        List(out, u.op == UnaryOp::Negate ? "-" : u.op == UnaryOp::Plus ? "+" : "NOT", u.operand);
        return;
    }
    case ExprKind::Binary: {
        const auto& b = static_cast<const Binary&>(expr);
        List(out, OpText(b.op), b.left, b.right);
        return;
    }
    case ExprKind::Call: {
        const auto& c = static_cast<const Call&>(expr);
        out += '(';
        out += c.name.text;
        if (c.distinct)
            out += " DISTINCT";
        if (!c.args.empty())
            out += ' ';
        WriteAll(c.args, out);
        if (c.filter) {
            out += " FILTER ";
            Write(*c.filter, out);
        }
        out += ')';
        return;
    }
    case ExprKind::Case: {
        const auto& c = static_cast<const Case&>(expr);
        out += "(CASE";
        if (c.operand) {
            out += ' ';
            Write(*c.operand, out);
        }
        for (const WhenClause& w : c.whens) {
            out += ' ';
            List(out, "WHEN", w.when, w.then);
        }
        if (c.else_expr) {
            out += ' ';
            List(out, "ELSE", c.else_expr);
        }
        out += ')';
        return;
    }
    case ExprKind::Cast: {
        const auto& c = static_cast<const Cast&>(expr);
        List(out, c.try_cast ? "TRY_CAST" : "CAST", c.operand);
        out.back() = ' ';
        out += c.target.type.ToString();
        out += ')';
        return;
    }
    case ExprKind::IsNull: {
        const auto& n = static_cast<const IsNull&>(expr);
        List(out, n.negated ? "IS NOT NULL" : "IS NULL", n.operand);
        return;
    }
    case ExprKind::InList: {
        const auto& n = static_cast<const InList&>(expr);
        List(out, n.negated ? "NOT IN" : "IN", n.operand);
        out.pop_back();
        out += " (";
        WriteAll(n.list, out);
        out += "))";
        return;
    }
    case ExprKind::Between: {
        const auto& n = static_cast<const Between&>(expr);
        List(out, n.negated ? "NOT BETWEEN" : "BETWEEN", n.operand, n.low, n.high);
        return;
    }
    case ExprKind::Like: {
        const auto& n = static_cast<const Like&>(expr);
        List(out, n.negated ? "NOT LIKE" : "LIKE", n.operand, n.pattern);
        return;
    }
    }
}

} // namespace

std::string Sexpr(const ast::Expr& expr) {
    std::string out;
    Write(expr, out);
    return out;
}

} // namespace sluice::testing
