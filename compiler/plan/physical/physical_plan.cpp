#include "compiler/plan/physical/physical_plan.h"

namespace sluice::plan {

const char* PhysicalKindName(PhysicalKind k) {
    switch (k) {
    case PhysicalKind::Scan:
        return "Scan";
    case PhysicalKind::Filter:
        return "Filter";
    case PhysicalKind::Project:
        return "Project";
    case PhysicalKind::Union:
        return "Union";
    case PhysicalKind::Sink:
        return "Sink";
    }
    return "?";
}

} // namespace sluice::plan
