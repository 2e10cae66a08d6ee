#pragma once

#include <string>
#include <vector>

#include "codegen/codegen.h"

namespace sluice::codegen {

/// `sluice build`: compiles every query of a file into one x86-64 object (generic CPU, so the
/// executable runs on any x86-64 machine; position-independent, as Debian links PIE) that also defines
/// the symbols of runtime/include/sluice/aot.h, then links it with the system C++ driver against the
/// runtime's static archives (located at configure time: codegen/CMakeLists.txt generates
/// aot_link_config.h) into a standalone executable.
class AotBuilder {
public:
    /// The object, as EmitAotObject documents it. Queries sharing a plan hash and plan are emitted once.
    static void EmitObject(const std::vector<AotQuery>& queries, const std::string& spec_json,
                           const std::string& object_path);
    /// Links `object_path` into `output_path`; throws CodegenError with the linker's output on failure.
    static void LinkExecutable(const std::string& object_path, const std::string& output_path);
    /// The command line LinkExecutable runs (for error messages and tests).
    static std::vector<std::string> LinkCommand(const std::string& object_path,
                                                const std::string& output_path);
};

} // namespace sluice::codegen
