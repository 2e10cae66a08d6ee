#pragma once

#include <string>
#include <vector>

#include "runtime/state/memory_state_table.h"

namespace sluice::rt {

/// The content of one checkpoint file of a state table partition: a snapshot (every entry of a
/// version) or a delta (the entries one batch upserted and the keys it removed).
struct StateFileContent {
    bool snapshot = false;
    std::vector<StateRecord> records;
    std::vector<std::string> removed;
};

/// Writes `content` to `path` atomically (temporary file, fsync, rename, directory fsync). The file is
/// a header (magic, kind, counts, body length, CRC-32 of the body) and the body, so that a torn or
/// altered file is detected when read.
void WriteStateFile(const std::string& path, const StateFileContent& content);

/// Reads a state file; throws QueryError naming the file when it is missing, torn or corrupt.
StateFileContent ReadStateFile(const std::string& path);

} // namespace sluice::rt
