// sqlite_oracle_test: SQLite as an independent oracle. It generates random rows from a seed, writes them as
// CSV files for Sluice's `file` source and loads the same values into SQLite, runs every query of
// oracle_queries.cpp through `sluice run` (file source -> file sink, TRIGGER AVAILABLE NOW) and through the
// `sqlite3` CLI, and checks that both give the same multiset of rows: for stateless queries and APPEND-mode
// windows every row written, for COMPLETE-mode aggregations the last batch's table.
//
//   sqlite_oracle_test build/sluice [--sqlite3 PATH] [--seed N] [--rows N] [--only TEXT] [--keep]
//
// The seed is printed first; SLUICE_ORACLE_SEED=N or --seed N reruns with another one. --only runs the
// queries whose name contains TEXT; --keep leaves the work directory (inputs, .stream and .sql files,
// outputs) in place, as a failure does.

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "tests/oracle/oracle_queries.h"
#include "tests/oracle/random_table.h"
#include "tests/oracle/result_set.h"

extern char** environ;

namespace fs = std::filesystem;

namespace sluice::oracle {

namespace {

constexpr uint64_t kDefaultSeed = 20261123;
constexpr int kDefaultRows = 2000;
constexpr int kShownRows = 12;
constexpr auto kProcessTimeout = std::chrono::seconds(60);

struct Options {
    std::string program; // this test's own path, for the reproduction line
    std::string sluice;
    std::string sqlite3 = "sqlite3";
    uint64_t seed = kDefaultSeed;
    int rows = kDefaultRows;
    std::string only;
    bool keep = false;
};

/// What a child process did.
struct ProcessResult {
    int exit_code = -1; // -1: killed by a signal or by the timeout
    std::string description;
    std::string stdout_text;
    std::string stderr_text;
};

std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void WriteFile(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out.flush())
        throw std::runtime_error("cannot write " + path.string());
}

// Runs argv with stdin from `stdin_path` (or /dev/null), capturing stdout and stderr through files next to
// `capture_prefix`; a process that outlives kProcessTimeout is killed so that a hang fails the query
// instead of the whole suite.
ProcessResult Run(const std::vector<std::string>& argv, const std::string& stdin_path,
                  const std::string& capture_prefix) {
    const std::string out_path = capture_prefix + ".stdout", err_path = capture_prefix + ".stderr";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, stdin_path.empty() ? "/dev/null" : stdin_path.c_str(),
                                     O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<char*> args;
    for (const std::string& arg : argv)
        args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    pid_t pid;
    ProcessResult result;
    int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        result.description = "cannot start " + argv[0] + ": " + std::strerror(rc);
        return result;
    }
    const auto deadline = std::chrono::steady_clock::now() + kProcessTimeout;
    int status = 0;
    for (;;) {
        pid_t done = waitpid(pid, &status, WNOHANG);
        if (done == pid)
            break;
        if (done < 0 && errno != EINTR) {
            result.description = "waitpid failed";
            return result;
        }
        if (std::chrono::steady_clock::now() > deadline) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            result.description = argv[0] + " did not finish within 60 s and was killed";
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    result.stdout_text = ReadFile(out_path);
    result.stderr_text = ReadFile(err_path);
    if (result.description.empty()) {
        if (WIFEXITED(status)) {
            result.exit_code = WEXITSTATUS(status);
            result.description = "exit code " + std::to_string(result.exit_code);
        } else if (WIFSIGNALED(status)) {
            result.description = std::string("killed by signal ") + strsignal(WTERMSIG(status));
        }
    }
    return result;
}

std::string Indent(const std::string& text) {
    std::string out = "    ";
    for (char c : text) {
        out.push_back(c);
        if (c == '\n')
            out += "    ";
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == '\n'))
        out.pop_back();
    return out;
}

/// The index of t's `ts` column.
size_t TsColumn(const RandomTable& t) {
    for (size_t c = 0; c < t.columns.size(); ++c)
        if (t.columns[c].name == "ts")
            return c;
    throw std::logic_error("table t has no column ts");
}

