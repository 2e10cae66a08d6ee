#pragma once

#include <cstdint>
#include <fstream>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "runtime/engine/progress.h"

namespace sluice::rt {

/// A query started running (Spark's QueryStartedEvent).
struct QueryStartedEvent {
    std::string id;
    std::string run_id;
    std::string name;
    int64_t timestamp_us = 0;
};

/// A query stopped: by Stop(), by its trigger (ONCE, AVAILABLE NOW), because its sources are
/// exhausted or max_batches was reached, or with an error.
struct QueryTerminatedEvent {
    std::string id;
    std::string run_id;
    std::string name;
    /// The error message when the query failed.
    std::optional<std::string> error;
};

/// Receives a query's lifecycle and progress (Spark's StreamingQueryListener).
///
/// Contract: every callback runs on the query's own thread. OnQueryStarted once, after the
/// checkpoint is opened and before the first batch; OnQueryProgress once per batch, after the batch's
/// commit entry is durable; OnQueryTerminated once, last (not after a simulated crash, which, like a
/// SIGKILL, ends the query without any cleanup). One listener may serve several queries running
/// concurrently in one process, so implementations must be thread-safe. A callback delays the next
/// batch, so it must be quick. An exception thrown by a listener is reported in the query's log and
/// otherwise ignored: monitoring never fails a query.
class ProgressListener {
public:
    virtual ~ProgressListener() = default;
    virtual void OnQueryStarted(const QueryStartedEvent& event) {}
    virtual void OnQueryProgress(const QueryProgress& progress) = 0;
    virtual void OnQueryTerminated(const QueryTerminatedEvent& event) {}
};

/// `--progress`: every record as indented JSON (Spark's prettyJson) on a stream, stderr by default.
class ConsoleProgressListener : public ProgressListener {
public:
    explicit ConsoleProgressListener(std::ostream& out);
    ConsoleProgressListener();

    void OnQueryProgress(const QueryProgress& progress) override;

private:
    std::mutex mu_;
    std::ostream& out_;
};

/// `--progress=json:PATH`: one JSON record per line, appended to PATH and flushed per record, so that
/// tools can tail the file while queries run.
class JsonLinesProgressListener : public ProgressListener {
public:
    /// Opens `path` for appending; throws std::runtime_error when it cannot.
    explicit JsonLinesProgressListener(const std::string& path);

    void OnQueryProgress(const QueryProgress& progress) override;

private:
    std::mutex mu_;
    std::string path_;
    std::ofstream out_;
};

/// The listener a `--progress` value asks for: "" → none (nullptr), "console" → console, "json:PATH" →
/// JSON lines in PATH. Throws std::invalid_argument for any other value, std::runtime_error when the
/// file cannot be opened.
std::shared_ptr<ProgressListener> MakeProgressListener(const std::string& flag_value);

} // namespace sluice::rt
