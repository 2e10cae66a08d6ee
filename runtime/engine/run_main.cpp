#include "runtime/engine/run_main.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <mutex>
#include <pthread.h>
#include <sstream>
#include <thread>

#include "runtime/common/text.h"
#include "runtime/engine/exit_codes.h"
#include "runtime/engine/progress_listener.h"

namespace sluice::rt {

namespace {

/// One SL_SETTING of connectors.def.
struct SettingInfo {
    const char* name;
    const char* type;
    const char* choices;
};

const std::vector<SettingInfo>& Settings() {
    static const std::vector<SettingInfo> kSettings = {
#define SL_SETTING(name, type, def, choices, doc) {#name, #type, choices},
#include "sluice/connectors.def"
    };
    return kSettings;
}

std::string SettingNames() {
    std::string names;
    for (const SettingInfo& s : Settings())
        names += (names.empty() ? "" : ", ") + std::string(s.name);
    return names;
}

std::vector<std::string> SplitChoices(const std::string& choices) {
    std::vector<std::string> out;
    std::stringstream in(choices);
    std::string item;
    while (std::getline(in, item, '|'))
        out.push_back(item);
    return out;
}

/// The smallest value an INT setting takes: 0 unless it needs at least one of something.
int64_t MinimumOf(const std::string& key) {
    return key == "state_partitions" || key == "min_batches_to_retain" ? 1 : 0;
}

/// Parses "key=value" against connectors.def; throws std::invalid_argument with the reason.
std::pair<std::string, nlohmann::json> ParseSetting(const std::string& text) {
    const size_t eq = text.find('=');
    if (eq == std::string::npos || eq == 0)
        throw std::invalid_argument("--set takes KEY=VALUE, not '" + text + "'");
    const std::string key = text.substr(0, eq);
    const std::string value = text.substr(eq + 1);
    const SettingInfo* info = nullptr;
    for (const SettingInfo& s : Settings())
        if (key == s.name)
            info = &s;
    if (!info)
        throw std::invalid_argument("--set " + text + ": unknown setting '" + key +
                                    "' (settings: " + SettingNames() + ")");
    const std::string type = info->type;
    nlohmann::json parsed;
    if (type == "INT") {
        int64_t v = 0;
        auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
        if (value.empty() || ec != std::errc() || end != value.data() + value.size())
            throw std::invalid_argument("--set " + text + ": setting '" + key + "' takes an integer");
        // Every INT setting is a count; some fix the checkpoint for good at its first start
        // (state_partitions), so a bad one must stop here, not be written into new metadata.
        const int64_t minimum = MinimumOf(key);
        if (v < minimum)
            throw std::invalid_argument("--set " + text + ": setting '" + key + "' " +
                                        (minimum == 0 ? std::string("must not be negative")
                                                      : "must be at least " + std::to_string(minimum)));
        parsed = v;
    } else if (type == "DOUBLE") {
        char* end = nullptr;
        double v = std::strtod(value.c_str(), &end);
        if (value.empty() || end != value.c_str() + value.size())
            throw std::invalid_argument("--set " + text + ": setting '" + key + "' takes a number");
        parsed = v;
    } else if (type == "BOOL") {
        if (value != "true" && value != "false")
            throw std::invalid_argument("--set " + text + ": setting '" + key + "' takes true or false");
        parsed = value == "true";
    } else {
        parsed = value;
    }
    std::vector<std::string> choices = SplitChoices(info->choices);
    if (!choices.empty() && std::find(choices.begin(), choices.end(), value) == choices.end()) {
        std::string list;
        for (const std::string& c : choices)
            list += (list.empty() ? "" : ", ") + c;
        throw std::invalid_argument("--set " + text + ": setting '" + key + "' must be one of " + list);
    }
    return {key, parsed};
}

std::string TriggerText(const TriggerSpec& t) {
    switch (t.kind) {
    case TriggerKind::Default:
        return "default";
    case TriggerKind::ProcessingTime:
        return "processing time " + std::to_string(t.interval_ms) + " ms";
    case TriggerKind::Once:
        return "once";
    case TriggerKind::AvailableNow:
        return "available now";
    case TriggerKind::Continuous:
        return "continuous " + std::to_string(t.interval_ms) + " ms";
    }
    return "?";
}

/// Sent by RunQueries to its signal watcher thread when every query has stopped (see BlockedSignals).
constexpr int kWakeSignal = SIGUSR2;

/// Blocks SIGINT and SIGTERM in the calling thread for its lifetime (threads started meanwhile inherit
/// the mask), so that only the watcher's sigtimedwait receives them.
class BlockedSignals {
public:
    BlockedSignals() {
        sigemptyset(&set_);
        sigaddset(&set_, SIGINT);
        sigaddset(&set_, SIGTERM);
        // Not from users: RunQueries sends it to the watcher thread when every query has stopped, so
        // that the process exits at once instead of at the watcher's next timeout.
        sigaddset(&set_, kWakeSignal);
        pthread_sigmask(SIG_BLOCK, &set_, &previous_);
    }
    ~BlockedSignals() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
    const sigset_t& set() const { return set_; }

private:
    sigset_t set_;
    sigset_t previous_;
};

} // namespace

void AddRunOptions(CLI::App& app, RunOptions& options) {
    app.add_option("--sink", options.sink,
                   "run only the query of this sink (default: every sink, concurrently)")
        ->type_name("NAME");
    app.add_option("--max-batches", options.max_batches, "stop each query after N batches")
        ->type_name("N")
        ->check(CLI::Validator(
            [](std::string& value) -> std::string {
                int64_t n = 0;
                auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
                if (ec != std::errc() || end != value.data() + value.size() || n < 0)
                    return "takes a whole number of batches, 0 or more, not '" + value + "'";
                return "";
            },
            ""));
    app.add_flag("--progress", options.progress,
                 "print a progress record per batch as JSON on stderr; with =json:PATH, append one JSON line "
                 "per batch to PATH instead")
        ->option_text("[=json:PATH]")
        // A bare flag yields "true"; name it for what it means.
        ->transform([](std::string value) { return value == "true" ? std::string("console") : value; });
    app.add_option("--set", options.settings,
                   "override a query setting (" + SettingNames() + "); may be repeated")
        ->type_name("KEY=VALUE")
        ->allow_extra_args(false);
}

std::string DescribeQueries(const std::vector<QuerySpec>& specs) {
    std::ostringstream out;
    out << "Queries (one per sink; all run concurrently unless --sink NAME picks one):\n";
    size_t width = 0;
    for (const QuerySpec& spec : specs)
        width = std::max(width, spec.sink.name.size());
    for (const QuerySpec& spec : specs) {
        const SinkSpec& s = spec.sink;
        out << "  " << s.name << std::string(width - s.name.size() + 2, ' ') << "INTO " << s.connector
            << (s.format.empty() ? "" : " FORMAT " + s.format) << ", output mode "
            << OutputModeName(s.output_mode) << ", trigger " << TriggerText(s.trigger)
            << (s.checkpoint.empty() ? ", no checkpoint" : ", checkpoint '" + s.checkpoint + "'") << "\n";
    }
    return out.str();
}

int RunQueries(std::vector<QuerySpec> specs, const RunOptions& options) {
    return RunQueries(std::move(specs), options, QueryOptions{}, std::cerr);
}

int RunQueries(std::vector<QuerySpec> specs, const RunOptions& options, QueryOptions base,
               std::ostream& err) {
    if (specs.empty()) {
        err << "error: nothing to run: the program has no CREATE SINK\n";
        return kExitUsage;
    }
    if (!options.sink.empty()) {
        auto pick = [&](bool exact) {
            return std::find_if(specs.begin(), specs.end(), [&](const QuerySpec& s) {
                return exact ? s.sink.name == options.sink : EqualsIgnoreCase(s.sink.name, options.sink);
            });
        };
        auto it = pick(true);
        if (it == specs.end())
            it = pick(false);
        if (it == specs.end()) {
            std::string names;
            for (const QuerySpec& s : specs)
                names += (names.empty() ? "" : ", ") + s.sink.name;
            err << "error: --sink " << options.sink << ": no such sink (sinks: " << names << ")\n";
            return kExitUsage;
        }
        QuerySpec selected = std::move(*it);
        specs.clear();
        specs.push_back(std::move(selected));
    }
    try {
        for (const std::string& text : options.settings) {
            auto [key, value] = ParseSetting(text);
            for (QuerySpec& spec : specs)
                spec.sink.settings.Set(key, value);
        }
        if (auto listener = MakeProgressListener(options.progress))
            base.listeners.push_back(std::move(listener));
    } catch (const std::exception& e) {
        err << "error: " << e.what() << "\n";
        return kExitUsage;
    }
    if (options.max_batches >= 0)
        base.max_batches = options.max_batches;

    BlockedSignals blocked;
    std::vector<std::unique_ptr<StreamingQuery>> queries;
    for (QuerySpec& spec : specs)
        queries.push_back(std::make_unique<StreamingQuery>(std::move(spec), base));
    for (auto& q : queries)
        q->Start();

    std::atomic<bool> finished{false};
    std::mutex err_mu; // the watcher and this thread both write to `err`
    std::thread watcher([&] {
        int received = 0;
        while (!finished) {
            timespec timeout{0, 50 * 1000 * 1000};
            int sig = sigtimedwait(&blocked.set(), nullptr, &timeout);
            if (sig < 0 || sig == kWakeSignal)
                continue;
            if (++received == 1) {
                {
                    std::lock_guard<std::mutex> lock(err_mu);
                    err << "\nreceived " << (sig == SIGINT ? "SIGINT" : "SIGTERM")
                        << ": stopping every query after its current batch (send it again to exit at once)"
                        << std::endl;
                }
                for (auto& q : queries)
                    q->RequestStop();
            } else {
                // The user insists: leave now. The checkpoint protocol makes this as safe as a crash.
                std::_Exit(128 + sig);
            }
        }
    });

    int exit_code = kExitOk;
    std::vector<bool> reported(queries.size(), false);
    size_t remaining = queries.size();
    while (remaining > 0) {
        for (size_t i = 0; i < queries.size(); ++i) {
            if (reported[i])
                continue;
            // Errors are printed as soon as a query fails, while the others keep running.
            if (!queries[i]->AwaitTermination(std::chrono::milliseconds(remaining == 1 ? 200 : 20)))
                continue;
            reported[i] = true;
            --remaining;
            if (auto error = queries[i]->Error()) {
                std::lock_guard<std::mutex> lock(err_mu);
                err << "error: " << error->what() << std::endl;
                exit_code = kExitQueryFailed;
            }
        }
    }
    finished = true;
    pthread_kill(watcher.native_handle(), kWakeSignal);
    watcher.join();
    return exit_code;
}

} // namespace sluice::rt
