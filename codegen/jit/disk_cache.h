#pragma once

#include <memory>
#include <string>

#include <llvm/Support/MemoryBuffer.h>

namespace sluice::codegen {

/// Compiled query objects on disk, `<directory>/<key>.o`, so that running the same file again skips IR
/// building, optimization and instruction selection. Files are written to a temporary name and renamed,
/// so a reader sees a whole object or none; concurrent writers of one key write the same bytes. The
/// cache is an optimization: failing to read or write it is silent.
class DiskCache {
public:
    explicit DiskCache(std::string directory) : directory_(std::move(directory)) {}

    std::unique_ptr<llvm::MemoryBuffer> Load(const std::string& key) const;
    void Store(const std::string& key, const llvm::MemoryBuffer& object) const;
    void Remove(const std::string& key) const;
    std::string PathOf(const std::string& key) const { return directory_ + "/" + key + ".o"; }

private:
    std::string directory_;
};

} // namespace sluice::codegen
