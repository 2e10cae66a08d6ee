// Stands in for the object file `sluice build` generates, to smoke-test the AOT entry point: one query
// reading the rate source through a copying pipeline into the blackhole sink.

#include <cstring>

#include "sluice/aot.h"

namespace {

/// Copies both BIGINT/TIMESTAMP columns of every input row, as a generated SELECT value, ts would.
int32_t CopyRows(sl_ctx*, const sl_batch* in, sl_batch* out) {
    for (int32_t c = 0; c < 2; ++c) {
        const auto* src = static_cast<const int64_t*>(in->columns[c].values);
        auto* dst = static_cast<int64_t*>(out->columns[c].values);
        for (int64_t r = 0; r < in->num_rows; ++r) {
            const int64_t o = out->num_rows + r;
            const uint8_t* valid = in->columns[c].valid;
            if (valid == nullptr || ((valid[r >> 3] >> (r & 7)) & 1)) {
                dst[o] = src[r];
                out->columns[c].valid[o >> 3] |= static_cast<uint8_t>(1u << (o & 7));
            }
        }
    }
    out->num_rows += in->num_rows;
    return SL_OK;
}

} // namespace

extern "C" {

const char sl_aot_spec_json[] = R"json([{
  "sink": {"name": "smoke_out", "connector": "blackhole", "format": "", "options": {}, "format_options": {},
           "schema": [{"name": "value", "type": "BIGINT"}, {"name": "ts", "type": "TIMESTAMP"}],
           "output_mode": "append", "trigger": {"kind": "default", "interval_ms": 0},
           "checkpoint": "", "settings": {}},
  "sources": [{"name": "ticks", "connector": "rate", "format": "", "options": {"rows_per_second": 1000},
               "format_options": {},
               "schema": [{"name": "value", "type": "BIGINT"}, {"name": "ts", "type": "TIMESTAMP"}],
               "projection": [0, 1], "is_static": false}],
  "pipelines": [{"id": 1, "source": 0, "symbol": "sl_smoke_pipeline_1"}],
  "plan_hash": "smoke",
  "operators": {"1": "Source { rate }", "2": "Sink [append] { blackhole }"}
}])json";

const sl_aot_pipeline sl_aot_pipelines[] = {{"sl_smoke_pipeline_1", CopyRows}};
const int32_t sl_aot_pipeline_count = 1;

} // extern "C"
