#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/engine/source.h"

namespace sluice::rt {

/// What a source does with a row that does not decode (the source option `on_error`).
enum class OnError { Fail, Skip, DeadLetter };

/// Applies `on_error` to the bad rows decoders report: a wrong field count, invalid JSON, a value that is
/// not of its column's type.
///
///   fail         Report throws QueryError: "file in/a.csv, line 17, column 'price': 'abc' is not a BIGINT".
///   skip         the row is dropped and counted in SourceMetrics::rows_skipped.
///   dead_letter  the row is appended, as one JSON line {"file", "line", "reason", "row"}, to a file of the
///                dead-letter directory and counted in SourceMetrics::rows_dead_letter.
///
/// Dead letters are exactly-once like the rest of a batch: all bad rows of one input go to one file whose
/// name the caller derives from the input alone, written under a hidden temporary name and renamed into
/// place (after an fsync) when the input ends. Reading the same input again, as a re-run batch does,
/// replaces that file with identical content instead of adding to it. Used on the query's thread only.
class BadRowHandler {
public:
    /// `dead_letter_dir` is where DeadLetter writes (created on first use). `metrics` receives the counts;
    /// it may be null, and must otherwise outlive the handler.
    BadRowHandler(OnError policy, std::string dead_letter_dir, SourceMetrics* metrics);
    ~BadRowHandler();
    BadRowHandler(const BadRowHandler&) = delete;
    BadRowHandler& operator=(const BadRowHandler&) = delete;

    /// Parses an `on_error` option value; throws QueryError for anything but fail, skip, dead_letter.
    static OnError ParsePolicy(const std::string& text);

    /// A new input starts. `file` names it in messages and dead-letter records; its bad rows go to
    /// `dead_letter_name` inside the dead-letter directory.
    void BeginInput(std::string file, std::string dead_letter_name);
    /// The current input is complete: its dead letters become durable and visible under their final name.
    void EndInput();
    /// Reports a bad row starting at `line` of the current input. `raw` is the row's text without its line
    /// break; `column` is "" when the row as a whole is bad. Throws QueryError when the policy is fail.
    void Report(int64_t line, std::string_view raw, std::string_view column, std::string_view reason);

    OnError policy() const { return policy_; }
    const std::string& file() const { return file_; }
    /// Bad rows reported since construction.
    int64_t bad_rows() const { return bad_rows_; }

private:
    void FlushDeadLetters();
    void DiscardDeadLetters();

    OnError policy_;
    std::string dead_letter_dir_;
    SourceMetrics* metrics_;
    std::string file_;
    std::string dead_letter_name_;
    /// Temporary dead-letter file of the current input, open from its first bad row until EndInput.
    int dead_letter_fd_ = -1;
    std::string dead_letter_tmp_;
    /// Dead-letter lines not yet written to dead_letter_fd_.
    std::string pending_;
    int64_t bad_rows_ = 0;
};

} // namespace sluice::rt
