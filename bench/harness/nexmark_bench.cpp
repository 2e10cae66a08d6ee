// nexmark_bench: Sluice against the hand-written baseline on Nexmark q0, q1, q2, q5a, q12 — the table of
// bench/README.md. bench/run.sh builds it and runs it; see there for the flags it passes.
//
// For each query file (bench/queries/qN.stream), whose `events`, `seed` and `max_events_per_trigger`
// also drive the baseline:
//   1. Verify. A small variant (few events, small batches, a CSV `file` sink instead of `blackhole`) run
//      by Sluice, and the baseline with --csv over the same events: the rows must be byte-identical, so
//      that the two programs are known to compute the same thing before they are timed.
//   2. Throughput. R repetitions of `sluice run qN.stream` and of the baseline, alternating (which one
//      goes first alternates too, so that drift on a shared machine hits both alike). The CPU time is the
//      kernel's (user + system, all threads, from wait4); events/s/core = bid events / CPU seconds.
//      Sluice's input and output row counts (from its progress records) must equal the baseline's.
//   3. First batch. `sluice run --max-batches 1` of a variant whose first batch is small
//      (max_events_per_trigger = --first-batch-events), timed from just before the spawn to the first
//      write of its progress file (`--progress=json:PATH` appends a record right after a batch commits),
//      R times with the on-disk JIT cache off (SLUICE_JIT_CACHE=off: parse, plan and JIT every time)
//      and R times with a warm cache (a private XDG_CACHE_HOME primed by one untimed run).
// Prints the table (markdown) and the machine on stdout, progress on stderr, and every run in
// WORK/runs.csv. Exits non-zero, with the reason, when anything fails; missing a target is not a
// failure (this is a benchmark, not a test).

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <sys/utsname.h>
#include <unistd.h>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "bench/harness/process_runner.h"

namespace sluice::bench {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

/// The acceptance targets the table is read against.
constexpr double kTargetRatio = 0.7;
/// Aggregations keep state in a general keyed store; the issue holds them to half of a hand-written hash map.
constexpr double kStatefulTargetRatio = 0.5;
constexpr double kTargetFirstBatchMs = 50;

/// Verification variant: enough batches and chunks to cross batch and chunk boundaries (20,000 events
/// are 18,400 bids: chunks of 8192, 8192 and 2016 rows), few enough to compare as text.
constexpr int64_t kVerifyEvents = 50000;
constexpr int64_t kVerifyEventsPerTrigger = 20000;

struct Config {
    std::string sluice;
    std::string baseline;
    std::string queries_dir;
    std::string work_dir;
    std::vector<std::string> queries = {"q0", "q1", "q2", "q5a", "q12"};
    int repetitions = 5;
    int first_batch_repetitions = 11;
    int64_t first_batch_events = 10000;
    bool verify = true;
    std::string revision;
    /// Extra environment of every timed Sluice run ("KEY=VALUE"), for what-if measurements such as
    /// allocator settings; printed with the table.
    std::vector<std::string> sluice_env;

    std::vector<std::pair<std::string, std::string>> SluiceEnv() const {
        std::vector<std::pair<std::string, std::string>> out;
        for (const std::string& kv : sluice_env) {
            size_t eq = kv.find('=');
            if (eq == std::string::npos || eq == 0)
                throw std::runtime_error("--sluice-env takes KEY=VALUE, not '" + kv + "'");
            out.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
        }
        return out;
    }
};

// ---- small helpers ---------------------------------------------------------------------------------

std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read '" + path + "'");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

void WriteFile(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush())
        throw std::runtime_error("cannot write '" + path + "'");
}

/// The last lines of a file, to quote a failed program's stderr.
std::string Tail(const std::string& path, size_t max_chars = 2000) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    std::string s = text.str();
    return s.size() > max_chars ? "..." + s.substr(s.size() - max_chars) : s;
}

