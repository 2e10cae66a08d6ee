#include "runtime/common/exec_context.h"

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