/// Runs the queries and reports; one instance per test run.
class OracleRun {
public:
    OracleRun(Options options, fs::path work) : options_(std::move(options)), work_(std::move(work)) {}

    /// Generates and loads the inputs; false when that failed (the reason is printed).
    bool Prepare();
    /// Runs one query through both systems; false (with the reason printed) when they disagree.
    bool Check(size_t index, const OracleQuery& query);

    /// The command line that runs just this query again on the same rows.
    std::string Reproduce(const OracleQuery& query) const {
        std::string quoted_name = "'";
        for (char c : query.name)
            quoted_name += c == '\'' ? std::string("'\\''") : std::string(1, c);
        quoted_name += "'";
        return options_.program + " " + options_.sluice + " --sqlite3 " + options_.sqlite3 + " --seed " +
               std::to_string(options_.seed) + " --rows " + std::to_string(options_.rows) + " --only " +
               quoted_name + " --keep";
    }

private:
    bool Fail(const OracleQuery& query, size_t index, const std::string& why) const;

    Options options_;
    fs::path work_;
    fs::path database_;
    std::string sources_; // the CREATE SOURCE statements of every .stream file
};

bool OracleRun::Prepare() {
    Random random(options_.seed);
    const RandomTable t = MakeTableT(random, options_.rows);
    const RandomTable t2 = MakeTableT2(random, std::max(1, options_.rows / 4));
    fs::create_directories(work_ / "in_t");
    fs::create_directories(work_ / "in_t2");
    t.WriteCsvFiles((work_ / "in_t").string(), DialectT(), 4, random);
    t2.WriteCsvFiles((work_ / "in_t2").string(), DialectT2(), 3, random);
    // A file with nothing but its header: a batch without rows.
    std::string header;
    for (const ColumnSpec& column : t.columns)
        header += (header.empty() ? "" : ",") + column.name;
    WriteFile(work_ / "in_t" / "t-99.csv", header + "\n");
    // One file per batch for t, so that every query over t also runs several batches.
    // tw: t's rows with a time, in time order over five files, then one far-future row (id -1): with a
    // watermark on ts no row is late, and the last batch's watermark finalizes every window of t's rows.
    RandomTable tw = t;
    tw.name = "tw";
    const size_t ts_column = TsColumn(t);
    std::erase_if(tw.rows, [&](const std::vector<Cell>& row) {
        return !std::holds_alternative<int64_t>(row[ts_column]);
    });
    std::stable_sort(tw.rows.begin(), tw.rows.end(), [&](const auto& a, const auto& b) {
        return std::get<int64_t>(a[ts_column]) < std::get<int64_t>(b[ts_column]);
    });
    std::vector<Cell> sentinel(tw.columns.size());
    sentinel[0] = int64_t{-1};
    sentinel[ts_column] = int64_t{7258118400LL * 1000000}; // 2200-01-01
    tw.rows.push_back(sentinel);
    fs::create_directories(work_ / "in_tw");
    tw.WriteCsvFiles((work_ / "in_tw").string(), DialectT(), 5, random);
    sources_ = "CREATE SOURCE t (" + t.SluiceColumns() + ")\n  FROM file (path = '" +
               (work_ / "in_t").string() + "', max_files_per_trigger = 1) " + SluiceFormatT() + ";\n" +
               "CREATE SOURCE t2 (" + t2.SluiceColumns() + ")\n  FROM file (path = '" +
               (work_ / "in_t2").string() + "') " + SluiceFormatT2() + ";\n" + "CREATE SOURCE tw (" +
               tw.SluiceColumns() + ", WATERMARK FOR ts AS ts)\n  FROM file (path = '" +
               (work_ / "in_tw").string() + "', max_files_per_trigger = 1) " + SluiceFormatT() + ";\n";

    database_ = work_ / "oracle.db";
    WriteFile(work_ / "load.sql", t.SqliteScript() + t2.SqliteScript());
    ProcessResult load = Run({options_.sqlite3, "-batch", "-bail", database_.string()},
                             (work_ / "load.sql").string(), (work_ / "load").string());
    if (load.exit_code != 0) {
        std::cerr << "FAIL: loading the rows into SQLite (" << options_.sqlite3 << "): " << load.description
                  << "\n"
                  << Indent(load.stderr_text) << "\n";
        return false;
    }
    std::cout << "sqlite oracle: seed " << options_.seed
              << " (override with --seed N or SLUICE_ORACLE_SEED=N), " << t.rows.size()
              << " rows in t (4 csv files and one with only a header), " << t2.rows.size()
              << " rows in t2 (3 csv files)\n";
    return true;
}