double Median(std::vector<double> v) {
    if (v.empty())
        throw std::logic_error("median of nothing");
    std::sort(v.begin(), v.end());
    size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/// (max - min) / median: how far apart the repetitions were.
double Spread(const std::vector<double>& v) {
    auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    return (*hi - *lo) / Median(v);
}

std::string Format(const char* fmt, double value) {
    char buf[64];
    std::snprintf(buf, sizeof buf, fmt, value);
    return buf;
}

std::string FormatRate(double per_second) {
    return Format("%.1f M", per_second / 1e6);
}

std::string FirstLine(const std::string& path, const std::string& prefix) {
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(prefix, 0) == 0)
            return line;
    return "";
}

// ---- the machine ---------------------------------------------------------------------------------

std::string CpuModel() {
    std::string line = FirstLine("/proc/cpuinfo", "model name");
    size_t colon = line.find(':');
    return colon == std::string::npos ? "unknown CPU" : line.substr(colon + 2);
}

std::string LoadAverage() {
    std::string text = ReadFile("/proc/loadavg");
    std::istringstream in(text);
    std::string one, five, fifteen;
    in >> one >> five >> fifteen;
    return one + " " + five + " " + fifteen;
}

/// The "cpu" line of /proc/stat: jiffies per state since boot (user nice system idle iowait irq
/// softirq steal ...).
std::vector<long long> CpuJiffies() {
    std::istringstream in(FirstLine("/proc/stat", "cpu "));
    std::string label;
    in >> label;
    std::vector<long long> out;
    long long v;
    while (in >> v)
        out.push_back(v);
    return out;
}

/// Busy and stolen shares of all CPUs between two CpuJiffies samples.
std::pair<double, double> BusyAndSteal(const std::vector<long long>& a, const std::vector<long long>& b) {
    if (a.size() < 8 || b.size() < 8)
        return {0, 0};
    long long total = 0, idle = 0;
    for (size_t i = 0; i < 8; ++i)
        total += b[i] - a[i];
    idle = (b[3] - a[3]) + (b[4] - a[4]);
    if (total <= 0)
        return {0, 0};
    return {static_cast<double>(total - idle) / total, static_cast<double>(b[7] - a[7]) / total};
}

std::string UtcNow() {
    std::time_t now = std::time(nullptr);
    char buf[64];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
    return buf;
}

// ---- query files ---------------------------------------------------------------------------------

/// A benchmark query and the source options the baseline needs.
struct QueryFile {
    std::string name; // "q0"
    std::string path;
    std::string text;
    int64_t events = 0;
    int64_t seed = 0;
    int64_t events_per_trigger = 0;
    /// An aggregation: its rows come out in no particular order, and it is held to kStatefulTargetRatio.
    bool stateful = false;
    /// Windows of processing time: the two programs' windows and output counts depend on the clock.
    bool proctime = false;
};

std::string StripComments(const std::string& text) {
    static const std::regex comment("--[^\n]*");
    return std::regex_replace(text, comment, "");
}

/// The integer value of `option = N` in the file (outside comments); exactly one is required.
int64_t IntegerOption(const QueryFile& q, const std::string& option) {
    const std::string code = StripComments(q.text);
    const std::regex pattern("\\b" + option + "\\s*=\\s*(\\d+)");
    auto begin = std::sregex_iterator(code.begin(), code.end(), pattern);
    auto count = std::distance(begin, std::sregex_iterator());
    if (count != 1)
        throw std::runtime_error(q.path + ": expected one literal `" + option + " = N`, found " +
                                 std::to_string(count) + " (the baseline needs it)");
    return std::stoll((*begin)[1].str());
}

/// The text with the single match of `pattern` replaced; throws when it does not match exactly once, so
/// that a query file edited out of shape stops the benchmark instead of benchmarking something else.
std::string ReplaceOnce(const QueryFile& q, const std::string& text, const std::string& pattern,
                        const std::string& replacement) {
    const std::regex re(pattern);
    auto count = std::distance(std::sregex_iterator(text.begin(), text.end(), re), std::sregex_iterator());
    if (count != 1)
        throw std::runtime_error(q.path + ": cannot make a variant: /" + pattern + "/ matches " +
                                 std::to_string(count) + " times, not once");
    return std::regex_replace(text, re, replacement);
}

std::string WithOption(const QueryFile& q, const std::string& text, const std::string& option,
                       int64_t value) {
    return ReplaceOnce(q, text, "\\b" + option + "\\s*=\\s*\\d+", option + " = " + std::to_string(value));
}

