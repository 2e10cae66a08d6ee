#include "runtime/common/exec_context.h"

#include <cmath>

extern "C" {

void* sl_rt_arena_alloc(sl_ctx* ctx, int64_t size) {
    return ctx->arena->Allocate(static_cast<size_t>(size), 8);
}

int32_t sl_rt_error_raise(sl_ctx* ctx, int32_t code, int32_t operator_id, int64_t row, const char* detail) {
    // The first error of a batch wins: it is the one whose row caused the failure.
    if (ctx->error_code == SL_OK) {
        ctx->error_code = code;
        ctx->error_operator = operator_id;
        ctx->error_row = row;
        ctx->error_detail = detail ? detail : "";
    }
    return code;
}

int64_t sl_rt_ctx_batch_timestamp(sl_ctx* ctx) {
    return ctx->batch_timestamp_us;
}

int64_t sl_rt_ctx_batch_id(sl_ctx* ctx) {
    return ctx->batch_id;
}

int64_t sl_rt_ctx_watermark(sl_ctx* ctx, int32_t which) {
    return ctx->watermark_us[which == SL_WATERMARK_EVICT ? 1 : 0];
}

sl_state* sl_rt_ctx_state(sl_ctx* ctx, int32_t table) {
    return ctx->state_tables.at(static_cast<size_t>(table));
}

uint8_t* sl_rt_state_upsert(sl_state* state, uint64_t hash, const uint8_t* key, int32_t key_len,
                            int64_t expiry, int32_t* is_new) {
    return state->Upsert(hash, key, key_len, expiry, is_new);
}

void* sl_rt_state_alloc(sl_state* state, int64_t size) {
    return state->AllocString(size);
}

void sl_rt_state_count_late(sl_state* state, int64_t rows) {
    state->CountLate(rows);
}

int64_t sl_rt_hll_estimate(const uint8_t* registers) {
    // HyperLogLog (Flajolet et al.) with the small-range correction: linear counting while many
    // registers are still zero.
    constexpr int kRegisters = 512;
    double sum = 0;
    int zeros = 0;
    for (int i = 0; i < kRegisters; ++i) {
        sum += std::ldexp(1.0, -registers[i]);
        zeros += registers[i] == 0;
    }
    const double alpha = 0.7213 / (1 + 1.079 / kRegisters);
    double estimate = alpha * kRegisters * kRegisters / sum;
    if (estimate <= 2.5 * kRegisters && zeros > 0)
        estimate = kRegisters * std::log(static_cast<double>(kRegisters) / zeros);
    return static_cast<int64_t>(std::llround(estimate));
}

int32_t sl_rt_state_next(sl_state* state, const uint8_t** key, int32_t* key_len, uint8_t** value) {
    return state->Next(key, key_len, value);
}

} // extern "C"

namespace sluice::rt {

std::vector<std::pair<const char*, void*>> AbiSymbols() {
    return {
#define SL_RT_FUNCTION(ret, name, params, ...) {#name, reinterpret_cast<void*>(&name)},
#include "sluice/abi_functions.def"
#undef SL_RT_FUNCTION
    };
}

const char* ErrorCodeName(int32_t code) {
    switch (code) {
    case SL_ERR_OVERFLOW:
        return "arithmetic overflow";
    case SL_ERR_CAST:
        return "invalid cast";
    case SL_ERR_INVALID_ARG:
        return "invalid function argument";
    default:
        return "internal error";
    }
}

} // namespace sluice::rt
