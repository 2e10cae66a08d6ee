#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "runtime/common/arena.h"
#include "runtime/common/state_table.h"
#include "sluice/abi.h"

/// The execution context generated code receives as `sl_ctx*` (opaque on its side). One per query
/// and thread; the runtime sets the batch fields before calling a pipeline and reads the error slot
/// when a pipeline returns nonzero.
struct sl_ctx {
    int64_t batch_id = 0;
    int64_t batch_timestamp_us = 0;
    /// Where strings made by expressions go; the runtime points it at the output batch's arena.
    sluice::rt::Arena* arena = nullptr;
    /// The watermarks of the batch (SL_WATERMARK_LATE, SL_WATERMARK_EVICT), as abi.h describes.
    int64_t watermark_us[2] = {INT64_MIN, 0};
    /// The state of each QuerySpec::state_tables entry in the partition this context runs (one context
    /// per worker thread); empty for pipelines that touch no state.
    std::vector<sl_state*> state_tables;

    int32_t error_code = SL_OK;
    int32_t error_operator = -1;
    int64_t error_row = -1;
    std::string error_detail;

    void ClearError() {
        error_code = SL_OK;
        error_operator = -1;
        error_row = -1;
        error_detail.clear();
    }
};

namespace sluice::rt {

/// Name and address of every function in abi_functions.def, for the JIT's symbol map.
std::vector<std::pair<const char*, void*>> AbiSymbols();

/// A readable name for an SL_ERR_* code ("integer overflow", ...).
const char* ErrorCodeName(int32_t code);

} // namespace sluice::rt
