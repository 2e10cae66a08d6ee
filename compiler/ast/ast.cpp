#include "compiler/ast/ast.h"

#include "compiler/common/strings.h"

namespace sluice::ast {

std::string Identifier::Key() const {
    return quoted ? text : ToLower(text);
}

std::string QualifiedName::ToString() const {
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) {
        if (i)
            out += '.';
        out += parts[i].text;
    }
    return out;
}

} // namespace sluice::ast
