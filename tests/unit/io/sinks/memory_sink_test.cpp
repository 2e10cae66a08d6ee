#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "runtime/sinks/memory/memory_sink.h"
#include "runtime/sinks/memory/memory_tables.h"

using namespace sluice::rt;

namespace {

SinkSpec MemorySpec(OutputMode mode, std::string checkpoint = "ckpt/counts") {
    SinkSpec spec;
    spec.name = "Counts";
    spec.connector = "memory";
    spec.schema = {{"word", ColumnType{SL_TYPE_STRING, 0, 0}}, {"n", ColumnType{SL_TYPE_BIGINT, 0, 0}}};
    spec.output_mode = mode;
    spec.checkpoint = std::move(checkpoint);
    return spec;
}

/// A (word, n) batch; nullopt is NULL.
BatchPtr Rows(const Schema& schema, const std::vector<std::pair<std::optional<std::string>, int64_t>>& rows) {
    auto batch = std::make_shared<Batch>(schema, static_cast<int64_t>(rows.size()));
    for (size_t r = 0; r < rows.size(); ++r) {
        int64_t row = static_cast<int64_t>(r);
        if (rows[r].first)
            batch->Values<sl_str>(0)[row] = batch->MakeString(*rows[r].first);
        else
            batch->SetNull(0, row, true);
        batch->Values<int64_t>(1)[row] = rows[r].second;
    }
    batch->set_num_rows(static_cast<int64_t>(rows.size()));
    return batch;
}

/// Runs one batch through the sink as the engine would; false when the sink skipped it.
bool RunBatch(Sink& sink, int64_t id,
              const std::vector<std::pair<std::optional<std::string>, int64_t>>& rows) {
    if (!sink.BeginBatch(id))
        return false;
    sink.Write(*Rows(MemorySpec(OutputMode::Append).schema, rows));
    sink.CommitBatch(id);
    return true;
}

} // namespace

TEST_CASE("memory sink keeps every batch in append mode", "[sinks][memory]") {
    MemoryTables::Reset();
    MemorySink sink(MemorySpec(OutputMode::Append), SinkEnv{});
    CHECK(sink.Description() == "MemorySink[Counts]");
    sink.Open();
    CHECK(RunBatch(sink, 0, {{"a", 1}, {std::nullopt, 2}}));
    int64_t mark = MemoryTables::Mark("counts");
    CHECK(RunBatch(sink, 1, {{"null", 3}}));
    CHECK(RunBatch(sink, 2, {}));
    CHECK(MemoryTables::AllRows("COUNTS") ==
          std::vector<TextRow>{{"a", "1"}, {std::nullopt, "2"}, {"null", "3"}});
    CHECK(MemoryTables::RowsSince("counts", mark) == std::vector<TextRow>{{"null", "3"}});
    CHECK(MemoryTables::LastBatchRows("counts").empty());
    CHECK(MemoryTables::BatchCount("counts") == 3);
    CHECK(MemoryTables::LastBatchId("counts") == 2);
}

TEST_CASE("memory sink skips a batch it already holds after a restart", "[sinks][memory]") {
    MemoryTables::Reset();
    {
        MemorySink sink(MemorySpec(OutputMode::Update), SinkEnv{});
        sink.Open();
        CHECK(RunBatch(sink, 0, {{"a", 1}}));
        CHECK(RunBatch(sink, 1, {{"a", 2}}));
    }
    // The query crashed after the sink committed batch 1 but before the engine's commit log did.
    MemorySink restarted(MemorySpec(OutputMode::Update), SinkEnv{});
    restarted.Open();
    CHECK_FALSE(RunBatch(restarted, 1, {{"a", 2}}));
    CHECK(RunBatch(restarted, 2, {{"b", 1}}));
    CHECK(MemoryTables::AllRows("counts") == std::vector<TextRow>{{"a", "1"}, {"a", "2"}, {"b", "1"}});
    CHECK(MemoryTables::BatchCount("counts") == 3);
    // Commit itself refuses old batch ids too.
    CHECK_FALSE(MemoryTables::Commit("counts", 2, OutputMode::Update, {{"c", "9"}}));
}

TEST_CASE("memory sink in complete mode holds the latest batch as the whole table", "[sinks][memory]") {
    MemoryTables::Reset();
    MemorySink sink(MemorySpec(OutputMode::Complete), SinkEnv{});
    sink.Open();
    RunBatch(sink, 0, {{"a", 1}});
    int64_t mark = MemoryTables::Mark("counts");
    CHECK(MemoryTables::RowsSince("counts", mark).empty());
    RunBatch(sink, 1, {{"a", 2}, {"b", 1}});
    CHECK(MemoryTables::AllRows("counts") == std::vector<TextRow>{{"a", "2"}, {"b", "1"}});
    CHECK(MemoryTables::LastBatchRows("counts") == MemoryTables::AllRows("counts"));
    CHECK(MemoryTables::RowsSince("counts", mark) == std::vector<TextRow>{{"a", "2"}, {"b", "1"}});
    CHECK(MemoryTables::BatchCount("counts") == 2);
}

TEST_CASE("memory sink without a checkpoint starts its table afresh", "[sinks][memory]") {
    MemoryTables::Reset();
    {
        MemorySink sink(MemorySpec(OutputMode::Append, ""), SinkEnv{});
        sink.Open();
        RunBatch(sink, 0, {{"a", 1}});
    }
    // Without a checkpoint a new run starts again at batch 0, which must not be mistaken for a re-run;
    // a mark taken before the restart still sees what comes after it.
    int64_t mark = MemoryTables::Mark("counts");
    MemorySink again(MemorySpec(OutputMode::Append, ""), SinkEnv{});
    again.Open();
    CHECK(RunBatch(again, 0, {{"b", 1}}));
    CHECK(MemoryTables::AllRows("counts") == std::vector<TextRow>{{"b", "1"}});
    CHECK(MemoryTables::RowsSince("counts", mark) == std::vector<TextRow>{{"b", "1"}});
    CHECK(MemoryTables::BatchCount("counts") == 2);

    MemoryTables::Clear("counts");
    CHECK(MemoryTables::AllRows("counts").empty());
    CHECK(MemoryTables::BatchCount("counts") == 0);
    CHECK_FALSE(MemoryTables::LastBatchId("counts"));
}
