#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "runtime/engine/sink.h"

namespace sluice::rt {

/// The `console` connector: prints each batch exactly as Spark's console sink does (Dataset.show):
///
///   -------------------------------------------
///   Batch: 3
///   -------------------------------------------
///   +-------+-----+
///   |auction|price|
///   +-------+-----+
///   |   1007|  312|
///   |   1000|   99|
///   +-------+-----+
///   only showing top 2 rows
///   <empty line>
///
/// Cells are value_format's text, `null` for NULL, control characters escaped (\n, \t...). With
/// `truncate` (the default) a cell longer than 20 characters shows its first 17 and "...", and cells
/// are right-aligned; without it they are left-aligned and whole. Widths count characters, East Asian
/// wide characters as two. The "only showing" line appears when the batch has more than `num_rows`
/// rows. A batch is written in one write under a process-wide lock, so that concurrent queries never
/// interleave their tables.
class ConsoleSink : public Sink {
public:
    /// Prints to `out`, or to stdout when it is null.
    ConsoleSink(const SinkSpec& spec, const SinkEnv& env, std::ostream* out = nullptr);

    bool BeginBatch(int64_t batch_id) override;
    void Write(const Batch& rows) override;
    void CommitBatch(int64_t batch_id) override;
    std::string Description() const override { return "ConsoleSink"; }

    /// The table Dataset.show(num_rows, truncate) prints for `header` and the first rows of a result,
    /// cells as text (NULL already "null"), escaping and truncating them as show does; `more` says that
    /// the result had more than `num_rows` rows.
    static std::string FormatTable(const std::vector<std::string>& header,
                                   const std::vector<std::vector<std::string>>& rows, bool more,
                                   int64_t num_rows, bool truncate);

private:
    std::ostream* out_;
    std::vector<std::string> header_;
    int64_t num_rows_;
    bool truncate_;
    /// The current batch: the first num_rows_ rows as cell text, and how many rows it had in all.
    std::vector<std::vector<std::string>> shown_;
    int64_t total_rows_ = 0;
};

} // namespace sluice::rt
