#include "runtime/state/state_store.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "runtime/common/framed_log.h"
#include "runtime/state/memory_state_table.h"
#include "runtime/state/state_file.h"

namespace fs = std::filesystem;

namespace sluice::rt {

namespace {

/// The version of a state file named "<version>.delta" or "<version>.snapshot", or -1 for other names
/// (temporary files of an interrupted write among them).
int64_t FileVersion(const std::string& name, bool* snapshot = nullptr) {
    const size_t dot = name.find('.');
    if (dot == 0 || dot == std::string::npos || dot > 18 || name.find_first_not_of("0123456789") != dot)
        return -1;
    const std::string kind = name.substr(dot + 1);
    if (kind != "delta" && kind != "snapshot")
        return -1;
    if (snapshot)
        *snapshot = kind == "snapshot";
    return std::stoll(name.substr(0, dot));
}

} // namespace

struct StateStore::Impl {
    std::vector<StateTableSpec> tables;
    int32_t partitions = 1;
    std::string dir;
    StateStoreOptions options;
    /// tables[t] partition p at state[t * partitions + p].
    std::vector<std::unique_ptr<MemoryStateTable>> state;
    int64_t last_commit_ms = 0;

    MemoryStateTable& At(int t, int32_t p) { return *state.at(static_cast<size_t>(t) * partitions + p); }
    std::string PartitionDir(int t, int32_t p) const {
        return dir + "/" + std::to_string(t) + "/" + std::to_string(p);
    }
    static std::string FileName(int64_t version, bool snapshot) {
        return std::to_string(version) + (snapshot ? ".snapshot" : ".delta");
    }

    /// Versions of the snapshots in a partition's directory.
    std::vector<int64_t> Snapshots(const std::string& partition_dir) const {
        std::vector<int64_t> out;
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(partition_dir, ec)) {
            bool snapshot = false;
            const int64_t version = FileVersion(entry.path().filename().string(), &snapshot);
            if (version >= 0 && snapshot)
                out.push_back(version);
        }
        return out;
    }

    /// Writes version `version` of table `t`'s partition `p`: a snapshot or a delta.
    void CommitPartition(int t, int32_t p, int64_t version, bool snapshot);

    void CheckLayout() {
        nlohmann::json want = {{"partitions", partitions}, {"tables", nlohmann::json::array()}};
        for (const StateTableSpec& t : tables)
            want["tables"].push_back(
                {{"value_size", t.value_size}, {"strings", t.value_string_offsets.size()}});
        const std::string path = dir + "/metadata";
        std::ifstream in(path);
        if (!in) {
            WriteFileAtomically(path, want.dump() + "\n");
            return;
        }
        std::stringstream text;
        text << in.rdbuf();
        nlohmann::json have = nlohmann::json::parse(text.str(), nullptr, false);
        if (have.is_discarded())
            throw QueryError("state metadata '" + path + "' is corrupt");
        if (have.value("partitions", -1) != partitions)
            throw QueryError("the checkpoint's state has " + std::to_string(have.value("partitions", -1)) +
                             " partitions, the query " + std::to_string(partitions) + " ('" + path + "')");
        if (have["tables"] != want["tables"])
            throw QueryError(
                "the checkpoint's state was written by a query with other stateful operators ('" + path +
                "'); a changed query needs a new checkpoint directory");
    }
};

StateStore::StateStore(std::vector<StateTableSpec> tables, int32_t partitions, std::string dir,
                       StateStoreOptions options)
    : impl_(std::make_unique<Impl>()) {
    if (partitions < 1)
        throw QueryError("state_partitions must be at least 1, not " + std::to_string(partitions));
    if (options.kind != "memory")
        throw QueryError("state_store = '" + options.kind + "' is not supported yet; use 'memory'");
    impl_->tables = std::move(tables);
    impl_->partitions = partitions;
    impl_->dir = std::move(dir);
    impl_->options = options;
    for (const StateTableSpec& t : impl_->tables)
        for (int32_t p = 0; p < partitions; ++p)
            impl_->state.push_back(std::make_unique<MemoryStateTable>(t));
    if (!impl_->dir.empty() && !impl_->tables.empty()) {
        std::error_code ec;
        fs::create_directories(impl_->dir, ec);
        if (ec)
            throw QueryError("cannot create state directory '" + impl_->dir + "': " + ec.message());
        impl_->CheckLayout();
    }
}

StateStore::~StateStore() = default;

int32_t StateStore::partitions() const {
    return impl_->partitions;
}

