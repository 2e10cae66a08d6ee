#pragma once

#include "codegen/operator/operator_translator.h"
#include "codegen/operator/sink_translator.h"

namespace sluice::codegen {

/// The write side of an exchange (a pipeline breaker): appends each row to `out` with its key bytes
/// (`__key`, a STRING whose prefix word holds only the length) and their hash (`__hash`), which the
/// runtime routes to state partitions. The read side is a ScanTranslator over the exchange's schema.
class ExchangeWriteTranslator : public OperatorTranslator {
public:
    ExchangeWriteTranslator(FunctionBuilder& fb, const plan::PhysicalExchange& exchange)
        : OperatorTranslator(fb, exchange), exchange_(exchange), writer_(fb, exchange) {}

    void Init() override { writer_.Init(); }
    void Consume(RowValues& row) override;
    void Finish() override { writer_.Finish(); }

private:
    const plan::PhysicalExchange& exchange_;
    SinkTranslator writer_;
};

} // namespace sluice::codegen
