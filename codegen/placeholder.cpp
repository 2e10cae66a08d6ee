namespace sluice::codegen {} // replaced by the code generator
