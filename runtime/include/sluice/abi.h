/* The one C interface between generated code and the runtime/stdlib.
 *
 * Generated pipeline functions see only what is declared here: the columnar batch layout, the
 * opaque execution context, and the runtime functions listed in abi_functions.def. The same
 * layout is used by sources (which decode into it) and sinks (which encode from it), so a batch
 * crosses from source to pipeline to sink without conversion.
 *
 * Value layouts, one per SQL type (see sl_type_id):
 *   BOOLEAN    uint8_t (0 or 1)         INT      int32_t        BIGINT    int64_t
 *   DOUBLE     double                   DECIMAL  sl_decimal (value scaled by 10^scale)
 *   STRING     sl_str                   TIMESTAMP int64_t microseconds since the epoch, UTC
 *   DATE       int32_t days since the epoch                   INTERVAL  int64_t microseconds
 */
#ifndef SLUICE_ABI_H
#define SLUICE_ABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Physical type of a column. Values are stable: they appear in serialized query specs. */
typedef enum sl_type_id {
    SL_TYPE_BOOLEAN = 1,
    SL_TYPE_INT = 2,
    SL_TYPE_BIGINT = 3,
    SL_TYPE_DOUBLE = 4,
    SL_TYPE_DECIMAL = 5,
    SL_TYPE_STRING = 6,
    SL_TYPE_TIMESTAMP = 7,
    SL_TYPE_DATE = 8,
    SL_TYPE_INTERVAL = 9
} sl_type_id;

/* A string view: 16 bytes. `ptr` points at `len` bytes (not NUL-terminated) that live in a batch
 * arena or in constant data; `prefix` repeats the first min(len, 4) bytes, zero padded, so that
 * equality and ordering are often decided without following the pointer. Strings are passed to
 * and from functions by pointer, never by value, so that the C calling convention of a struct
 * never has to be reproduced in generated IR. */
typedef struct sl_str {
    uint32_t len;
    char prefix[4];
    const char* ptr;
} sl_str;

/* DECIMAL(p, s) value: the unscaled integer (value * 10^s). */
typedef __int128 sl_decimal;

/* One column of a batch. `values` holds `capacity` slots of the column type's layout. `valid` is
 * a bitmap (bit i of byte i/8 set = row i is not NULL); a NULL `valid` pointer means no NULLs. */
typedef struct sl_column {
    void* values;
    uint8_t* valid;
} sl_column;

/* A columnar micro-batch (or a part of one). Rows [0, num_rows) are live. String values point into
 * memory owned by the batch's arena or by an input batch that outlives it. */
typedef struct sl_batch {
    int64_t num_rows;
    int64_t capacity;
    int32_t num_columns;
    sl_column* columns;
} sl_batch;

/* Per-query execution context, owned by the runtime: batch id and timestamp, the arena for strings
 * made while a batch runs, and the error slot. Opaque to generated code. */
typedef struct sl_ctx sl_ctx;

/* Keyed state of one state table in one partition (see runtime/state): a hash table from encoded key
 * bytes to fixed-width value buffers laid out by the planner. Opaque to generated code. */
typedef struct sl_state sl_state;

/* A compiled pipeline. Pipelines whose input is a batch (a source's chunk, or a partition of an
 * exchange) read rows [0, in->num_rows) of `in`. Pipelines whose input is a state table's emit set
 * ignore `in` and take entries from sl_rt_state_next until it returns 0, or until `out` is full, when
 * they return SL_OUTPUT_FULL: the runtime writes `out` away and calls them again, and they go on with
 * the next entry. Every pipeline appends its output rows to `out` starting at out->num_rows (for batch
 * inputs out has room for the pipeline's maximum output) and updates out->num_rows; a pipeline that
 * ends in a stateful operator has no output and gets `out` = NULL. Returns 0, SL_OUTPUT_FULL, or a
 * nonzero error code after recording the error in `ctx`. */
typedef int32_t (*sl_pipeline_fn)(sl_ctx* ctx, const sl_batch* in, sl_batch* out);

/* Codes returned by pipelines and recorded with sl_rt_error_raise. */
enum {
    SL_OK = 0,
    SL_ERR_OVERFLOW = 1,    /* integer or decimal overflow */
    SL_ERR_CAST = 2,        /* CAST of a value that does not convert */
    SL_ERR_INVALID_ARG = 3, /* a function argument out of its domain */
    SL_ERR_INTERNAL = 99,
    SL_OUTPUT_FULL = 100 /* not an error: an emitting pipeline filled `out` and has more to emit */
};

/* The watermarks of a batch (sl_rt_ctx_watermark). Rows are late, and dropped by stateful operators,
 * against the watermark of the previous batch; state is finalized and evicted against this batch's.
 * (For chained stateful operators this keeps the rows one operator finalizes from being late for the
 * next, as in Spark 3.5.) As in Spark, the watermark starts at the epoch (0), and in the first batch of
 * a query no row is late (SL_WATERMARK_LATE is INT64_MIN). */
enum { SL_WATERMARK_LATE = 0, SL_WATERMARK_EVICT = 1 };

/* Runtime functions callable from generated code: sl_rt_<area>_<verb>. */
#define SL_RT_FUNCTION(ret, name, params, ...) ret name params;
#include "sluice/abi_functions.def"
#undef SL_RT_FUNCTION

#ifdef __cplusplus
}
#endif

#endif