sl_state* StateStore::Table(int table, int32_t partition) {
    return &impl_->At(table, partition);
}

void StateStore::Load(int64_t version) {
    for (size_t t = 0; t < impl_->tables.size(); ++t) {
        for (int32_t p = 0; p < impl_->partitions; ++p) {
            MemoryStateTable& table = impl_->At(static_cast<int>(t), p);
            table.Clear();
            if (version == 0)
                continue;
            if (impl_->dir.empty())
                throw QueryError("state version " + std::to_string(version) +
                                 " was asked for, but the query keeps no checkpoint");
            const std::string dir = impl_->PartitionDir(static_cast<int>(t), p);
            int64_t base = 0;
            for (int64_t s : impl_->Snapshots(dir))
                if (s <= version && s > base)
                    base = s;
            if (base > 0)
                for (const StateRecord& r : ReadStateFile(dir + "/" + Impl::FileName(base, true)).records)
                    table.Apply(r);
            for (int64_t v = base + 1; v <= version; ++v) {
                StateFileContent delta = ReadStateFile(dir + "/" + Impl::FileName(v, false));
                for (const StateRecord& r : delta.records)
                    table.Apply(r);
                for (const std::string& key : delta.removed)
                    table.Remove(key);
            }
            table.RefreshMetrics();
        }
    }
}

void StateStore::Impl::CommitPartition(int t, int32_t p, int64_t version, bool snapshot) {
    MemoryStateTable& table = At(t, p);
    const std::string partition_dir = PartitionDir(t, p);
    std::error_code ec;
    fs::create_directories(partition_dir, ec);
    StateFileContent content;
    content.snapshot = snapshot;
    if (snapshot) {
        content.records = table.AllRecords();
    } else {
        content.records = table.UpdatedRecords();
        content.removed = table.removed_keys();
    }
    WriteStateFile(partition_dir + "/" + FileName(version, snapshot), content);
    if (!snapshot)
        return;
    table.CompactStrings();
    // Files older than the newest snapshot the retention no longer needs go.
    int64_t keep_from = 0;
    for (int64_t s : Snapshots(partition_dir))
        if (s <= version - options.min_versions_to_retain && s > keep_from)
            keep_from = s;
    for (const auto& entry : fs::directory_iterator(partition_dir, ec)) {
        const int64_t v = FileVersion(entry.path().filename().string());
        if (v >= 0 && v < keep_from)
            fs::remove(entry.path(), ec);
    }
}

void StateStore::Commit(int64_t batch_id) {
    const auto start = std::chrono::steady_clock::now();
    const int64_t version = batch_id + 1;
    if (!impl_->dir.empty() && !impl_->tables.empty()) {
        const bool snapshot = version % std::max<int64_t>(1, impl_->options.snapshot_interval) == 0;
        // Every file is written and fsync'd on its own: the partitions' files go out in parallel.
        const int files = static_cast<int>(impl_->tables.size()) * impl_->partitions;
        const int threads =
            std::min(files, std::max(1, static_cast<int>(std::thread::hardware_concurrency())));
        std::vector<std::exception_ptr> errors(static_cast<size_t>(threads));
        std::vector<std::thread> workers;
        for (int w = 0; w < threads; ++w)
            workers.emplace_back([&, w] {
                try {
                    for (int f = w; f < files; f += threads)
                        impl_->CommitPartition(f / impl_->partitions, f % impl_->partitions, version,
                                               snapshot);
                } catch (...) {
                    errors[static_cast<size_t>(w)] = std::current_exception();
                }
            });
        for (std::thread& t : workers)
            t.join();
        for (const std::exception_ptr& e : errors)
            if (e)
                std::rethrow_exception(e);
    }
    impl_->last_commit_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start)
            .count();
}

StateTableMetrics StateStore::Metrics(int table) const {
    StateTableMetrics sum;
    for (int32_t p = 0; p < impl_->partitions; ++p) {
        MemoryStateTable& t = impl_->At(table, p);
        t.RefreshMetrics();
        sum.rows_total += t.metrics.rows_total;
        sum.rows_updated += t.metrics.rows_updated;
        sum.rows_removed += t.metrics.rows_removed;
        sum.rows_dropped_by_watermark += t.metrics.rows_dropped_by_watermark;
        sum.memory_used_bytes += t.metrics.memory_used_bytes;
    }
    return sum;
}

int64_t StateStore::last_commit_ms() const {
    return impl_->last_commit_ms;
}

} // namespace sluice::rt
