#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace sluice::rt {

/// Bump allocator for the string bytes of one batch: everything is freed together when the batch
/// dies, so decoders and generated code allocate without bookkeeping.
class Arena {
public:
    explicit Arena(size_t block_size = 64 * 1024) : block_size_(block_size) {}
    Arena(const Arena&) = delete;
    Arena& operator=(const Arena&) = delete;

    void* Allocate(size_t size, size_t align = 8) {
        size_t offset = (used_ + align - 1) & ~(align - 1);
        if (offset + size > capacity_)
            return AllocateSlow(size, align);
        used_ = offset + size;
        return current_ + offset;
    }
    /// Copies `size` bytes into the arena.
    char* Copy(const char* data, size_t size);
    size_t BytesAllocated() const { return total_; }
    /// Forgets every allocation but keeps the largest block, so that a reused batch does not allocate
    /// (and fault in) its string memory again.
    void Reset();

private:
    /// One allocation from the heap.
    struct Block {
        std::unique_ptr<char[]> data;
        size_t size;
    };

    void* AllocateSlow(size_t size, size_t align);

    size_t block_size_;
    std::vector<Block> blocks_;
    char* current_ = nullptr;
    size_t used_ = 0;
    size_t capacity_ = 0;
    size_t total_ = 0;
};

} // namespace sluice::rt