bool OracleRun::Fail(const OracleQuery& query, size_t index, const std::string& why) const {
    char name[16];
    std::snprintf(name, sizeof name, "q%02zu", index + 1);
    std::cerr << "FAIL: query " << name << " '" << query.name << "' (seed " << options_.seed << ")\n"
              << "  sluice: " << query.sluice << "\n"
              << "  sqlite: " << query.SqliteText() << "\n"
              << Indent(why) << "\n"
              << "  files: " << (work_ / name).string() << " (query.stream, query.sql, out/, *.stdout)\n"
              << "  reproduce: " << Reproduce(query) << "\n";
    return false;
}

bool OracleRun::Check(size_t index, const OracleQuery& query) {
    char name[16];
    std::snprintf(name, sizeof name, "q%02zu", index + 1);
    const fs::path dir = work_ / name;
    fs::create_directories(dir);

    const bool complete = query.mode == OracleQuery::Mode::Complete;
    const std::string stream =
        sources_ + "CREATE SINK result\n  INTO file (path = '" + (dir / "out").string() + "') FORMAT csv\n" +
        (complete ? "  OUTPUT MODE COMPLETE\n" : "") + "  TRIGGER AVAILABLE NOW\n  CHECKPOINT '" +
        (dir / "checkpoint").string() + "'\nAS " + query.sluice + ";\n";
    WriteFile(dir / "query.stream", stream);
    ProcessResult sluice =
        Run({options_.sluice, "run", (dir / "query.stream").string()}, "", (dir / "sluice").string());
    if (sluice.exit_code != 0)
        return Fail(query, index, "sluice run failed (" + sluice.description + "):\n" + sluice.stderr_text);
    std::vector<fs::path> parts;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir / "out")) {
        const std::string file = entry.path().filename().string();
        if (file.starts_with("part-") && file.ends_with(".csv"))
            parts.push_back(entry.path());
    }
    std::sort(parts.begin(), parts.end());
    // A COMPLETE-mode query writes its whole result in every batch: the newest file is the result.
    if (complete && parts.size() > 1)
        parts.erase(parts.begin(), parts.end() - 1);
    std::string sluice_text;
    for (const fs::path& part : parts)
        sluice_text += ReadFile(part);

    // case_sensitive_like: Sluice's LIKE is case-sensitive, SQLite's is not by default.
    WriteFile(dir / "query.sql",
              ".mode quote\n.headers off\nPRAGMA case_sensitive_like = ON;\n" + query.SqliteText() + ";\n");
    ProcessResult sqlite = Run({options_.sqlite3, "-batch", "-bail", "-readonly", database_.string()},
                               (dir / "query.sql").string(), (dir / "sqlite").string());
    if (sqlite.exit_code != 0 || !sqlite.stderr_text.empty())
        return Fail(query, index, "sqlite3 failed (" + sqlite.description + "):\n" + sqlite.stderr_text);

    std::vector<Row> sluice_rows, sqlite_rows;
    std::string error;
    if (!ParseSluiceCsv(sluice_text, query.kinds, &sluice_rows, &error))
        return Fail(query, index,
                    "Sluice's output does not read as the query's columns (" + query.kinds + "): " + error +
                        "\n(output in " + (dir / "out").string() + ")");
    if (!ParseSqliteQuote(sqlite.stdout_text, query.kinds, &sqlite_rows, &error))
        return Fail(query, index,
                    "SQLite's output does not read as the query's columns (" + query.kinds + "): " + error +
                        "\n(output in " + (dir / "sqlite.stdout").string() + ")");
    // A query that selects nothing compares nothing: the data or the query no longer exercise it.
    if (sqlite_rows.empty())
        return Fail(query, index, "SQLite returned no rows, so the query tests nothing with this data");

    const size_t sluice_count = sluice_rows.size(), sqlite_count = sqlite_rows.size();
    RowDiff diff = CompareMultisets(std::move(sluice_rows), std::move(sqlite_rows));
    if (!diff.empty()) {
        std::ostringstream why;
        why << "the results differ: Sluice " << sluice_count << " rows, SQLite " << sqlite_count << " rows\n";
        auto show = [&](const char* title, const std::vector<Row>& rows) {
            if (rows.empty())
                return;
            why << title << " (" << rows.size() << "):\n";
            for (size_t r = 0; r < rows.size() && r < static_cast<size_t>(kShownRows); ++r)
                why << "  " << RowToString(rows[r]) << "\n";
            if (rows.size() > static_cast<size_t>(kShownRows))
                why << "  …\n";
        };
        show("only in Sluice's result", diff.only_in_sluice);
        show("only in SQLite's result", diff.only_in_sqlite);
        return Fail(query, index, why.str());
    }
    std::cout << "ok  " << name << " " << query.name << ": " << sluice_count << " rows\n";
    return true;
}

