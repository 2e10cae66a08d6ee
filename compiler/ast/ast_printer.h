#pragma once

// Renders an AST for `sluice explain --level ast` and for tests.

#include <string>

#include <nlohmann/json.hpp>

#include "compiler/ast/ast.h"

namespace sluice::ast {

/// A deterministic indented tree, one node per line with its key fields, e.g.
///
///     CreateView big_bids
///       Query
///         Select
///           Item
///             ColumnRef auction
///           From
///             Table bids
///           Where
///             Binary >
///               ColumnRef price
///               Literal 1000000
///
/// With `show_ranges`, every line ends with the node's byte range, ` @begin..end`.
std::string PrintAst(const Script& script, bool show_ranges = false);

/// The same tree as JSON: each node an object with "node" (its kind), "range" ([begin, end] in
/// bytes), its fields under the names ast.h uses, and its children.
nlohmann::json AstToJson(const Script& script);

} // namespace sluice::ast
