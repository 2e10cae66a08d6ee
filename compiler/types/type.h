#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace sluice {

/// SQL type identifiers. `Null` is the type of the NULL literal before it meets a context.
enum class TypeId : uint8_t {
    Null,
    Boolean,
    Int,
    BigInt,
    Double,
    Decimal,
    String,
    Timestamp,
    Date,
    Interval
};

/// A SQL type; precision and scale are meaningful for DECIMAL only.
struct Type {
    TypeId id = TypeId::Null;
    uint8_t precision = 0;
    uint8_t scale = 0;

    static constexpr uint8_t kMaxDecimalPrecision = 38;

    static Type Null() { return {TypeId::Null}; }
    static Type Boolean() { return {TypeId::Boolean}; }
    static Type Int() { return {TypeId::Int}; }
    static Type BigInt() { return {TypeId::BigInt}; }
    static Type Double() { return {TypeId::Double}; }
    static Type Decimal(uint8_t p, uint8_t s) { return {TypeId::Decimal, p, s}; }
    static Type String() { return {TypeId::String}; }
    static Type Timestamp() { return {TypeId::Timestamp}; }
    static Type Date() { return {TypeId::Date}; }
    static Type Interval() { return {TypeId::Interval}; }

    bool operator==(const Type& o) const = default;
    bool IsNumeric() const;
    bool IsInteger() const { return id == TypeId::Int || id == TypeId::BigInt; }
    bool IsNull() const { return id == TypeId::Null; }
    /// "BIGINT", "DECIMAL(10,2)", ...
    std::string ToString() const;
};

/// The type both operands widen to implicitly (INT -> BIGINT -> DECIMAL -> DOUBLE; NULL -> anything),
/// or nullopt when neither widens to the other.
std::optional<Type> CommonType(const Type& a, const Type& b);
/// True when a value of `from` converts to `to` without a CAST.
bool CanWiden(const Type& from, const Type& to);
/// True when CAST(from AS to) is allowed (it may still fail for some values at run time).
bool CanCast(const Type& from, const Type& to);
/// Position in the widening order INT (1) -> BIGINT (2) -> DECIMAL (3) -> DOUBLE (4); 0 for the rest.
int NumericRank(TypeId id);
/// The DECIMAL type that holds every value of an integer type (INT -> DECIMAL(10,0), BIGINT ->
/// DECIMAL(19,0)).
Type DecimalFor(const Type& integer);

} // namespace sluice
