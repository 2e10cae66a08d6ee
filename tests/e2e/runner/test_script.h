#pragma once

// The `.test` format of the end-to-end tests: sqllogictest-like records with Spark StreamTest-like
// steps. Records are separated by blank lines; `#` starts a comment line.
//
//   statement ok                  the statement must compile (together with the earlier ones)
//   CREATE SOURCE input (value INT) FROM memory ();
//
//   statement error               the statement must not compile; the diagnostics text follows ----
//   CREATE SINK s INTO memory () AS SELECT valeu FROM input;
//   ----
//   basic.test:7:40: error[E0201]: column 'valeu' not found in source 'input'
//   ...
//
//   start <sink> [manual-clock]   compile the statements so far and start the sink's query
//   feed <source>                 one add of rows (one per line) to a memory source
//   1, 'a, b', NULL
//   trigger                       wait until everything fed has been processed (with a PROCESSING
//                                 TIME trigger on the manual clock: until the trigger due now has run)
//   advance-clock <duration>      move the manual clock (e.g. 5s, 250ms)
//   expect-new [ordered]          rows the sink got since the last expect-* of rows (multiset unless
//                                 ordered)
//   expect-all [ordered]          every row the sink holds
//   expect-last-batch [ordered]   the rows of the sink's latest batch
//   expect-batches <n>            the number of batches the sink has committed
//   expect-error                  the query failed; the line after it is a substring of the error
//   restart                       stop the query and start it again from its checkpoint
//   kill <crash point>            the next batch dies at the point like a SIGKILL would; the runner
//                                 then restarts the query from its checkpoint. Points:
//                                 after-offsets-log, before-sink-commit, after-sink-commit,
//                                 after-commit-log
//   stop                          stop the query
//   write-file <path>             writes the body lines as a file (atomically: a temporary name, then
//                                 a rename), for file sources; parent directories are created
//   expect-file-lines <glob>      the lines of every file matching the glob (multiset), after waiting
//                                 until everything fed has been processed
//   expect-watermark <duration>   the watermark the last batch ran with, as a time after the epoch
//   expect-state-rows <n>...      numRowsTotal of each stateful operator (downstream-first) in the
//                                 last batch's progress
//   expect-state-updated <n>...   numRowsUpdated of each stateful operator, summed over the batches
//                                 since the previous expect-state-updated (Spark's StateStoreMetricsTest)
//   expect-dropped <n>...         numRowsDroppedByWatermark likewise, since the previous expect-dropped
//
// Values in rows are comma-separated; NULL is NULL; single quotes keep commas and spaces in a value
// ('' is a quote). `${TMP}` in statements is a fresh directory for the test.

#include <optional>
#include <string>
#include <vector>

namespace sluice::e2e {

using Row = std::vector<std::optional<std::string>>;

/// One record of a .test file.
struct Record {
    std::string command;               // "statement", "start", "feed", ...
    std::vector<std::string> args;     // the words after the command
    std::vector<std::string> body;     // the lines after the command line, up to ---- or a blank line
    std::vector<std::string> expected; // the lines after ----
    int line = 0;                      // 1-based line of the command
    int body_line = 0;                 // 1-based line of the first body line
};

/// Splits a .test file into records; throws std::runtime_error with the line for malformed input.
std::vector<Record> ParseTestScript(const std::string& text);

/// Parses one row line.
Row ParseRow(const std::string& line);
/// A row as text, for failure messages: `1, 'a b', NULL`.
std::string FormatRow(const Row& row);

} // namespace sluice::e2e
