#include "codegen/operator/operator_translator.h"

#include "codegen/codegen.h"
#include "compiler/common/strings.h"

namespace sluice::codegen {

void OperatorTranslator::Produce() {
    throw CodegenError(std::string("codegen: ") + plan::PhysicalKindName(node_.kind) +
                       " cannot start a pipeline");
}

OperatorTranslator& OperatorTranslator::parent() {
    if (!parent_)
        throw CodegenError(std::string("codegen: ") + plan::PhysicalKindName(node_.kind) +
                           " is not followed by a sink");
    return *parent_;
}

std::string OperatorTranslator::Name() const {
    return ToLower(plan::PhysicalKindName(node_.kind)) + std::to_string(node_.id);
}

} // namespace sluice::codegen
