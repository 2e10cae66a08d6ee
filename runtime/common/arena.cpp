#include "runtime/common/arena.h"

#include <algorithm>
#include <cstring>

namespace sluice::rt {

void* Arena::AllocateSlow(size_t size, size_t align) {
    size_t block = std::max(block_size_, size + align);
    blocks_.push_back({std::make_unique_for_overwrite<char[]>(block), block});
    current_ = blocks_.back().data.get();
    capacity_ = block;
    total_ += block;
    size_t offset = (reinterpret_cast<uintptr_t>(current_) + align - 1) / align * align -
                    reinterpret_cast<uintptr_t>(current_);
    used_ = offset + size;
    return current_ + offset;
}

void Arena::Reset() {
    if (blocks_.empty())
        return;
    auto largest = std::max_element(blocks_.begin(), blocks_.end(),
                                    [](const Block& a, const Block& b) { return a.size < b.size; });
    Block keep = std::move(*largest);
    blocks_.clear();
    current_ = keep.data.get();
    capacity_ = total_ = keep.size;
    used_ = 0;
    blocks_.push_back(std::move(keep));
}

char* Arena::Copy(const char* data, size_t size) {
    char* out = static_cast<char*>(Allocate(size, 1));
    if (size)
        std::memcpy(out, data, size);
    return out;
}

} // namespace sluice::rt
