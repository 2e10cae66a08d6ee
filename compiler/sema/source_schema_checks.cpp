#include "compiler/sema/source_schema_checks.h"

#include "compiler/common/strings.h"

namespace sluice::sema {

namespace {

struct KnownColumn {
    std::string connector, kind, name;
    Type type;
};

const std::vector<KnownColumn>& KnownColumns() {
    static const std::vector<KnownColumn> kColumns = [] {
        const Type BIGINT = Type::BigInt(), STRING = Type::String(), TIMESTAMP = Type::Timestamp();
        return std::vector<KnownColumn>{
#define SL_SOURCE_COLUMN(connector, kind, column, type) {#connector, #kind, #column, type},
#include "sluice/source_columns.def"
        };
    }();
    return kColumns;
}

} // namespace

namespace {

std::vector<const KnownColumn*> ColumnsOf(const ConnectorRef& c) {
    std::string kind = c.options.count("kind") ? c.options.at("kind").value.get<std::string>() : "-";
    std::vector<const KnownColumn*> known;
    for (const KnownColumn& k : KnownColumns())
        if (k.connector == c.connector && k.kind == kind)
            known.push_back(&k);
    return known;
}

} // namespace

plan::Schema DefaultSourceColumns(const SourceEntry& source, const ast::CreateSource& stmt,
                                  DiagnosticEngine& diags) {
    plan::Schema out;
    for (const KnownColumn* k : ColumnsOf(source.connector))
        out.push_back({k->name, k->type});
    if (out.empty())
        diags
            .Error(DiagCode::E0608, stmt.name.range,
                   "'" + source.name + "' needs a column list: the " + source.connector.connector +
                       " connector reads data whose columns only you know")
            .notes.push_back(
                {"declare them, e.g. CREATE SOURCE " + source.name + " (id BIGINT, name STRING) FROM ...",
                 {}});
    return out;
}

void CheckSourceSchema(const SourceEntry& source, const ast::CreateSource& stmt, DiagnosticEngine& diags) {
    const ConnectorRef& c = source.connector;
    if (c.format == "text" && (source.columns.size() != 1 || source.columns[0].type.id != TypeId::String)) {
        diags.Error(DiagCode::E0608, stmt.columns.empty() ? stmt.name.range : stmt.columns[0].range,
                    "the text format reads each line into one STRING column; declare exactly one, e.g. (line "
                    "STRING)");
        return;
    }
    std::string kind = c.options.count("kind") ? c.options.at("kind").value.get<std::string>() : "-";
    std::vector<const KnownColumn*> known = ColumnsOf(c);
    if (known.empty())
        return; // a connector whose columns are whatever the data holds
    std::vector<std::string> names;
    for (const KnownColumn* k : known)
        names.push_back(k->name + " " + k->type.ToString());
    std::string what = c.connector + (kind == "-" ? "" : " " + kind) + " source";
    for (size_t i = 0; i < stmt.columns.size(); ++i) {
        const ast::ColumnDef& col = stmt.columns[i];
        const KnownColumn* match = nullptr;
        for (const KnownColumn* k : known)
            if (k->name == col.name.Key())
                match = k;
        if (!match) {
            std::vector<std::string> plain;
            for (const KnownColumn* k : known)
                plain.push_back(k->name);
            Diagnostic& d = diags.Error(DiagCode::E0608, col.name.range,
                                        "the " + what + " has no column '" + col.name.text + "'");
            std::string suggestion = SuggestName(col.name.text, plain);
            d.notes.push_back({suggestion.empty() ? "its columns are: " + Join(names, ", ")
                                                  : "did you mean '" + suggestion + "'?",
                               {}});
        } else if (!(match->type == col.type.type)) {
            diags.Error(DiagCode::E0608, col.type.range,
                        "column '" + match->name + "' of the " + what + " is " + match->type.ToString() +
                            ", not " + col.type.type.ToString());
        }
    }
}

} // namespace sluice::sema