QueryFile LoadQuery(const Config& config, const std::string& name) {
    QueryFile q;
    q.name = name;
    q.path = (fs::path(config.queries_dir) / (name + ".stream")).string();
    q.text = ReadFile(q.path);
    if (StripComments(q.text).find("INTO blackhole ()") == std::string::npos)
        throw std::runtime_error(q.path + ": the benchmark's sink must be `INTO blackhole ()`");
    q.events = IntegerOption(q, "events");
    q.seed = IntegerOption(q, "seed");
    q.events_per_trigger = IntegerOption(q, "max_events_per_trigger");
    q.stateful = StripComments(q.text).find("GROUP BY") != std::string::npos;
    q.proctime = StripComments(q.text).find("PROCTIME()") != std::string::npos;
    return q;
}

// ---- running the programs ------------------------------------------------------------------------

/// Runs a program and throws, quoting its stderr, unless it exits with 0.
ProcessResult RunChecked(ProcessSpec spec, const std::string& what) {
    ProcessResult r = RunProcess(spec);
    if (r.exit_status != 0)
        throw std::runtime_error(what + " failed (exit status " + std::to_string(r.exit_status) +
                                 "); its stderr:\n" + Tail(spec.stderr_path));
    return r;
}

/// What the progress records of one `sluice run` add up to.
struct ProgressTotals {
    int64_t batches = 0;
    int64_t input_rows = 0;
    int64_t output_rows = 0;
    /// Stateful queries: the largest memoryUsedBytes / numRowsTotal of a batch, and the mean commitTimeMs.
    double state_bytes_per_key = 0;
    double commit_ms = 0;
};

ProgressTotals ReadProgress(const std::string& path) {
    std::ifstream in(path);
    ProgressTotals totals;
    std::string line;
    while (std::getline(in, line)) {
        json record = json::parse(line);
        if (record.at("batchId").get<int64_t>() != totals.batches)
            throw std::runtime_error(path + ": batch " + std::to_string(totals.batches) + " is missing");
        totals.input_rows += record.at("numInputRows").get<int64_t>();
        totals.output_rows += record.at("sink").at("numOutputRows").get<int64_t>();
        for (const json& op : record.value("stateOperators", json::array())) {
            const double rows = op.at("numRowsTotal").get<double>();
            if (rows > 0)
                totals.state_bytes_per_key =
                    std::max(totals.state_bytes_per_key, op.at("memoryUsedBytes").get<double>() / rows);
            totals.commit_ms += op.at("commitTimeMs").get<double>();
        }
        ++totals.batches;
    }
    if (totals.batches > 0)
        totals.commit_ms /= static_cast<double>(totals.batches);
    return totals;
}

/// What the baseline prints.
struct BaselineTotals {
    int64_t input_rows = 0;
    int64_t output_rows = 0;
};

BaselineTotals ReadBaselineOutput(const std::string& path) {
    std::string text = ReadFile(path);
    json out = json::parse(text);
    return {out.at("input_rows").get<int64_t>(), out.at("output_rows").get<int64_t>()};
}

std::vector<std::string> BaselineArgs(const Config& config, const QueryFile& q, int64_t events,
                                      int64_t events_per_trigger) {
    return {config.baseline,
            "--query",
            q.name,
            "--events",
            std::to_string(events),
            "--seed",
            std::to_string(q.seed),
            "--max-events-per-trigger",
            std::to_string(events_per_trigger)};
}

/// One line per run in runs.csv.
class RunLog {
public:
    explicit RunLog(const std::string& path) : out_(path, std::ios::trunc), path_(path) {
        if (!out_)
            throw std::runtime_error("cannot write '" + path + "'");
        out_ << "phase,query,program,mode,repetition,wall_ms,user_ms,sys_ms,first_write_ms,input_rows,"
                "output_rows,max_rss_kb,involuntary_switches\n";
    }
    void Add(const std::string& phase, const std::string& query, const std::string& program,
             const std::string& mode, int repetition, const ProcessResult& r, int64_t input_rows,
             int64_t output_rows) {
        out_ << phase << ',' << query << ',' << program << ',' << mode << ',' << repetition << ','
             << Format("%.3f", r.wall_ms) << ',' << Format("%.3f", r.user_ms) << ','
             << Format("%.3f", r.sys_ms) << ',' << (r.first_write_ms ? Format("%.3f", *r.first_write_ms) : "")
             << ',' << input_rows << ',' << output_rows << ',' << r.max_rss_kb << ','
             << r.involuntary_switches << '\n';
        out_.flush();
    }
    const std::string& path() const { return path_; }

private:
    std::ofstream out_;
    std::string path_;
};

