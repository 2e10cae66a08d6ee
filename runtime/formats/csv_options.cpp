#include "runtime/formats/csv_options.h"

#include "runtime/engine/source.h"

namespace sluice::rt {

namespace {

// "\t" spelled with a backslash is how Spark users write a tab inside an option string.
bool SingleChar(const std::string& text, char* out) {
    if (text.size() == 1) {
        *out = text[0];
        return true;
    }
    if (text == "\\t") {
        *out = '\t';
        return true;
    }
    return false;
}

} // namespace

CsvOptions CsvOptions::FromOptions(const Options& format_options) {
    CsvOptions o;
    o.header = format_options.GetBool("header");
    std::string delimiter = format_options.GetString("delimiter");
    if (!SingleChar(delimiter, &o.delimiter))
        throw QueryError("csv option delimiter must be one character, not '" + delimiter + "'");
    // An explicit '' turns quoting off (the default is a double quote).
    std::string quote = format_options.GetString("quote");
    if (quote.empty())
        o.quote = '\0';
    else if (!SingleChar(quote, &o.quote))
        throw QueryError("csv option quote must be one character or empty, not '" + quote + "'");
    if (o.delimiter == '\n' || o.delimiter == '\r')
        throw QueryError("csv option delimiter cannot be a line break");
    if (o.quote == '\n' || o.quote == '\r')
        throw QueryError("csv option quote cannot be a line break");
    if (o.quote != '\0' && o.quote == o.delimiter)
        throw QueryError("csv options delimiter and quote cannot both be '" + std::string(1, o.quote) + "'");
    o.null_value = format_options.GetString("null_value");
    return o;
}

} // namespace sluice::rt
