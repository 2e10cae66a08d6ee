#pragma once

#include <string>
#include <vector>

#include "compiler/types/type.h"

namespace sluice::sema {

/// A column visible to expressions of a SELECT: the relation it came from (qualifier key, lower
/// case unless quoted) and its name as written.
struct ScopeColumn {
    std::string qualifier;
    std::string name;
    Type type;
};

/// The columns a SELECT's expressions can see, in the order of its FROM input's schema (so a column's
/// position is its index in the input plan), and words describing where they come from for
/// diagnostics ("source 'bids'").
struct Scope {
    std::vector<ScopeColumn> columns;
    std::string description;
};

} // namespace sluice::sema