// ---- 1. verification -----------------------------------------------------------------------------

/// The part files of a file sink directory, concatenated in name (= batch) order.
std::string ReadFileSinkOutput(const fs::path& dir) {
    std::vector<fs::path> parts;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.path().extension() == ".csv")
            parts.push_back(entry.path());
    std::sort(parts.begin(), parts.end());
    std::string all;
    for (const fs::path& p : parts)
        all += ReadFile(p.string());
    return all;
}

void Verify(const Config& config, const QueryFile& q) {
    const fs::path dir = fs::path(config.work_dir) / "verify" / q.name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    const fs::path out_dir = dir / "sluice-out";
    // An event-time aggregation needs event time to pass (the generator makes 10,000 events a second) for
    // windows to close: ten times the events, in batches of a hundred seconds' worth.
    const int64_t events = q.stateful ? 10 * kVerifyEvents : kVerifyEvents;
    const int64_t per_trigger = q.stateful ? 5 * kVerifyEventsPerTrigger : kVerifyEventsPerTrigger;
    std::string text = WithOption(q, q.text, "events", events);
    text = WithOption(q, text, "max_events_per_trigger", per_trigger);
    // Processing-time windows of an hour: the short verification run stays inside one of them.
    if (q.proctime)
        text = ReplaceOnce(q, text, "PROCTIME\\(\\), INTERVAL '10' SECOND", "PROCTIME(), INTERVAL '1' HOUR");
    text = ReplaceOnce(q, text, "INTO blackhole \\(\\)",
                       "INTO file (path = '" + out_dir.string() + "') FORMAT csv CHECKPOINT '" +
                           (dir / "sluice-checkpoint").string() + "'");
    const std::string variant = (dir / (q.name + ".stream")).string();
    WriteFile(variant, text);

    RunChecked({{config.sluice, "run", variant},
                {},
                (dir / "sluice.stdout").string(),
                (dir / "sluice.stderr").string(),
                ""},
               "sluice run " + variant);
    std::vector<std::string> args = BaselineArgs(config, q, events, per_trigger);
    const std::string baseline_csv = (dir / "baseline.csv").string();
    args.insert(args.end(), {"--csv", baseline_csv});
    if (q.proctime)
        args.insert(args.end(), {"--window-seconds", "3600"});
    RunChecked({args, {}, (dir / "baseline.stdout").string(), (dir / "baseline.stderr").string(), ""},
               "the baseline (" + q.name + ", --csv)");

    std::string sluice_rows = ReadFileSinkOutput(out_dir);
    std::string baseline_rows = ReadFile(baseline_csv);
    // An aggregation emits the groups of a batch in no particular order: compare the rows as multisets.
    if (q.stateful) {
        auto sorted = [](const std::string& text) {
            std::vector<std::string> lines;
            std::istringstream in(text);
            for (std::string line; std::getline(in, line);)
                lines.push_back(line);
            std::sort(lines.begin(), lines.end());
            std::string out;
            for (const std::string& line : lines)
                out += line + "\n";
            return out;
        };
        sluice_rows = sorted(sluice_rows);
        baseline_rows = sorted(baseline_rows);
    }
    if (sluice_rows.empty())
        throw std::runtime_error(q.name + ": Sluice wrote no rows in " + out_dir.string());
    if (sluice_rows != baseline_rows) {
        std::istringstream a(sluice_rows), b(baseline_rows);
        std::string la, lb;
        int line = 0;
        while (true) {
            bool more_a = static_cast<bool>(std::getline(a, la));
            bool more_b = static_cast<bool>(std::getline(b, lb));
            ++line;
            if (!more_a || !more_b || la != lb)
                throw std::runtime_error(
                    q.name + ": the baseline computes other rows than Sluice; first difference at row " +
                    std::to_string(line) + ":\n  sluice:   " + (more_a ? la : "(end)") +
                    "\n  baseline: " + (more_b ? lb : "(end)") + "\n(files in " + dir.string() + ")");
        }
    }
    long rows = std::count(sluice_rows.begin(), sluice_rows.end(), '\n');
    std::cerr << "verify " << q.name << ": Sluice and the baseline agree on all " << rows
              << " output rows of " << events << " events\n";
}

