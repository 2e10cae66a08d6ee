#pragma once

/// For helpers of the INLINE functions that take or return structs. When the query module's CPU
/// differs from the bitcode's (x86-64), LLVM refuses to inline a function that still contains calls
/// passing aggregates ("conflicting attributes"), so such helpers must disappear into their callers
/// already when the bitcode is built. Calls with only scalar and pointer arguments are fine.
#define SL_ALWAYS_INLINE __attribute__((always_inline)) inline
