# Checks the stdlib bitcode module (ctest: stdlib_bitcode_symbols):
#  1. it defines every INLINE symbol of functions.def;
#  2. every symbol it references is a runtime function of abi_functions.def or a libc/libm export,
#     because the JIT resolves nothing else for inlined code;
#  3. every INLINE function really inlines into a caller built for another CPU (as a query module
#     built for the host is): a probe module calls each one, is linked with the bitcode and run
#     through opt; calls marked alwaysinline must all go, and the inliner must not find any of them
#     incompatible with the caller (it may still find an unmarked call too costly).
#
# llvm-nm does not list LLVM intrinsics: llvm.pow/log/log10/exp lower to the libm functions of the
# same names when the query module is compiled, which the JIT resolves from the process like memcmp.
#
# cmake -DBITCODE=... -DLLVM_NM=... -DLLVM_LINK=... -DLLVM_OPT=... -DWORK_DIR=... -DFUNCTIONS_DEF=...
#       -DABI_FUNCTIONS_DEF=... -DCC=... -P check_bitcode.cmake
cmake_minimum_required(VERSION 3.25)

function(nm_names out)
  execute_process(COMMAND ${LLVM_NM} ${ARGN} OUTPUT_VARIABLE text RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${LLVM_NM} ${ARGN} failed: ${err}")
  endif()
  string(REGEX MATCHALL "[^\n]+" lines "${text}")
  set(names)
  foreach(line ${lines})
    # "<address or blanks> <type> <name>[@version]"; the name is the last field.
    string(REGEX REPLACE "^.* ([^ ]+)$" "\\1" name "${line}")
    string(REGEX REPLACE "@.*$" "" name "${name}")
    list(APPEND names ${name})
  endforeach()
  set(${out} ${names} PARENT_SCOPE)
endfunction()

if(NOT EXISTS ${BITCODE})
  message(FATAL_ERROR "${BITCODE} does not exist: build the sluice_stdlib_bitcode target")
endif()

# SL_FUNCTION(NAME, symbol, flags, ...) entries whose flags include INLINE.
# Also the LLVM parameter types of each INLINE symbol for the probe (RET* out comes after ctx).
file(STRINGS ${FUNCTIONS_DEF} entries REGEX "^SL_FUNCTION\\(")
set(inline_symbols)
foreach(entry ${entries})
  # SL_FUNCTION(NAME, symbol, FLAGS, RET, "doc", ARG, ...)
  set(entry_regex "^SL_FUNCTION\\([A-Z0-9_]+, *([a-z0-9_]+), *([A-Z |]+), *[A-Z0-9]+, *\"[^\"]*\"((, *[A-Z]+)*)\\)")
  if(entry MATCHES "${entry_regex}")
    set(symbol ${CMAKE_MATCH_1})
    set(arg_tokens "${CMAKE_MATCH_3}")
    if(CMAKE_MATCH_2 MATCHES "INLINE" AND NOT symbol IN_LIST inline_symbols)
      list(APPEND inline_symbols ${symbol})
      string(REGEX MATCHALL "[A-Z]+" arg_tokens "${arg_tokens}")
      set(ir_types "ptr" "ptr")
      foreach(token ${arg_tokens})
        if(token STREQUAL "STRING")
          list(APPEND ir_types ptr)
        elseif(token STREQUAL "DOUBLE")
          list(APPEND ir_types double)
        elseif(token MATCHES "^(INT|DATE)$")
          list(APPEND ir_types i32)
        elseif(token MATCHES "^(BIGINT|TIMESTAMP|INTERVAL)$")
          list(APPEND ir_types i64)
        elseif(token STREQUAL "BOOLEAN")
          list(APPEND ir_types i8)
        elseif(token STREQUAL "DECIMAL")
          list(APPEND ir_types i128)
        else()
          message(FATAL_ERROR "unknown argument type ${token} of ${symbol}")
        endif()
      endforeach()
      set(ir_types_${symbol} ${ir_types})
    elseif(CMAKE_MATCH_2 MATCHES "INLINE")
      # A symbol shared by entries (CONCAT, __CONCAT) is probed once.
    endif()
  elseif(entry MATCHES "INLINE")
    message(FATAL_ERROR "cannot read functions.def entry: ${entry}")
  endif()
endforeach()
list(LENGTH inline_symbols inline_count)
if(inline_count EQUAL 0)
  message(FATAL_ERROR "no INLINE entries found in ${FUNCTIONS_DEF}")
endif()

nm_names(defined --defined-only --extern-only ${BITCODE})
set(missing)
foreach(symbol ${inline_symbols})
  if(NOT symbol IN_LIST defined)
    list(APPEND missing ${symbol})
  endif()
endforeach()
if(missing)
  message(FATAL_ERROR "INLINE functions missing from ${BITCODE}: ${missing}")
endif()

# What the module may reference: the runtime ABI, libc and libm.
file(STRINGS ${ABI_FUNCTIONS_DEF} abi_entries REGEX "^SL_RT_FUNCTION\\(")
set(allowed)
foreach(entry ${abi_entries})
  if(entry MATCHES "^SL_RT_FUNCTION\\([^,]+, *([a-z0-9_]+),")
    list(APPEND allowed ${CMAKE_MATCH_1})
  endif()
endforeach()
foreach(lib libc.so.6 libm.so.6)
  execute_process(COMMAND ${CC} -print-file-name=${lib} OUTPUT_VARIABLE path OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT IS_ABSOLUTE "${path}" OR NOT EXISTS "${path}")
    message(FATAL_ERROR "cannot locate ${lib} (got '${path}')")
  endif()
  nm_names(exports -D --defined-only ${path})
  list(APPEND allowed ${exports})
endforeach()

nm_names(undefined --undefined-only ${BITCODE})
set(foreign)
foreach(symbol ${undefined})
  if(NOT symbol IN_LIST allowed)
    list(APPEND foreign ${symbol})
  endif()
endforeach()
if(foreign)
  message(FATAL_ERROR "${BITCODE} references symbols outside libc/libm and abi_functions.def: ${foreign}")
endif()

# 3. The probe: every INLINE function called from functions built for znver3 (the bitcode is built
# for baseline x86-64, a query module for the host): once from @probe_forced with the call marked
# alwaysinline, once from @probe_plain with a plain call.
set(declarations "")
set(forced_calls "")
set(plain_calls "")
set(i 0)
foreach(symbol ${inline_symbols})
  string(REPLACE ";" ", " params "${ir_types_${symbol}}")
  string(APPEND declarations "declare i32 @${symbol}(${params})\n")
  set(args "")
  foreach(type ${ir_types_${symbol}})
    if(args STREQUAL "" AND type STREQUAL "ptr")
      set(value "%ctx")
    elseif(type STREQUAL "ptr")
      set(value "%buf")
    elseif(type STREQUAL "double")
      set(value "%d")
    elseif(type STREQUAL "i32")
      set(value "%n")
    elseif(type STREQUAL "i64")
      set(value "%l")
    elseif(type STREQUAL "i8")
      set(value "%b")
    else()
      set(value "%dec")
    endif()
    if(args STREQUAL "")
      set(args "${type} ${value}")
    else()
      string(APPEND args ", ${type} ${value}")
    endif()
  endforeach()
  string(APPEND forced_calls "  %r${i} = call i32 @${symbol}(${args}) #1\n")
  string(APPEND plain_calls "  %r${i} = call i32 @${symbol}(${args})\n")
  math(EXPR i "${i} + 1")
endforeach()
set(probe_params "ptr %ctx, ptr %buf, double %d, i32 %n, i64 %l, i8 %b, i128 %dec")
file(WRITE ${WORK_DIR}/inline_probe.ll
     "target datalayout = \"e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-f80:128-n8:16:32:64-S128\"\n"
     "target triple = \"x86_64-pc-linux-gnu\"\n"
     "${declarations}"
     "define void @probe_forced(${probe_params}) #0 {\n${forced_calls}  ret void\n}\n"
     "define void @probe_plain(${probe_params}) #0 {\n${plain_calls}  ret void\n}\n"
     "attributes #0 = { \"target-cpu\"=\"znver3\" }\n"
     "attributes #1 = { alwaysinline }\n")
execute_process(COMMAND ${LLVM_LINK} ${WORK_DIR}/inline_probe.ll ${BITCODE} -o ${WORK_DIR}/inline_probe.bc
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "linking the inline probe failed: ${err}")
endif()

# The body of function `name` in the IR text `ir`.
function(function_body ir name out)
  string(FIND "${ir}" "define void @${name}(" begin)
  if(begin EQUAL -1)
    message(FATAL_ERROR "@${name} not found in the opt output")
  endif()
  string(SUBSTRING "${ir}" ${begin} -1 body)
  string(FIND "${body}" "\n}\n" end)
  string(SUBSTRING "${body}" 0 ${end} body)
  set(${out} "${body}" PARENT_SCOPE)
endfunction()

# always-inline is what an -O0 pipeline runs; default<O2> is the optimizing pipeline, whose inliner
# also refuses callees with "conflicting attributes" (target features, ABI of nested calls) even
# where their cost would be fine.
foreach(passes always-inline "default<O2>")
  execute_process(COMMAND ${LLVM_OPT} -passes=${passes} -pass-remarks-missed=inline -S
                          ${WORK_DIR}/inline_probe.bc
                  OUTPUT_VARIABLE ir ERROR_VARIABLE remarks RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "opt -passes=${passes} failed on the inline probe: ${remarks}")
  endif()
  function_body("${ir}" probe_forced forced_body)
  string(REGEX MATCHALL "call [^@\n]*@sl_fn_[a-z0-9_]+" not_inlined "${forced_body}")
  if(not_inlined)
    message(FATAL_ERROR "opt -passes=${passes} does not inline these INLINE functions even when the call "
                        "is marked alwaysinline: ${not_inlined}")
  endif()
  string(REGEX MATCHALL "'sl_fn_[a-z0-9_]+' not inlined into 'probe_plain'[^\n]*conflicting attributes"
         conflicts "${remarks}")
  if(conflicts)
    message(FATAL_ERROR "INLINE functions the inliner of opt -passes=${passes} finds incompatible with a "
                        "caller built for another CPU: ${conflicts}")
  endif()
endforeach()

list(LENGTH defined defined_count)
message(STATUS "stdlib bitcode: ${inline_count} INLINE symbols present and inlinable "
               "(${defined_count} defined); references: ${undefined}")
