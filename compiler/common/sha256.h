#pragma once

#include <string>
#include <string_view>

namespace sluice {

/// SHA-256 of `data` as 64 lower-case hex digits. Plan hashes key the compiled-module caches, where a
/// collision would run the wrong code, so a cryptographic hash is used rather than a fast one.
std::string Sha256Hex(std::string_view data);

} // namespace sluice
