#include "runtime/engine/uuid.h"

#include <cstdint>
#include <cstdio>
#include <random>

namespace sluice::rt {

std::string RandomUuid() {
    // One generator per thread, seeded from the OS: ids must not repeat across processes that start
    // in the same microsecond, which a time-based seed would not guarantee.
    thread_local std::mt19937_64 rng = [] {
        std::random_device device;
        std::seed_seq seed{device(), device(), device(), device(), device(), device()};
        return std::mt19937_64(seed);
    }();
    uint64_t hi = rng();
    uint64_t lo = rng();
    hi = (hi & ~0xF000ull) | 0x4000ull;                 // version 4
    lo = (lo & ~(0xC000ull << 48)) | (0x8000ull << 48); // variant 10xx
    char text[37];
    std::snprintf(text, sizeof(text), "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                  static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                  static_cast<unsigned>(lo >> 48), static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFull));
    return text;
}

} // namespace sluice::rt
