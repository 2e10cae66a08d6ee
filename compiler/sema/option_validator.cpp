#include "compiler/sema/option_validator.h"

#include <set>
#include <sstream>

#include "compiler/common/strings.h"
#include "runtime/common/value_format.h"

namespace sluice::sema {

namespace {

std::vector<std::string> SplitWords(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::stringstream in(s);
    std::string word;
    while (std::getline(in, word, sep))
        if (!word.empty())
            out.push_back(word);
    return out;
}

std::string TypeNoun(const std::string& type) {
    if (type == "INT")
        return "an integer";
    if (type == "BOOL")
        return "TRUE or FALSE";
    if (type == "DOUBLE")
        return "a number";
    return "a string";
}

std::vector<std::string> Names(const std::vector<OptionSpec>& specs) {
    std::vector<std::string> out;
    for (const auto& s : specs)
        out.push_back(s.name);
    return out;
}

// The literal under an option value, and whether it was negated (`-5`).
const ast::Literal* OptionLiteral(const ast::Expr* e, bool* negated) {
    *negated = false;
    if (e && e->kind == ast::ExprKind::Unary) {
        auto* u = static_cast<const ast::Unary*>(e);
        if (u->op == ast::UnaryOp::Negate) {
            *negated = true;
            e = u->operand.get();
        }
    }
    return e && e->kind == ast::ExprKind::Literal ? static_cast<const ast::Literal*>(e) : nullptr;
}

// Rules an option's value must follow beyond its type and choices; what the runtime would otherwise
// reject only when the query starts. Returns what is wrong, or "".
std::string ValueProblem(const std::string& name, const nlohmann::json& value) {
    static const std::set<std::string> kAtLeastOne = {"rows_per_second", "rate", "max_events_per_trigger",
                                                      "state_partitions", "min_batches_to_retain"};
    static const std::set<std::string> kPaths = {"path", "dead_letter_path", "source_archive_dir"};
    if (kAtLeastOne.count(name) && value.get<int64_t>() < 1)
        return "must be at least 1";
    if (kPaths.count(name) && value.get<std::string>().empty())
        return "must not be empty";
    if (name == "max_file_age") {
        int64_t micros = 0;
        if (!rt::ParseDurationMicros(value.get<std::string>(), &micros))
            return "must be a duration such as '30s', '5m', '2h' or '7d'";
    }
    if (name == "base_time") {
        int64_t micros = 0;
        if (!rt::ParseTimestamp(value.get<std::string>(), &micros))
            return "must be a timestamp such as '2026-01-01 00:00:00'";
    }
    if (name == "delimiter") {
        const std::string& d = value.get<std::string>();
        if (d.size() != 1 || d == "\n" || d == "\r")
            return "must be one character other than a line break";
    }
    if (name == "quote" && value.get<std::string>().size() > 1)
        return "must be one character, or '' for no quoting";
    return "";
}

} // namespace

const std::vector<ConnectorSpecInfo>& AllConnectors() {
    static const std::vector<ConnectorSpecInfo> kConnectors = [] {
        std::vector<ConnectorSpecInfo> out;
        auto find = [&out](bool source, const char* name) -> ConnectorSpecInfo& {
            for (auto& c : out)
                if (c.is_source == source && c.name == name)
                    return c;
            return out.front();
        };
#define SOURCE true
#define SINK false
#define SL_CONNECTOR(kind, name, available, formats, doc)                                                    \
    out.push_back({kind, #name, available != 0, SplitWords(formats, ' '), doc, {}});
#define SL_OPTION(kind, connector, option, type, required, def, choices, doc)                                \
    find(kind, #connector).options.push_back({#option, #type, required != 0, def, choices, doc});
#include "sluice/connectors.def"
#undef SOURCE
#undef SINK
        return out;
    }();
    return kConnectors;
}

const ConnectorSpecInfo* FindConnector(bool is_source, const std::string& name) {
    for (const auto& c : AllConnectors())
        if (c.is_source == is_source && c.name == name)
            return &c;
    return nullptr;
}

std::vector<OptionSpec> FormatOptions(const std::string& format) {
    std::vector<OptionSpec> out;
#define SL_FORMAT_OPTION(fmt, option, type, def, choices, doc)                                               \
    if (format == #fmt)                                                                                      \
        out.push_back({#option, #type, false, def, choices, doc});
#include "sluice/connectors.def"
    return out;
}

const std::vector<OptionSpec>& AllSettings() {
    static const std::vector<OptionSpec> kSettings = {
#define SL_SETTING(name, type, def, choices, doc) {#name, #type, false, def, choices, doc},
#include "sluice/connectors.def"
    };
    return kSettings;
}

std::optional<nlohmann::json> OptionValidator::ConvertValue(const ast::Option& option, const OptionSpec& spec,
                                                            const std::string& owner) {
    bool negated = false;
    const ast::Literal* lit = OptionLiteral(option.value.get(), &negated);
    auto mismatch = [&]() -> std::optional<nlohmann::json> {
        diags_.Error(DiagCode::E0602, option.value ? option.value->range : option.range,
                     "option '" + spec.name + "' of " + owner + " expects " + TypeNoun(spec.type));
        return std::nullopt;
    };
    if (!lit)
        return mismatch();
    nlohmann::json value;
    if (spec.type == "STRING") {
        if (lit->literal_kind != ast::LiteralKind::String || negated)
            return mismatch();
        value = lit->text;
    } else if (spec.type == "INT") {
        // An integer too large for BIGINT reaches here as a DECIMAL literal without a fraction.
        bool whole =
            lit->literal_kind == ast::LiteralKind::Integer ||
            (lit->literal_kind == ast::LiteralKind::Decimal && lit->text.find('.') == std::string::npos);
        if (!whole)
            return mismatch();
        int64_t v = 0;
        if (!rt::ParseInt64(lit->text, &v)) {
            diags_.Error(DiagCode::E0604, option.value->range, "option '" + spec.name + "' is out of range");
            return std::nullopt;
        }
        value = negated ? -v : v;
    } else if (spec.type == "DOUBLE") {
        if (lit->literal_kind != ast::LiteralKind::Integer &&
            lit->literal_kind != ast::LiteralKind::Decimal && lit->literal_kind != ast::LiteralKind::Double)
            return mismatch();
        double v = std::stod(lit->text);
        value = negated ? -v : v;
    } else {
        if (lit->literal_kind != ast::LiteralKind::Boolean || negated)
            return mismatch();
        value = lit->bool_value;
    }
    if (!spec.choices.empty()) {
        std::vector<std::string> choices = SplitWords(spec.choices, '|');
        std::string text = value.is_string() ? value.get<std::string>() : value.dump();
        bool ok = false;
        for (const auto& c : choices)
            ok = ok || c == text;
        if (!ok) {
            std::vector<std::string> quoted;
            for (const auto& c : choices)
                quoted.push_back(QuoteSql(c));
            diags_.Error(DiagCode::E0604, option.value->range,
                         "option '" + spec.name + "' must be one of " + Join(quoted, ", "));
            return std::nullopt;
        }
    }
    if (spec.type == "INT" && value.get<long long>() < 0) {
        diags_.Error(DiagCode::E0604, option.value->range, "option '" + spec.name + "' must not be negative");
        return std::nullopt;
    }
    if (std::string problem = ValueProblem(spec.name, value); !problem.empty()) {
        diags_.Error(DiagCode::E0604, option.value->range, "option '" + spec.name + "' " + problem);
        return std::nullopt;
    }
    return value;
}

OptionMap OptionValidator::ValidateOptions(const std::vector<ast::Option>& options,
                                           const std::vector<OptionSpec>& specs, const std::string& owner,
                                           SourceRange owner_range, bool check_required) {
    OptionMap out;
    std::set<std::string> seen;
    for (const ast::Option& option : options) {
        std::string key = option.key.Key();
        const OptionSpec* spec = nullptr;
        for (const auto& s : specs)
            if (s.name == key)
                spec = &s;
        if (!spec) {
            Diagnostic& d = diags_.Error(DiagCode::E0601, option.key.range,
                                         owner + " has no option '" + option.key.text + "'");
            std::string suggestion = SuggestName(option.key.text, Names(specs));
            if (!suggestion.empty())
                d.notes.push_back({"did you mean '" + suggestion + "'?", {}});
            else if (!specs.empty())
                d.notes.push_back({"its options are: " + Join(Names(specs), ", "), {}});
            else
                d.notes.push_back({owner + " takes no options", {}});
            continue;
        }
        if (!seen.insert(key).second) {
            diags_.Error(DiagCode::E0605, option.key.range, "option '" + key + "' is given twice");
            continue;
        }
        if (auto value = ConvertValue(option, *spec, owner))
            out[key] = {*value, option.range};
    }
    if (check_required)
        for (const auto& s : specs)
            if (s.required && !seen.count(s.name))
                diags_.Error(DiagCode::E0603, owner_range,
                             owner + " needs the option '" + s.name + "' (" + s.doc + ")");
    return out;
}

std::optional<ConnectorRef> OptionValidator::ValidateConnector(const ast::ConnectorSpec& spec,
                                                               bool is_source) {
    std::string kind = is_source ? "source" : "sink";
    std::string name = spec.connector.Key();
    const ConnectorSpecInfo* info = FindConnector(is_source, name);
    if (!info) {
        std::vector<std::string> names;
        for (const auto& c : AllConnectors())
            if (c.is_source == is_source)
                names.push_back(c.name);
        Diagnostic& d = diags_.Error(DiagCode::E0208, spec.connector.range,
                                     "unknown " + kind + " connector '" + spec.connector.text + "'");
        std::string suggestion = SuggestName(spec.connector.text, names);
        d.notes.push_back({suggestion.empty() ? kind + " connectors: " + Join(names, ", ")
                                              : "did you mean '" + suggestion + "'?",
                           {}});
        return std::nullopt;
    }
    if (!info->available) {
        diags_.Error(DiagCode::E0501, spec.connector.range,
                     "the " + name + " " + kind + " connector is not supported yet");
        return std::nullopt;
    }
    size_t errors_before = diags_.ErrorCount();
    ConnectorRef ref;
    ref.connector = name;
    ref.range = spec.range;
    std::string owner = "the " + name + " " + kind;
    ref.options = ValidateOptions(spec.options, info->options, owner, spec.connector.range, true);
    if (spec.format) {
        std::string format = spec.format->Key();
        if (info->formats.empty()) {
            diags_.Error(DiagCode::E0606, spec.format->range, owner + " takes no FORMAT clause");
        } else if (std::find(info->formats.begin(), info->formats.end(), format) == info->formats.end()) {
            std::set<std::string> known = {"csv", "json", "text", "raw"};
            DiagCode code = known.count(format) ? DiagCode::E0606 : DiagCode::E0209;
            Diagnostic& d = diags_.Error(code, spec.format->range,
                                         known.count(format) ? owner + " cannot use the " + format + " format"
                                                             : "unknown format '" + spec.format->text + "'");
            std::string suggestion = SuggestName(spec.format->text, info->formats);
            d.notes.push_back({suggestion.empty() || known.count(format)
                                   ? owner + " formats: " + Join(info->formats, ", ")
                                   : "did you mean '" + suggestion + "'?",
                               {}});
        } else {
            ref.format = format;
            ref.format_options = ValidateOptions(spec.format_options, FormatOptions(format),
                                                 "the " + format + " format", spec.format->range, false);
        }
    } else if (!info->formats.empty()) {
        diags_.Error(DiagCode::E0603, spec.connector.range,
                     owner + " needs a FORMAT clause (" + Join(info->formats, ", ") + ")");
    }
    if (is_source && ref.options.count("clean_source") &&
        ref.options.at("clean_source").value.get<std::string>() == "archive" &&
        !ref.options.count("source_archive_dir"))
        diags_.Error(DiagCode::E0603, ref.options.at("clean_source").range,
                     "clean_source = 'archive' needs the option 'source_archive_dir'");
    if (is_source && ref.options.count("on_error") &&
        ref.options.at("on_error").value.get<std::string>() == "dead_letter" &&
        !ref.options.count("dead_letter_path"))
        diags_.Error(DiagCode::E0603, ref.options.at("on_error").range,
                     "on_error = 'dead_letter' needs the option 'dead_letter_path'");
    if (diags_.ErrorCount() != errors_before)
        return std::nullopt;
    return ref;
}

OptionMap OptionValidator::ValidateSettings(const std::vector<ast::Option>& options) {
    return ValidateOptions(options, AllSettings(), "a sink's WITH clause", {}, false);
}

} // namespace sluice::sema
