/* C prototypes of the stdlib functions listed in stdlib/functions.def (convention described there). */
#ifndef SLUICE_STDLIB_H
#define SLUICE_STDLIB_H

#include "sluice/abi.h"

#ifdef __cplusplus
extern "C" {
#endif

int32_t sl_fn_str_eq(sl_ctx* ctx, uint8_t* out, const sl_str* a, const sl_str* b);
int32_t sl_fn_str_cmp(sl_ctx* ctx, int32_t* out, const sl_str* a, const sl_str* b);

#ifdef __cplusplus
}
#endif

#endif
