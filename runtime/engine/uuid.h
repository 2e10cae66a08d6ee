#pragma once

#include <string>

namespace sluice::rt {

/// A random (version 4) UUID in its canonical text form, e.g. "0f8fad5b-d9cb-469f-a165-70867728950e".
/// Query ids (kept in the checkpoint) and run ids (one per start) are made with it.
std::string RandomUuid();

} // namespace sluice::rt
