// sluice_e2e: runs one end-to-end `.test` script (format in test_script.h) in process: statements are
// compiled with the real compiler, queries JIT-compiled and run by the real engine on memory sources
// and sinks (or any other connector the statements name).
//
//   sluice_e2e tests/e2e/basic/filter.test

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <glob.h>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <thread>
#include <unistd.h>

#include "codegen/codegen.h"
#include "compiler/common/strings.h"
#include "compiler/driver/compilation.h"
#include "runtime/engine/manual_clock.h"
#include "runtime/engine/progress.h"
#include "runtime/engine/streaming_query.h"
#include "runtime/sinks/memory/memory_tables.h"
#include "runtime/sources/memory/memory_streams.h"
#include "tests/e2e/runner/test_script.h"

namespace fs = std::filesystem;

namespace sluice::e2e {

namespace {

/// A step that did not hold.
struct TestFailure : std::runtime_error {
    TestFailure(int line, const std::string& message)
        : std::runtime_error("line " + std::to_string(line) + ": " + message) {}
};

std::string TrimRight(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' '))
        s.pop_back();
    return s;
}

int64_t ParseDurationMicros(const std::string& text, int line) {
    size_t pos = 0;
    double amount = std::stod(text, &pos);
    std::string unit = text.substr(pos);
    static const std::map<std::string, double> kUnits = {
        {"", 1000}, {"us", 1}, {"ms", 1000}, {"s", 1000000}, {"m", 60000000}, {"h", 3600000000.0}};
    auto it = kUnits.find(unit);
    if (it == kUnits.end())
        throw TestFailure(line, "bad duration '" + text + "'");
    return static_cast<int64_t>(amount * it->second);
}

rt::CrashPoint ParseCrashPoint(const std::string& name, int line) {
    if (name == "after-offsets-log")
        return rt::CrashPoint::AfterOffsetsLog;
    if (name == "before-sink-commit")
        return rt::CrashPoint::BeforeSinkCommit;
    if (name == "after-sink-commit")
        return rt::CrashPoint::AfterSinkCommit;
    if (name == "after-commit-log")
        return rt::CrashPoint::AfterCommitLog;
    throw TestFailure(line, "unknown crash point '" + name + "'");
}

/// Runs the records of one script.
class Runner {
public:
    Runner(std::string path, std::string text) : path_(std::move(path)) {
        std::istringstream in(text);
        std::string line;
        while (std::getline(in, line))
            ++line_count_;
        records_ = ParseTestScript(text);
        tmp_ = (fs::temp_directory_path() /
                ("sluice-e2e-" + fs::path(path_).stem().string() + "-" + std::to_string(::getpid())))
                   .string();
        fs::remove_all(tmp_);
        fs::create_directories(tmp_);
        rt::MemoryStreams::Reset();
        rt::MemoryTables::Reset();
    }

    ~Runner() {
        if (query_)
            query_->Stop();
        fs::remove_all(tmp_);
    }

    void Run() {
        for (const Record& r : records_)
            Step(r);
    }

private:
    /// The accepted statements (plus `extra`) laid out at their lines of the .test file, so that
    /// diagnostics point into the test file itself.
    std::string ScriptText(const Record* extra) const {
        std::vector<std::string> lines(line_count_ + 1);
        auto place = [&](const Record& r) {
            for (size_t k = 0; k < r.body.size(); ++k)
                lines[r.body_line - 1 + k] = Substitute(r.body[k]);
        };
        for (const Record* r : statements_)
            place(*r);
        if (extra)
            place(*extra);
        return Join(lines, "\n");
    }

    std::string Substitute(std::string s) const {
        for (size_t p; (p = s.find("${TMP}")) != std::string::npos;)
            s.replace(p, 6, tmp_);
        return s;
    }

    std::string FileName() const { return fs::path(path_).filename().string(); }

    void Step(const Record& r) {
        if (r.command == "statement")
            Statement(r);
        else if (r.command == "start")
            Start(r);
        else if (r.command == "feed")
            Feed(r);
        else if (r.command == "trigger")
            Settle(r.line);
        else if (r.command == "advance-clock")
            AdvanceClock(r);
        else if (r.command == "expect-new" || r.command == "expect-all" || r.command == "expect-last-batch")
            ExpectRows(r);
        else if (r.command == "expect-batches")
            ExpectBatches(r);
        else if (r.command == "expect-error")
            ExpectError(r);
        else if (r.command == "restart")
            Restart(r.line, rt::CrashPoint::None);
        else if (r.command == "kill")
            Restart(r.line, ParseCrashPoint(r.args.empty() ? "" : r.args[0], r.line));
        else if (r.command == "stop")
            StopQuery();
        else if (r.command == "write-file")
            WriteFile(r);
        else if (r.command == "expect-file-lines")
            ExpectFileLines(r);
        else if (r.command == "expect-watermark")
            ExpectWatermark(r);
        else if (r.command == "expect-state-rows" || r.command == "expect-state-updated" ||
                 r.command == "expect-dropped")
            ExpectStateMetric(r);
        else
            throw TestFailure(r.line, "unknown command '" + r.command + "'");
    }

