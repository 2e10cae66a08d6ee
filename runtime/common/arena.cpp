#include "runtime/common/arena.h"

#include <algorithm>
#include <cstring>

namespace sluice::rt {

void* Arena::AllocateSlow(size_t size, size_t align) {
    size_t block = std::max(block_size_, size + align);
    blocks_.push_back(std::make_unique<char[]>(block));
    current_ = blocks_.back().get();
    capacity_ = block;
    total_ += block;
    size_t offset = (reinterpret_cast<uintptr_t>(current_) + align - 1) / align * align -
                    reinterpret_cast<uintptr_t>(current_);
    used_ = offset + size;
    return current_ + offset;
}

char* Arena::Copy(const char* data, size_t size) {
    char* out = static_cast<char*>(Allocate(size, 1));
    if (size)
        std::memcpy(out, data, size);
    return out;
}

} // namespace sluice::rt