// ---- 2. throughput -------------------------------------------------------------------------------

struct Throughput {
    double state_bytes_per_key = 0;
    double commit_ms = 0;
    std::vector<double> sluice_cpu_s, baseline_cpu_s;
    std::vector<double> sluice_sys_share;
    int64_t input_rows = 0;
    int64_t output_rows = 0;
};

void RunThroughput(const Config& config, const QueryFile& q, int repetition, RunLog& log, Throughput& t) {
    const fs::path dir = fs::path(config.work_dir) / "throughput";
    fs::create_directories(dir);
    const std::string tag = q.name + "-" + std::to_string(repetition);

    auto run_sluice = [&] {
        const std::string progress = (dir / (tag + ".progress.jsonl")).string();
        fs::remove(progress);
        ProcessResult r = RunChecked({{config.sluice, "run", q.path, "--progress=json:" + progress},
                                      config.SluiceEnv(),
                                      (dir / (tag + ".sluice.stdout")).string(),
                                      (dir / (tag + ".sluice.stderr")).string(),
                                      ""},
                                     "sluice run " + q.path);
        ProgressTotals p = ReadProgress(progress);
        t.state_bytes_per_key = p.state_bytes_per_key;
        const int64_t expected_batches = (q.events + q.events_per_trigger - 1) / q.events_per_trigger;
        if (p.batches != expected_batches)
            throw std::runtime_error(q.name + ": Sluice ran " + std::to_string(p.batches) +
                                     " batches, expected " + std::to_string(expected_batches));
        log.Add("throughput", q.name, "sluice", "", repetition, r, p.input_rows, p.output_rows);
        t.sluice_cpu_s.push_back(r.cpu_ms() / 1e3);
        t.sluice_sys_share.push_back(r.sys_ms / r.cpu_ms());
        std::cerr << "  " << tag << " sluice:   " << Format("%.3f", r.cpu_ms() / 1e3) << " s CPU ("
                  << Format("%.3f", r.user_ms / 1e3) << " user + " << Format("%.3f", r.sys_ms / 1e3)
                  << " sys), " << Format("%.3f", r.wall_ms / 1e3) << " s wall\n";
        return std::pair{p.input_rows, p.output_rows};
    };
    auto run_baseline = [&] {
        const std::string out = (dir / (tag + ".baseline.stdout")).string();
        ProcessResult r = RunChecked({BaselineArgs(config, q, q.events, q.events_per_trigger),
                                      {},
                                      out,
                                      (dir / (tag + ".baseline.stderr")).string(),
                                      ""},
                                     "the baseline (" + q.name + ")");
        BaselineTotals b = ReadBaselineOutput(out);
        log.Add("throughput", q.name, "baseline", "", repetition, r, b.input_rows, b.output_rows);
        t.baseline_cpu_s.push_back(r.cpu_ms() / 1e3);
        std::cerr << "  " << tag << " baseline: " << Format("%.3f", r.cpu_ms() / 1e3) << " s CPU ("
                  << Format("%.3f", r.user_ms / 1e3) << " user + " << Format("%.3f", r.sys_ms / 1e3)
                  << " sys), " << Format("%.3f", r.wall_ms / 1e3) << " s wall\n";
        return std::pair{b.input_rows, b.output_rows};
    };

    std::pair<int64_t, int64_t> s, b;
    if (repetition % 2 == 0) {
        s = run_sluice();
        b = run_baseline();
    } else {
        b = run_baseline();
        s = run_sluice();
    }
    // Processing-time windows: a run that crosses a window boundary emits more groups; only inputs match.
    if (q.proctime)
        b.second = s.second;
    if (s != b)
        throw std::runtime_error(q.name + ": Sluice read " + std::to_string(s.first) + " rows and wrote " +
                                 std::to_string(s.second) + ", the baseline " + std::to_string(b.first) +
                                 " and " + std::to_string(b.second));
    if (s.first <= 0)
        throw std::runtime_error(q.name + ": no input rows");
    t.input_rows = s.first;
    t.output_rows = s.second;
}

