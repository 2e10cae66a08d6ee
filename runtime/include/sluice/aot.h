/* Symbols an AOT object file (`sluice build`) defines for the runtime's AOT entry point. */
#ifndef SLUICE_AOT_H
#define SLUICE_AOT_H

#include "sluice/abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One compiled pipeline: the symbol name recorded in the query spec and its address. */
typedef struct sl_aot_pipeline {
    const char* symbol;
    sl_pipeline_fn fn;
} sl_aot_pipeline;

/* The queries of the compiled file: a NUL-terminated JSON array of query specs (QuerySpecFromJson). */
extern const char sl_aot_spec_json[];
/* The pipeline functions named in the specs. */
extern const sl_aot_pipeline sl_aot_pipelines[];
extern const int32_t sl_aot_pipeline_count;

#ifdef __cplusplus
}
#endif

#endif
