#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/sema/catalog.h"

namespace sluice::sema {

/// One option's schema, from runtime/include/sluice/connectors.def.
struct OptionSpec {
    std::string name;
    std::string type; // STRING | INT | BOOL | DOUBLE
    bool required = false;
    std::string default_value;
    std::string choices; // "a|b|c" or ""
    std::string doc;
};

/// A connector's schema, from connectors.def.
struct ConnectorSpecInfo {
    bool is_source = true;
    std::string name;
    bool available = true;
    std::vector<std::string> formats;
    std::string doc;
    std::vector<OptionSpec> options;
};

const std::vector<ConnectorSpecInfo>& AllConnectors();
const ConnectorSpecInfo* FindConnector(bool is_source, const std::string& name);
/// Options of a format (only csv has any).
std::vector<OptionSpec> FormatOptions(const std::string& format);
const std::vector<OptionSpec>& AllSettings();

/// Validates connector clauses and query settings against connectors.def: unknown connector,
/// format or option, wrong value type, value outside its choices, duplicates and missing required
/// options are diagnostics at the offending text.
class OptionValidator {
public:
    explicit OptionValidator(DiagnosticEngine& diags) : diags_(diags) {}

    /// Returns nullopt after reporting errors. A connector that is parsed but not implemented yet is
    /// reported as E0501.
    std::optional<ConnectorRef> ValidateConnector(const ast::ConnectorSpec& spec, bool is_source);
    /// The sink's WITH (...) query settings.
    OptionMap ValidateSettings(const std::vector<ast::Option>& options);

private:
    OptionMap ValidateOptions(const std::vector<ast::Option>& options, const std::vector<OptionSpec>& specs,
                              const std::string& owner, SourceRange owner_range, bool check_required);
    std::optional<nlohmann::json> ConvertValue(const ast::Option& option, const OptionSpec& spec,
                                               const std::string& owner);

    DiagnosticEngine& diags_;
};

} // namespace sluice::sema