/// A stateful query once more with a CHECKPOINT (the timed runs keep none): the state's checkpoint cost
/// per batch, from the progress records' commitTimeMs.
double MeasureCheckpoint(const Config& config, const QueryFile& q) {
    const fs::path dir = fs::path(config.work_dir) / "checkpoint" / q.name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string variant = (dir / (q.name + ".stream")).string();
    WriteFile(variant, ReplaceOnce(q, q.text, "INTO blackhole \\(\\)",
                                   "INTO blackhole () CHECKPOINT '" + (dir / "checkpoint").string() + "'"));
    const std::string progress = (dir / "progress.jsonl").string();
    RunChecked({{config.sluice, "run", variant, "--progress=json:" + progress},
                config.SluiceEnv(),
                (dir / "sluice.stdout").string(),
                (dir / "sluice.stderr").string(),
                ""},
               "sluice run " + variant);
    const double ms = ReadProgress(progress).commit_ms;
    std::cerr << "  " << q.name << " with a checkpoint: " << Format("%.2f", ms)
              << " ms of state commit per batch\n";
    return ms;
}

// ---- 3. first batch ------------------------------------------------------------------------------

struct FirstBatch {
    std::vector<double> cold_ms, warm_ms;           // spawn to the first progress record
    std::vector<double> cold_exit_ms, warm_exit_ms; // spawn to exit
    int64_t input_rows = 0;
};

FirstBatch RunFirstBatch(const Config& config, const QueryFile& q, RunLog& log) {
    const fs::path dir = fs::path(config.work_dir) / "first-batch" / q.name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    // A private cache directory: "warm" means primed by this benchmark, never someone's leftovers.
    const fs::path cache = dir / "xdg-cache";
    const std::string variant = (dir / (q.name + ".stream")).string();
    WriteFile(variant, WithOption(q, q.text, "max_events_per_trigger", config.first_batch_events));
    const std::string progress = (dir / "progress.jsonl").string();

    FirstBatch fb;
    auto run = [&](bool cold, int repetition) {
        std::vector<std::pair<std::string, std::string>> env = config.SluiceEnv();
        env.emplace_back("XDG_CACHE_HOME", cache.string());
        if (cold)
            env.emplace_back("SLUICE_JIT_CACHE", "off");
        ProcessResult r =
            RunChecked({{config.sluice, "run", variant, "--max-batches", "1", "--progress=json:" + progress},
                        env,
                        (dir / "sluice.stdout").string(),
                        (dir / "sluice.stderr").string(),
                        progress},
                       "sluice run --max-batches 1 " + variant);
        ProgressTotals p = ReadProgress(progress);
        if (p.batches != 1 || p.input_rows <= 0 || !r.first_write_ms)
            throw std::runtime_error(q.name + ": the first-batch run wrote " + std::to_string(p.batches) +
                                     " progress records (" + std::to_string(p.input_rows) +
                                     " input rows); expected one");
        fb.input_rows = p.input_rows;
        if (repetition >= 0) {
            log.Add("first_batch", q.name, "sluice", cold ? "cold" : "warm", repetition, r, p.input_rows,
                    p.output_rows);
            (cold ? fb.cold_ms : fb.warm_ms).push_back(*r.first_write_ms);
            (cold ? fb.cold_exit_ms : fb.warm_exit_ms).push_back(r.wall_ms);
        }
        return r;
    };

    run(false, -1); // primes the cache
    if (!fs::exists(cache / "sluice" / "jit") || fs::is_empty(cache / "sluice" / "jit"))
        throw std::runtime_error("the priming run left nothing in " + (cache / "sluice" / "jit").string() +
                                 ": the warm runs would not be warm");
    for (int i = 0; i < config.first_batch_repetitions; ++i) {
        run(true, i);
        run(false, i);
    }
    std::cerr << "  " << q.name << " first batch (" << fb.input_rows << " rows): cold "
              << Format("%.1f", Median(fb.cold_ms)) << " ms, warm " << Format("%.1f", Median(fb.warm_ms))
              << " ms (medians of " << config.first_batch_repetitions << ")\n";
    return fb;
}

