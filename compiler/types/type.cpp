#include "compiler/types/type.h"

#include <algorithm>

namespace sluice {

bool Type::IsNumeric() const {
    return id == TypeId::Int || id == TypeId::BigInt || id == TypeId::Double || id == TypeId::Decimal;
}

std::string Type::ToString() const {
    switch (id) {
    case TypeId::Null:
        return "NULL";
    case TypeId::Boolean:
        return "BOOLEAN";
    case TypeId::Int:
        return "INT";
    case TypeId::BigInt:
        return "BIGINT";
    case TypeId::Double:
        return "DOUBLE";
    case TypeId::Decimal:
        return "DECIMAL(" + std::to_string(precision) + "," + std::to_string(scale) + ")";
    case TypeId::String:
        return "STRING";
    case TypeId::Timestamp:
        return "TIMESTAMP";
    case TypeId::Date:
        return "DATE";
    case TypeId::Interval:
        return "INTERVAL";
    }
    return "?";
}

Type DecimalFor(const Type& integer) {
    return integer.id == TypeId::Int ? Type::Decimal(10, 0) : Type::Decimal(19, 0);
}

int NumericRank(TypeId id) {
    switch (id) {
    case TypeId::Int:
        return 1;
    case TypeId::BigInt:
        return 2;
    case TypeId::Decimal:
        return 3;
    case TypeId::Double:
        return 4;
    default:
        return 0;
    }
}

namespace {

// The smallest DECIMAL holding both: as many integer digits and as many fraction digits as either.
Type WiderDecimal(const Type& a, const Type& b) {
    int scale = std::max(a.scale, b.scale);
    int integer_digits = std::max(a.precision - a.scale, b.precision - b.scale);
    int precision = std::min<int>(Type::kMaxDecimalPrecision, integer_digits + scale);
    return Type::Decimal(static_cast<uint8_t>(precision), static_cast<uint8_t>(std::min(scale, precision)));
}

} // namespace

std::optional<Type> CommonType(const Type& a, const Type& b) {
    if (a == b)
        return a;
    if (a.IsNull())
        return b;
    if (b.IsNull())
        return a;
    if (a.IsNumeric() && b.IsNumeric()) {
        int ra = NumericRank(a.id), rb = NumericRank(b.id);
        if (ra == 4 || rb == 4)
            return Type::Double();
        if (a.id == TypeId::Decimal || b.id == TypeId::Decimal) {
            Type da = a.id == TypeId::Decimal ? a : DecimalFor(a);
            Type db = b.id == TypeId::Decimal ? b : DecimalFor(b);
            return WiderDecimal(da, db);
        }
        return ra > rb ? a : b;
    }
    return std::nullopt;
}

bool CanWiden(const Type& from, const Type& to) {
    if (from == to || from.IsNull())
        return true;
    if (!from.IsNumeric() || !to.IsNumeric())
        return false;
    if (to.id == TypeId::Decimal && from.id == TypeId::Decimal)
        return to.scale >= from.scale && to.precision - to.scale >= from.precision - from.scale;
    if (to.id == TypeId::Decimal && from.IsInteger()) {
        Type need = DecimalFor(from);
        return to.precision - to.scale >= need.precision;
    }
    return NumericRank(from.id) < NumericRank(to.id) && to.id != TypeId::Decimal;
}

bool CanCast(const Type& from, const Type& to) {
    if (from == to || from.IsNull())
        return true;
    // INTERVAL has a text form but no parser: it converts to STRING only.
    if (to.id == TypeId::Interval)
        return false;
    if (from.id == TypeId::String || to.id == TypeId::String)
        return true;
    if (from.IsNumeric() && to.IsNumeric())
        return true;
    if (from.id == TypeId::Boolean)
        return to.IsNumeric();
    if (to.id == TypeId::Boolean)
        return from.IsNumeric();
    auto is_time = [](TypeId t) { return t == TypeId::Timestamp || t == TypeId::Date; };
    if (is_time(from.id) && is_time(to.id))
        return true;
    // CAST(ts AS BIGINT) is epoch seconds, CAST(n AS TIMESTAMP) takes epoch seconds.
    if (from.id == TypeId::Timestamp && to.IsNumeric())
        return true;
    if (from.IsNumeric() && to.id == TypeId::Timestamp)
        return true;
    return false;
}

} // namespace sluice
