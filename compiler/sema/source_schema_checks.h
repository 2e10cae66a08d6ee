#pragma once

#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/sema/catalog.h"

namespace sluice::sema {

/// Checks that a source's declared columns are ones its connector and format can produce: the
/// generator sources' columns (runtime/include/sluice/source_columns.def) by name and type, and the
/// text format's single STRING column. Reports E0608 at the offending column.
void CheckSourceSchema(const SourceEntry& source, const ast::CreateSource& stmt, DiagnosticEngine& diags);

/// The columns of a source declared without a column list: every column of a generator source
/// (`CREATE SOURCE bid FROM nexmark (kind = 'bid')`); other connectors read data whose columns only the
/// user knows, so for them it reports E0608 and returns nothing.
plan::Schema DefaultSourceColumns(const SourceEntry& source, const ast::CreateSource& stmt,
                                  DiagnosticEngine& diags);

} // namespace sluice::sema