bool ParseOptions(int argc, char** argv, Options* options) {
    if (argc < 2)
        return false;
    options->program = argv[0];
    options->sluice = argv[1];
    if (const char* seed = std::getenv("SLUICE_ORACLE_SEED"); seed != nullptr && *seed != '\0')
        options->seed = std::strtoull(seed, nullptr, 10);
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "--sqlite3" && has_value)
            options->sqlite3 = argv[++i];
        else if (arg == "--seed" && has_value)
            options->seed = std::strtoull(argv[++i], nullptr, 10);
        else if (arg == "--rows" && has_value)
            options->rows = std::atoi(argv[++i]);
        else if (arg == "--only" && has_value)
            options->only = argv[++i];
        else if (arg == "--keep")
            options->keep = true;
        else
            return false;
    }
    return options->rows > 0;
}

} // namespace

int Main(int argc, char** argv) {
    Options options;
    if (!ParseOptions(argc, argv, &options)) {
        std::cerr << "usage: " << argv[0]
                  << " SLUICE [--sqlite3 PATH] [--seed N] [--rows N] [--only TEXT] [--keep]\n";
        return 2;
    }
    const auto start = std::chrono::steady_clock::now();
    char pattern[] = "/tmp/sluice-oracle-XXXXXX";
    if (mkdtemp(pattern) == nullptr) {
        std::perror("mkdtemp");
        return 1;
    }
    const fs::path work = pattern;
    options.sluice = fs::absolute(options.sluice).string();
    OracleRun run(options, work);
    int failures = 0, checked = 0;
    if (!run.Prepare()) {
        ++failures;
    } else {
        const std::vector<OracleQuery> queries = OracleQueries();
        for (size_t q = 0; q < queries.size(); ++q) {
            if (!options.only.empty() && queries[q].name.find(options.only) == std::string::npos)
                continue;
            ++checked;
            if (!run.Check(q, queries[q]))
                ++failures;
        }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (failures > 0 || options.keep)
        std::cout << "work directory kept: " << work.string() << "\n";
    else
        fs::remove_all(work);
    if (failures > 0) {
        std::cerr << failures << " of " << checked << " queries failed (seed " << options.seed << ", "
                  << seconds << " s)\n";
        return 1;
    }
    if (checked == 0) {
        std::cerr << "no query matches --only '" << options.only << "'\n";
        return 1;
    }
    std::cout << "ok: " << checked << " queries agree with SQLite (seed " << options.seed << ", " << seconds
              << " s)\n";
    return 0;
}

} // namespace sluice::oracle

int main(int argc, char** argv) {
    try {
        return sluice::oracle::Main(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "sqlite_oracle_test: " << e.what() << "\n";
        return 1;
    }
}
