#include "codegen/jit/disk_cache.h"

#include <llvm/Object/ObjectFile.h>
#include <llvm/Support/Error.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/raw_ostream.h>

namespace sluice::codegen {

std::unique_ptr<llvm::MemoryBuffer> DiskCache::Load(const std::string& key) const {
    auto buffer =
        llvm::MemoryBuffer::getFile(PathOf(key), /*IsText=*/false, /*RequiresNullTerminator=*/false);
    if (!buffer)
        return nullptr;
    // A file that is not an object (truncated by a full disk, say) is dropped rather than handed to the
    // JIT linker.
    auto object = llvm::object::ObjectFile::createObjectFile((*buffer)->getMemBufferRef());
    if (!object) {
        llvm::consumeError(object.takeError());
        Remove(key);
        return nullptr;
    }
    return std::move(*buffer);
}

void DiskCache::Store(const std::string& key, const llvm::MemoryBuffer& object) const {
    if (llvm::sys::fs::create_directories(directory_))
        return;
    int fd = -1;
    llvm::SmallString<256> temp;
    if (llvm::sys::fs::createUniqueFile(directory_ + "/" + key + ".tmp-%%%%%%%%", fd, temp))
        return;
    {
        llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
        os.write(object.getBufferStart(), object.getBufferSize());
        os.close();
        if (os.has_error()) {
            os.clear_error();
            llvm::sys::fs::remove(temp);
            return;
        }
    }
    if (llvm::sys::fs::rename(temp, PathOf(key)))
        llvm::sys::fs::remove(temp);
}

void DiskCache::Remove(const std::string& key) const {
    llvm::sys::fs::remove(PathOf(key));
}

} // namespace sluice::codegen