    void Statement(const Record& r) {
        if (r.args.empty() || (r.args[0] != "ok" && r.args[0] != "error"))
            throw TestFailure(r.line, "expected 'statement ok' or 'statement error'");
        driver::Compilation c(FileName(), ScriptText(&r));
        bool ok = c.Run();
        std::string diags = TrimRight(c.diags().RenderText());
        if (r.args[0] == "ok") {
            if (!ok)
                throw TestFailure(r.line, "the statement does not compile:\n" + diags);
            statements_.push_back(&r);
            return;
        }
        if (ok)
            throw TestFailure(r.line, "the statement compiles, but an error was expected");
        std::string expected = TrimRight(Join(r.expected, "\n"));
        if (!expected.empty() && diags != expected)
            throw TestFailure(r.line,
                              "diagnostics differ.\n--- expected\n" + expected + "\n--- actual\n" + diags);
    }

    void Start(const Record& r) {
        if (r.args.empty())
            throw TestFailure(r.line, "start needs a sink name");
        StopQuery();
        driver::Compilation c(FileName(), ScriptText(nullptr));
        if (!c.Run())
            throw TestFailure(r.line, "the statements do not compile:\n" + c.diags().RenderText());
        driver::CompiledSink* sink = c.FindSink(r.args[0]);
        if (!sink)
            throw TestFailure(r.line, "no sink '" + r.args[0] + "'");
        codegen::CompiledQuery compiled = codegen::JitCompile(sink->physical, sink->plan_hash);
        spec_ = c.BuildSpec(*sink, codegen::PipelineSymbol);
        codegen::BindPipelines(spec_, compiled);
        sink_name_ = sink->sink->name;
        manual_clock_.reset();
        if (std::find(r.args.begin(), r.args.end(), "manual-clock") != r.args.end())
            manual_clock_ = std::make_unique<rt::ManualClock>(0);
        mark_ = rt::MemoryTables::Mark(sink_name_);
        Launch(rt::CrashPoint::None);
        // Like Spark's StreamTest: the query has started (its first trigger, due now, has run) before
        // the test moves the clock.
        if (manual_clock_ && spec_.sink.trigger.kind == rt::TriggerKind::ProcessingTime)
            AwaitClockSleep();
    }

    void Launch(rt::CrashPoint crash) {
        rt::QueryOptions options;
        options.clock = manual_clock_.get();
        options.crash_point = crash;
        options.log = [](const std::string&) {};
        CollectProgress();
        query_ = std::make_unique<rt::StreamingQuery>(spec_, options);
        query_->Start();
    }

    rt::StreamingQuery& Query(int line) {
        if (!query_)
            throw TestFailure(line, "no query is running (use start)");
        return *query_;
    }

