#pragma once

#include <vector>

#include "codegen/ir/function_builder.h"
#include "compiler/types/type.h"

namespace sluice::codegen {

/// Encoded key bytes: a pointer and an i64 length.
struct KeyBytes {
    llvm::Value* data = nullptr;
    llvm::Value* len = nullptr;
};

/// Encodes `values` (of `types`) as state key bytes, in the encoding PhysicalExchange documents, into
/// memory from sl_rt_arena_alloc, after `prefix` when given (a COUNT(DISTINCT) key is the group key
/// followed by the value).
KeyBytes EncodeKey(FunctionBuilder& fb, const std::vector<SqlValue>& values, const std::vector<Type>& types,
                   const KeyBytes* prefix = nullptr);

/// Decodes key bytes into one value per type. STRING values point into the key bytes.
std::vector<SqlValue> DecodeKey(FunctionBuilder& fb, llvm::Value* data, const std::vector<Type>& types);

/// sl_hash_bytes of the key bytes (an i64).
llvm::Value* HashKey(FunctionBuilder& fb, const KeyBytes& key);

} // namespace sluice::codegen
