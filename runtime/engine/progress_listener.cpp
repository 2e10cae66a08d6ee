#include "runtime/engine/progress_listener.h"

#include <iostream>
#include <stdexcept>

namespace sluice::rt {

ConsoleProgressListener::ConsoleProgressListener(std::ostream& out) : out_(out) {}

ConsoleProgressListener::ConsoleProgressListener() : out_(std::cerr) {}

void ConsoleProgressListener::OnQueryProgress(const QueryProgress& progress) {
    std::string text = progress.ToJson().dump(2);
    std::lock_guard<std::mutex> lock(mu_);
    out_ << text << '\n';
    out_.flush();
}

JsonLinesProgressListener::JsonLinesProgressListener(const std::string& path)
    : path_(path), out_(path, std::ios::out | std::ios::app) {
    if (!out_)
        throw std::runtime_error("cannot open progress file '" + path + "' for appending");
}

void JsonLinesProgressListener::OnQueryProgress(const QueryProgress& progress) {
    std::string line = progress.ToJson().dump();
    std::lock_guard<std::mutex> lock(mu_);
    out_ << line << '\n';
    out_.flush();
    if (!out_)
        throw std::runtime_error("cannot write progress file '" + path_ + "'");
}

std::shared_ptr<ProgressListener> MakeProgressListener(const std::string& flag_value) {
    if (flag_value.empty())
        return nullptr;
    if (flag_value == "console")
        return std::make_shared<ConsoleProgressListener>();
    const std::string kJsonPrefix = "json:";
    if (flag_value.rfind(kJsonPrefix, 0) == 0 && flag_value.size() > kJsonPrefix.size())
        return std::make_shared<JsonLinesProgressListener>(flag_value.substr(kJsonPrefix.size()));
    throw std::invalid_argument("--progress takes no value or 'json:PATH', not '" + flag_value + "'");
}

} // namespace sluice::rt
