#pragma once

#include "codegen/operator/operator_translator.h"

namespace sluice::codegen {

/// SELECT list: hands the parent a row whose column i is exprs[i], computed where the parent first
/// asks for it (so a projected column a filter above does not read is computed only for rows that
/// pass). Nothing is stored: the values flow in registers to the parent.
class ProjectTranslator : public OperatorTranslator {
public:
    ProjectTranslator(FunctionBuilder& fb, const plan::PhysicalProject& project)
        : OperatorTranslator(fb, project), project_(project) {}

    void Consume(RowValues& row) override;

private:
    const plan::PhysicalProject& project_;
};

} // namespace sluice::codegen