    /// Waits until everything fed has been processed; a query that died at its crash point is
    /// restarted from its checkpoint (what a supervisor would do after a SIGKILL) and waited for again.
    /// With a PROCESSING TIME trigger on the manual clock a batch runs only at an interval boundary, so
    /// "everything is processed" means what Spark's StreamTest waits for: the query has finished the
    /// trigger due now and sleeps until a later boundary (or has stopped).
    void AwaitClockSleep() {
        while (query_->IsActive()) {
            int64_t wake = manual_clock_->AwaitAnySleeper(std::chrono::milliseconds(50));
            if (wake > manual_clock_->NowMicros())
                return;
            if (wake >= 0) // a sleeper that is about to wake up: let it run
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        if (auto error = query_->Error())
            throw *error;
    }

    void Settle(int line) {
        bool on_boundaries = manual_clock_ && spec_.sink.trigger.kind == rt::TriggerKind::ProcessingTime;
        for (int attempts = 0; attempts < 3; ++attempts) {
            if (on_boundaries)
                AwaitClockSleep();
            else
                Query(line).ProcessAllAvailable();
            if (query_->termination() != rt::Termination::Crashed) {
                if (crash_pending_)
                    throw TestFailure(line, "the query did not crash at the point the last `kill` asked for");
                return;
            }
            crash_pending_ = false;
            query_->AwaitTermination();
            Launch(rt::CrashPoint::None);
        }
        throw TestFailure(line, "the query keeps crashing");
    }

    void Feed(const Record& r) {
        if (r.args.empty())
            throw TestFailure(r.line, "feed needs a source name");
        std::vector<rt::TextRow> rows;
        for (const std::string& l : r.body)
            rows.push_back(ParseRow(l));
        try {
            rt::MemoryStreams::AddData(r.args[0], rows);
        } catch (const std::exception& e) {
            throw TestFailure(r.line, e.what());
        }
    }

    void AdvanceClock(const Record& r) {
        if (!manual_clock_)
            throw TestFailure(r.line, "advance-clock needs a query started with manual-clock");
        manual_clock_->AdvanceMicros(ParseDurationMicros(r.args.at(0), r.line));
    }

    void ExpectRows(const Record& r) {
        try {
            Settle(r.line);
        } catch (const rt::QueryError& e) {
            throw TestFailure(r.line, std::string("the query failed: ") + e.what());
        }
        std::vector<rt::TextRow> actual;
        if (r.command == "expect-new") {
            actual = rt::MemoryTables::RowsSince(sink_name_, mark_);
            mark_ = rt::MemoryTables::Mark(sink_name_);
        } else if (r.command == "expect-all") {
            actual = rt::MemoryTables::AllRows(sink_name_);
        } else {
            actual = rt::MemoryTables::LastBatchRows(sink_name_);
        }
        // As in Spark's StreamTest, any check moves the point the next expect-new starts from.
        mark_ = rt::MemoryTables::Mark(sink_name_);
        std::vector<Row> expected;
        for (const std::string& l : r.body)
            expected.push_back(ParseRow(l));
        bool ordered = std::find(r.args.begin(), r.args.end(), "ordered") != r.args.end();
        std::vector<Row> got(actual.begin(), actual.end());
        if (!ordered) {
            std::sort(expected.begin(), expected.end());
            std::sort(got.begin(), got.end());
        }
        if (got != expected) {
            std::string msg = r.command + " differs.\n--- expected\n";
            for (const Row& row : expected)
                msg += FormatRow(row) + "\n";
            msg += "--- actual\n";
            for (const Row& row : got)
                msg += FormatRow(row) + "\n";
            throw TestFailure(r.line, msg);
        }
    }

    /// The progress records of batches after `after` that this process saw (across restarts).
    std::vector<rt::QueryProgress> ProgressAfter(int64_t after) {
        std::vector<rt::QueryProgress> out;
        for (const rt::QueryProgress& p : progress_)
            if (p.batch_id > after)
                out.push_back(p);
        return out;
    }

    void CollectProgress() {
        if (!query_)
            return;
        if (query_->RunId() != collected_run_) {
            collected_run_ = query_->RunId();
            collected_ = 0;
        }
        std::vector<rt::QueryProgress> recent = query_->RecentProgress();
        for (size_t i = collected_; i < recent.size(); ++i)
            progress_.push_back(recent[i]);
        collected_ = recent.size();
    }

    void ExpectWatermark(const Record& r) {
        Settle(r.line);
        CollectProgress();
        if (progress_.empty())
            throw TestFailure(r.line, "no batch ran yet");
        const auto& event_time = progress_.back().event_time;
        auto it = event_time.find("watermark");
        const std::string want = rt::FormatIsoTimestamp(ParseDurationMicros(r.args.at(0), r.line));
        if (it == event_time.end() || it->second != want)
            throw TestFailure(r.line, "expected watermark " + want + ", the last batch (" +
                                          std::to_string(progress_.back().batch_id) + ") ran with " +
                                          (it == event_time.end() ? "none" : it->second));
    }

    // expect-state-rows: numRowsTotal of each stateful operator (downstream-first) in the last progress;
    // expect-state-updated / expect-dropped: numRowsUpdated / numRowsDroppedByWatermark summed over the
    // batches since the previous check of the same kind (Spark's StateStoreMetricsTest).
    void ExpectStateMetric(const Record& r) {
        Settle(r.line);
        CollectProgress();
        if (progress_.empty())
            throw TestFailure(r.line, "no batch ran yet");
        std::vector<int64_t> got;
        auto add = [&](const nlohmann::json& ops, const char* field) {
            got.resize(std::max(got.size(), ops.size()), 0);
            for (size_t i = 0; i < ops.size(); ++i)
                got[i] += ops[i].value(field, int64_t{0});
        };
        if (r.command == "expect-state-rows") {
            add(progress_.back().state_operators, "numRowsTotal");
        } else {
            int64_t& since = r.command == "expect-dropped" ? dropped_checked_ : updated_checked_;
            for (const rt::QueryProgress& p : ProgressAfter(since))
                add(p.state_operators,
                    r.command == "expect-dropped" ? "numRowsDroppedByWatermark" : "numRowsUpdated");
            since = progress_.back().batch_id;
        }
        std::vector<int64_t> want;
        for (const std::string& a : r.args)
            want.push_back(std::stoll(a));
        got.resize(std::max(got.size(), want.size()), 0);
        if (got != want) {
            auto text = [](const std::vector<int64_t>& v) {
                std::string s;
                for (int64_t x : v)
                    s += (s.empty() ? "" : " ") + std::to_string(x);
                return s;
            };
            throw TestFailure(r.line, r.command + ": expected " + text(want) + ", got " + text(got));
        }
    }

    void ExpectBatches(const Record& r) {
        Settle(r.line);
        int64_t want = std::stoll(r.args.at(0));
        int64_t got = rt::MemoryTables::BatchCount(sink_name_);
        if (got != want)
            throw TestFailure(r.line, "expected " + std::to_string(want) + " batches, the sink has " +
                                          std::to_string(got));
    }

    void ExpectError(const Record& r) {
        std::string want = r.body.empty() ? "" : r.body[0];
        try {
            Settle(r.line);
        } catch (const rt::QueryError& e) {
            if (std::string(e.what()).find(want) == std::string::npos)
                throw TestFailure(r.line, "the error does not contain '" + want + "':\n" + e.what());
            query_.reset();
            return;
        }
        throw TestFailure(r.line, "the query did not fail");
    }

    void Restart(int line, rt::CrashPoint crash) {
        crash_pending_ = crash != rt::CrashPoint::None;
        Query(line).Stop();
        if (auto error = query_->Error())
            throw TestFailure(line, std::string("the query had failed: ") + error->what());
        Launch(crash);
    }

    void WriteFile(const Record& r) {
        fs::path path = Substitute(r.args.at(0));
        fs::create_directories(path.parent_path());
        fs::path temp = path.parent_path() / ("." + path.filename().string() + ".tmp");
        {
            std::ofstream out(temp, std::ios::binary);
            for (const std::string& l : r.body)
                out << l << "\n";
        }
        fs::rename(temp, path);
    }

    void ExpectFileLines(const Record& r) {
        if (query_)
            Settle(r.line);
        std::vector<std::string> actual;
        glob_t matches{};
        std::string pattern = Substitute(r.args.at(0));
        if (::glob(pattern.c_str(), 0, nullptr, &matches) == 0) {
            for (size_t i = 0; i < matches.gl_pathc; ++i) {
                std::ifstream in(matches.gl_pathv[i]);
                for (std::string l; std::getline(in, l);)
                    actual.push_back(l);
            }
        }
        globfree(&matches);
        std::vector<std::string> expected;
        for (const std::string& l : r.body)
            expected.push_back(Substitute(l));
        std::sort(actual.begin(), actual.end());
        std::sort(expected.begin(), expected.end());
        if (actual != expected)
            throw TestFailure(r.line, "lines of " + pattern + " differ.\n--- expected\n" +
                                          Join(expected, "\n") + "\n--- actual\n" + Join(actual, "\n"));
    }

    void StopQuery() {
        if (query_)
            query_->Stop();
        CollectProgress();
        query_.reset();
    }

    std::string path_;
    int line_count_ = 0;
    std::vector<Record> records_;
    std::vector<const Record*> statements_;
    std::string tmp_;
    rt::QuerySpec spec_;
    std::string sink_name_;
    std::unique_ptr<rt::ManualClock> manual_clock_;
    std::unique_ptr<rt::StreamingQuery> query_;
    /// Progress records of every run, in order (expect-state-*, expect-dropped, expect-watermark).
    std::vector<rt::QueryProgress> progress_;
    std::string collected_run_; // the run whose first `collected_` records progress_ has
    size_t collected_ = 0;
    int64_t updated_checked_ = -1;
    int64_t dropped_checked_ = -1;
    int64_t mark_ = 0;
    /// A `kill` asked for a crash that has not happened yet.
    bool crash_pending_ = false;
};

} // namespace

} // namespace sluice::e2e

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: sluice_e2e FILE.test\n";
        return 2;
    }
    std::ifstream in(argv[1]);
    if (!in) {
        std::cerr << "sluice_e2e: cannot read " << argv[1] << "\n";
        return 2;
    }
    std::stringstream text;
    text << in.rdbuf();
    // A step waiting for a batch that never comes (e.g. a PROCESSING TIME trigger whose clock is never
    // advanced) fails the test instead of hanging it.
    std::signal(SIGALRM, [](int) {
        const char msg[] = "sluice_e2e: timed out after 45 s (a step waits for a batch that never comes?)\n";
        (void)!::write(STDERR_FILENO, msg, sizeof msg - 1);
        std::_Exit(1);
    });
    ::alarm(45);
    try {
        sluice::e2e::Runner runner(argv[1], text.str());
        runner.Run();
    } catch (const std::exception& e) {
        std::cerr << argv[1] << ": " << e.what() << "\n";
        return 1;
    }
    std::cout << argv[1] << ": ok\n";
    return 0;
}