// ---- the table -----------------------------------------------------------------------------------

struct QueryResult {
    QueryFile query;
    Throughput throughput;
    FirstBatch first_batch;

    double SluiceRate() const { return throughput.input_rows / Median(throughput.sluice_cpu_s); }
    double BaselineRate() const { return throughput.input_rows / Median(throughput.baseline_cpu_s); }
    double Ratio() const { return SluiceRate() / BaselineRate(); }
    double Target() const { return query.stateful ? kStatefulTargetRatio : kTargetRatio; }
};

void PrintReport(const Config& config, const std::vector<QueryResult>& results, const std::string& load_start,
                 const std::string& load_end, std::pair<double, double> busy_steal) {
    std::ostream& out = std::cout;
    out << "\n| query | Sluice events/s/core | baseline events/s/core | ratio | first batch ms (cold / warm) "
           "| state bytes/key | state commit ms/batch |\n"
        << "|---|---:|---:|---:|---:|---:|---:|\n";
    for (const QueryResult& r : results)
        out << "| " << r.query.name << " | " << FormatRate(r.SluiceRate()) << " | "
            << FormatRate(r.BaselineRate()) << " | " << Format("%.3f", r.Ratio()) << " | "
            << Format("%.1f", Median(r.first_batch.cold_ms)) << " / "
            << Format("%.1f", Median(r.first_batch.warm_ms)) << " | "
            << (r.query.stateful ? Format("%.0f", r.throughput.state_bytes_per_key) : "-") << " | "
            << (r.query.stateful ? Format("%.2f", r.throughput.commit_ms) : "-") << " |\n";

    out << "\nTargets: ratio >= " << Format("%.1f", kTargetRatio) << " (aggregations "
        << Format("%.1f", kStatefulTargetRatio) << "):";
    for (const QueryResult& r : results)
        out << " " << r.query.name << (r.Ratio() >= r.Target() ? " met" : " MISSED");
    out << "; first batch <= " << Format("%.0f", kTargetFirstBatchMs) << " ms (cold):";
    for (const QueryResult& r : results)
        out << " " << r.query.name
            << (Median(r.first_batch.cold_ms) <= kTargetFirstBatchMs ? " met" : " MISSED");
    out << ".\n\n";

    const QueryFile& q0 = results.front().query;
    out << "Events are the bid events the source yields (" << results.front().throughput.input_rows << " of "
        << q0.events << " generator events, seed " << q0.seed << ", " << q0.events_per_trigger
        << " per batch); events/s/core = events / (user + system CPU seconds of the whole process), median "
           "of "
        << config.repetitions
        << " alternating runs each. First batch: spawn to the first progress record of `sluice run "
        << "--max-batches 1` with max_events_per_trigger = " << config.first_batch_events << ", median of "
        << config.first_batch_repetitions << " runs, JIT cache off (cold) / primed (warm).\n";
    if (!config.sluice_env.empty()) {
        out << "Sluice ran with:";
        for (const std::string& kv : config.sluice_env)
            out << " " << kv;
        out << " (not the default environment).\n";
    }
    out << "Spread (max - min) / median of CPU times:";
    for (const QueryResult& r : results)
        out << " " << r.query.name << " Sluice " << Format("%.1f%%", 100 * Spread(r.throughput.sluice_cpu_s))
            << ", baseline " << Format("%.1f%%", 100 * Spread(r.throughput.baseline_cpu_s)) << ";";
    out << "\nSluice system-time share:";
    for (const QueryResult& r : results)
        out << " " << r.query.name << " " << Format("%.1f%%", 100 * Median(r.throughput.sluice_sys_share))
            << ";";
    out << "\nFirst-batch runs, spawn to exit (cold / warm):";
    for (const QueryResult& r : results)
        out << " " << r.query.name << " " << Format("%.1f", Median(r.first_batch.cold_exit_ms)) << " / "
            << Format("%.1f ms", Median(r.first_batch.warm_exit_ms)) << ";";
    out << "\n\n";

    utsname u{};
    uname(&u);
    out << "Machine: " << CpuModel() << ", " << sysconf(_SC_NPROCESSORS_ONLN) << " logical CPUs, "
        << u.sysname << " " << u.release << "; load average " << load_start << " at start, " << load_end
        << " at end; all CPUs " << Format("%.0f%%", 100 * busy_steal.first) << " busy, "
        << Format("%.1f%%", 100 * busy_steal.second) << " stolen during the run. " << UtcNow();
    if (!config.revision.empty())
        out << ", " << config.revision;
    out << ".\nEvery run: " << config.work_dir << "/runs.csv\n";
}

