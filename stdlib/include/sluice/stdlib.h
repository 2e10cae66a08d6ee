/* C prototypes of the stdlib functions listed in stdlib/functions.def.
 *
 * Convention (see functions.def): `int32_t symbol(sl_ctx* ctx, RET* out, ARG...)` returns 0 with
 * the value in *out, -1 for NULL, or an SL_ERR_* code (> 0); *out is written only when 0 is
 * returned. STRING arguments are `const sl_str*`; a STRING result points into an argument's bytes,
 * into memory from sl_rt_arena_alloc(ctx, n), or at constant text (CAST(b AS STRING)), and its
 * prefix is filled. Every function reads all of its arguments before it writes *out, so `out` may
 * alias a STRING argument (`s = f(s)`). The X-macro test in tests/unit/stdlib checks each prototype
 * against the types functions.def gives for its symbol.
 *
 * A STRING result is at most SL_FN_MAX_STRING_BYTES bytes; a function whose result would be longer
 * (LPAD to a huge length, REPLACE blowing up a string) returns SL_ERR_INVALID_ARG.
 *
 * VARIADIC functions take the fixed arity of their entry; codegen folds longer calls left to right
 * (CONCAT(a, b, c) = sl_fn_concat_str_str(sl_fn_concat_str_str(a, b), c)).
 *
 * The functions flagged INLINE live in stdlib/scalar/inline/ and are also compiled to LLVM bitcode
 * (CMake variable SLUICE_STDLIB_BITCODE, target sluice_stdlib_bitcode) for inlining into query
 * modules; those sources may use only this header, abi.h and small C headers.
 */
#ifndef SLUICE_STDLIB_H
#define SLUICE_STDLIB_H

#include "sluice/abi.h"

#define SL_FN_MAX_STRING_BYTES 0x7fffffffu

