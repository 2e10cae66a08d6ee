#pragma once

#include <string>

#include "runtime/engine/query_spec.h"

namespace sluice::rt {

/// The CSV dialect of a `FORMAT csv (...)` clause, shared by the CSV decoder and encoder.
struct CsvOptions {
    /// Reading: skip the first line of every file. Writing: start every file with the column names.
    bool header = false;
    char delimiter = ',';
    /// '\0' when quoting is disabled (`quote = ''`): fields are then taken literally.
    char quote = '"';
    /// An unquoted field equal to this is NULL; NULL is written as this text.
    std::string null_value;

    /// Reads the csv format options (defaults from connectors.def). Throws QueryError for a delimiter or
    /// quote that is not a single character, or a delimiter equal to the quote or a line break. `\t` may be
    /// written as the two characters backslash and t, as in Spark.
    static CsvOptions FromOptions(const Options& format_options);
};

} // namespace sluice::rt