int Main(int argc, char** argv) {
    Config config;
    CLI::App app("Nexmark q0-q2, q5a, q12: Sluice against a hand-written C++ baseline (see bench/README.md)");
    app.add_option("--sluice", config.sluice, "the sluice executable")->required()->check(CLI::ExistingFile);
    app.add_option("--baseline", config.baseline, "the nexmark_baseline executable")
        ->required()
        ->check(CLI::ExistingFile);
    app.add_option("--queries-dir", config.queries_dir, "directory of q0.stream ...")
        ->required()
        ->check(CLI::ExistingDirectory);
    app.add_option("--work-dir", config.work_dir, "where runs write their files (emptied first)")->required();
    app.add_option("--queries", config.queries, "which queries")->delimiter(',');
    app.add_option("--repetitions", config.repetitions, "throughput runs per program and query")
        ->check(CLI::PositiveNumber);
    app.add_option("--first-batch-repetitions", config.first_batch_repetitions,
                   "first-batch runs per mode and query")
        ->check(CLI::PositiveNumber);
    app.add_option("--first-batch-events", config.first_batch_events,
                   "max_events_per_trigger of the first-batch runs")
        ->check(CLI::PositiveNumber);
    app.add_flag("!--no-verify", config.verify, "skip comparing the baseline's rows with Sluice's");
    app.add_option("--revision", config.revision, "what was benchmarked (printed with the machine)");
    app.add_option("--sluice-env", config.sluice_env,
                   "KEY=VALUE added to the environment of timed Sluice runs");
    CLI11_PARSE(app, argc, argv);

    config.sluice = fs::absolute(config.sluice).string();
    config.baseline = fs::absolute(config.baseline).string();
    config.work_dir = fs::absolute(config.work_dir).string();
    fs::remove_all(config.work_dir);
    fs::create_directories(config.work_dir);
    RunLog log((fs::path(config.work_dir) / "runs.csv").string());

    std::vector<QueryResult> results;
    for (const std::string& name : config.queries)
        results.push_back({LoadQuery(config, name), {}, {}});

    const std::string load_start = LoadAverage();
    const std::vector<long long> jiffies_start = CpuJiffies();
    std::cerr << "nexmark_bench: load average " << load_start << "\n";
    if (config.verify)
        for (QueryResult& r : results)
            Verify(config, r.query);
    for (int rep = 0; rep < config.repetitions; ++rep) {
        std::cerr << "throughput, repetition " << rep + 1 << " of " << config.repetitions << "\n";
        for (QueryResult& r : results)
            RunThroughput(config, r.query, rep, log, r.throughput);
    }
    for (QueryResult& r : results)
        if (r.query.stateful)
            r.throughput.commit_ms = MeasureCheckpoint(config, r.query);
    std::cerr << "first batch\n";
    for (QueryResult& r : results)
        r.first_batch = RunFirstBatch(config, r.query, log);
    const std::string load_end = LoadAverage();
    PrintReport(config, results, load_start, load_end, BusyAndSteal(jiffies_start, CpuJiffies()));
    return 0;
}

} // namespace

} // namespace sluice::bench

int main(int argc, char** argv) {
    try {
        return sluice::bench::Main(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "nexmark_bench: " << e.what() << "\n";
        return 1;
    }
}