#ifdef __cplusplus
extern "C" {
#endif

/* ---- math (scalar/inline/math.cpp) ---- */
int32_t sl_fn_round_f64(sl_ctx* ctx, double* out, double x);
int32_t sl_fn_round_f64_i32(sl_ctx* ctx, double* out, double x, int32_t d);
int32_t sl_fn_power_f64_f64(sl_ctx* ctx, double* out, double x, double y);
int32_t sl_fn_sqrt_f64(sl_ctx* ctx, double* out, double x);
int32_t sl_fn_ln_f64(sl_ctx* ctx, double* out, double x);
int32_t sl_fn_log10_f64(sl_ctx* ctx, double* out, double x);
int32_t sl_fn_exp_f64(sl_ctx* ctx, double* out, double x);

/* ---- strings (scalar/inline/string.cpp, scalar/inline/string_compare.cpp, scalar/string_edit.cpp) ---- */
int32_t sl_fn_length_str(sl_ctx* ctx, int64_t* out, const sl_str* s);
int32_t sl_fn_lower_str(sl_ctx* ctx, sl_str* out, const sl_str* s);
int32_t sl_fn_upper_str(sl_ctx* ctx, sl_str* out, const sl_str* s);
int32_t sl_fn_substr_str_i64(sl_ctx* ctx, sl_str* out, const sl_str* s, int64_t start);
int32_t sl_fn_substr_str_i64_i64(sl_ctx* ctx, sl_str* out, const sl_str* s, int64_t start, int64_t len);
int32_t sl_fn_trim_str(sl_ctx* ctx, sl_str* out, const sl_str* s);
int32_t sl_fn_ltrim_str(sl_ctx* ctx, sl_str* out, const sl_str* s);
int32_t sl_fn_rtrim_str(sl_ctx* ctx, sl_str* out, const sl_str* s);
int32_t sl_fn_concat_str_str(sl_ctx* ctx, sl_str* out, const sl_str* a, const sl_str* b);
int32_t sl_fn_strpos_str_str(sl_ctx* ctx, int64_t* out, const sl_str* s, const sl_str* sub);
int32_t sl_fn_starts_with_str_str(sl_ctx* ctx, uint8_t* out, const sl_str* s, const sl_str* prefix);
int32_t sl_fn_ends_with_str_str(sl_ctx* ctx, uint8_t* out, const sl_str* s, const sl_str* suffix);
int32_t sl_fn_str_eq(sl_ctx* ctx, uint8_t* out, const sl_str* a, const sl_str* b);
int32_t sl_fn_str_cmp(sl_ctx* ctx, int32_t* out, const sl_str* a, const sl_str* b);

int32_t sl_fn_replace_str_str_str(sl_ctx* ctx, sl_str* out, const sl_str* s, const sl_str* search,
                                  const sl_str* replacement);
int32_t sl_fn_split_part_str_str_i64(sl_ctx* ctx, sl_str* out, const sl_str* s, const sl_str* delim,
                                     int64_t n);
int32_t sl_fn_lpad_str_i64_str(sl_ctx* ctx, sl_str* out, const sl_str* s, int64_t len, const sl_str* pad);
int32_t sl_fn_lpad_str_i64(sl_ctx* ctx, sl_str* out, const sl_str* s, int64_t len);
int32_t sl_fn_rpad_str_i64_str(sl_ctx* ctx, sl_str* out, const sl_str* s, int64_t len, const sl_str* pad);
int32_t sl_fn_rpad_str_i64(sl_ctx* ctx, sl_str* out, const sl_str* s, int64_t len);
int32_t sl_fn_reverse_str(sl_ctx* ctx, sl_str* out, const sl_str* s);

/* ---- regular expressions, RE2 syntax (scalar/regex.cpp) ---- */
int32_t sl_fn_regexp_like_str_str(sl_ctx* ctx, uint8_t* out, const sl_str* s, const sl_str* pattern);
int32_t sl_fn_regexp_extract_str_str(sl_ctx* ctx, sl_str* out, const sl_str* s, const sl_str* pattern);
int32_t sl_fn_regexp_extract_str_str_i64(sl_ctx* ctx, sl_str* out, const sl_str* s, const sl_str* pattern,
                                         int64_t group);
int32_t sl_fn_regexp_replace_str_str_str(sl_ctx* ctx, sl_str* out, const sl_str* s, const sl_str* pattern,
                                         const sl_str* rewrite);

/* ---- time (scalar/inline/time.cpp, scalar/time_format.cpp) ---- */
int32_t sl_fn_date_trunc_str_ts(sl_ctx* ctx, int64_t* out, const sl_str* unit, int64_t ts);
int32_t sl_fn_extract_str_ts(sl_ctx* ctx, int64_t* out, const sl_str* field, int64_t ts);
int32_t sl_fn_year_ts(sl_ctx* ctx, int64_t* out, int64_t ts);
int32_t sl_fn_month_ts(sl_ctx* ctx, int64_t* out, int64_t ts);
int32_t sl_fn_day_ts(sl_ctx* ctx, int64_t* out, int64_t ts);
int32_t sl_fn_hour_ts(sl_ctx* ctx, int64_t* out, int64_t ts);
int32_t sl_fn_minute_ts(sl_ctx* ctx, int64_t* out, int64_t ts);
int32_t sl_fn_second_ts(sl_ctx* ctx, int64_t* out, int64_t ts);
int32_t sl_fn_from_unixtime_i64(sl_ctx* ctx, int64_t* out, int64_t seconds);
int32_t sl_fn_unix_timestamp_ts(sl_ctx* ctx, int64_t* out, int64_t ts);
int32_t sl_fn_to_timestamp_str(sl_ctx* ctx, int64_t* out, const sl_str* s);
int32_t sl_fn_to_timestamp_str_str(sl_ctx* ctx, int64_t* out, const sl_str* s, const sl_str* format);
int32_t sl_fn_date_format_ts_str(sl_ctx* ctx, sl_str* out, int64_t ts, const sl_str* format);

/* ---- LIKE (scalar/like.cpp) ---- */
int32_t sl_fn_like_str_str(sl_ctx* ctx, uint8_t* out, const sl_str* s, const sl_str* pattern);

/* ---- casts to and from STRING, in the text forms of runtime/common/value_format.h (scalar/cast.cpp) ---- */
int32_t sl_fn_cast_str_bool(sl_ctx* ctx, uint8_t* out, const sl_str* s);
int32_t sl_fn_cast_str_i32(sl_ctx* ctx, int32_t* out, const sl_str* s);
int32_t sl_fn_cast_str_i64(sl_ctx* ctx, int64_t* out, const sl_str* s);
int32_t sl_fn_cast_str_f64(sl_ctx* ctx, double* out, const sl_str* s);
int32_t sl_fn_cast_str_dec(sl_ctx* ctx, sl_decimal* out, const sl_str* s, int32_t precision, int32_t scale);
int32_t sl_fn_cast_str_ts(sl_ctx* ctx, int64_t* out, const sl_str* s);
int32_t sl_fn_cast_str_date(sl_ctx* ctx, int32_t* out, const sl_str* s);
int32_t sl_fn_cast_bool_str(sl_ctx* ctx, sl_str* out, uint8_t v);
int32_t sl_fn_cast_i32_str(sl_ctx* ctx, sl_str* out, int32_t v);
int32_t sl_fn_cast_i64_str(sl_ctx* ctx, sl_str* out, int64_t v);
int32_t sl_fn_cast_f64_str(sl_ctx* ctx, sl_str* out, double v);
int32_t sl_fn_cast_dec_str(sl_ctx* ctx, sl_str* out, sl_decimal v, int32_t scale);
int32_t sl_fn_cast_ts_str(sl_ctx* ctx, sl_str* out, int64_t ts);
int32_t sl_fn_cast_date_str(sl_ctx* ctx, sl_str* out, int32_t days);
int32_t sl_fn_cast_interval_str(sl_ctx* ctx, sl_str* out, int64_t micros);

#ifdef __cplusplus
}
#endif

#endif
