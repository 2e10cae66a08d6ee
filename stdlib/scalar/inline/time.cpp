// DATE_TRUNC, EXTRACT, YEAR ... SECOND, FROM_UNIXTIME, UNIX_TIMESTAMP on TIMESTAMP (microseconds
// since 1970-01-01 00:00:00 UTC). INLINE: compiled to bitcode too. Instants before 1970 are
// negative; every split into days and time of day rounds toward negative infinity.
//
// Unit and field names are case-insensitive. When the name is a constant and the call is inlined,
// LLVM folds the name comparisons away, so that EXTRACT(HOUR FROM ts) costs what HOUR(ts) costs.

#include "stdlib/scalar/inline/civil_time.h"
#include "stdlib/scalar/inline/str_util.h"

using namespace sluice::stdlib;

namespace {

/// The date and time-of-day parts of a timestamp.
struct SplitTime {
    int64_t days;   ///< days since 1970-01-01
    int64_t micros; ///< microseconds into the day, [0, kMicrosPerDay)
};

SL_ALWAYS_INLINE SplitTime Split(int64_t ts) {
    return SplitTime{FloorDiv(ts, kMicrosPerDay), FloorMod(ts, kMicrosPerDay)};
}

/// Midnight of day `days` as a timestamp; false when it is outside the TIMESTAMP range (possible
/// only when truncating within a few months of the smallest timestamp).
bool MidnightOf(int64_t days, int64_t* out) {
    return !__builtin_mul_overflow(days, kMicrosPerDay, out);
}

} // namespace

extern "C" {

int32_t sl_fn_date_trunc_str_ts(sl_ctx*, int64_t* out, const sl_str* unit, int64_t ts) {
    const NameKey key = LowerKey(unit);
    // Sub-day units: round down to a multiple of the unit (the epoch is aligned to all of them).
    int64_t step = 0;
    if (key == Keyword("hour"))
        step = kMicrosPerHour;
    else if (key == Keyword("minute"))
        step = kMicrosPerMinute;
    else if (key == Keyword("second"))
        step = kMicrosPerSecond;
    else if (key == Keyword("millisecond"))
        step = kMicrosPerMilli;
    else if (key == Keyword("microsecond"))
        step = 1;
    else if (key == Keyword("day") || key == Keyword("dd"))
        step = kMicrosPerDay;
    if (step != 0) {
        // Only within a unit of the smallest timestamp can the start of the unit be out of range.
        int64_t start;
        if (__builtin_sub_overflow(ts, FloorMod(ts, step), &start))
            return SL_ERR_OVERFLOW;
        *out = start;
        return 0;
    }
    const int64_t days = Split(ts).days;
    int64_t first_day;
    if (key == Keyword("week")) {
        first_day = days - WeekdayFromMonday(days); // weeks start on Monday
    } else {
        const CivilDate date = CivilFromDays(days);
        if (key == Keyword("year") || key == Keyword("yyyy") || key == Keyword("yy"))
            first_day = DaysFromCivil(date.year, 1, 1);
        else if (key == Keyword("quarter"))
            first_day = DaysFromCivil(date.year, (date.month - 1) / 3 * 3 + 1, 1);
        else if (key == Keyword("month") || key == Keyword("mm") || key == Keyword("mon"))
            first_day = DaysFromCivil(date.year, date.month, 1);
        else
            return SL_ERR_INVALID_ARG;
    }
    int64_t start;
    if (!MidnightOf(first_day, &start))
        return SL_ERR_OVERFLOW;
    *out = start;
    return 0;
}

int32_t sl_fn_extract_str_ts(sl_ctx*, int64_t* out, const sl_str* field, int64_t ts) {
    const NameKey key = LowerKey(field);
    const SplitTime t = Split(ts);
    // Time-of-day fields first: they need no calendar arithmetic.
    if (key == Keyword("hour")) {
        *out = t.micros / kMicrosPerHour;
    } else if (key == Keyword("minute")) {
        *out = t.micros / kMicrosPerMinute % 60;
    } else if (key == Keyword("second")) {
        *out = t.micros / kMicrosPerSecond % 60;
    } else if (key == Keyword("millisecond")) {
        // Spark (and PostgreSQL): the seconds field with its fraction, in milliseconds (0-59999).
        *out = t.micros % kMicrosPerMinute / kMicrosPerMilli;
    } else if (key == Keyword("microsecond")) {
        *out = t.micros % kMicrosPerMinute; // likewise, 0-59999999
    } else if (key == Keyword("epoch")) {
        *out = FloorDiv(ts, kMicrosPerSecond); // whole seconds, like UNIX_TIMESTAMP
    } else if (key == Keyword("dayofweek") || key == Keyword("dow")) {
        *out = (WeekdayFromMonday(t.days) + 1) % 7 + 1; // 1 = Sunday ... 7 = Saturday
    } else if (key == Keyword("week")) {
        *out = IsoWeek(t.days);
    } else {
        const CivilDate date = CivilFromDays(t.days);
        if (key == Keyword("year"))
            *out = date.year;
        else if (key == Keyword("quarter"))
            *out = (date.month - 1) / 3 + 1;
        else if (key == Keyword("month"))
            *out = date.month;
        else if (key == Keyword("day"))
            *out = date.day;
        else if (key == Keyword("dayofyear") || key == Keyword("doy"))
            *out = t.days - DaysFromCivil(date.year, 1, 1) + 1;
        else
            return SL_ERR_INVALID_ARG;
    }
    return 0;
}

int32_t sl_fn_year_ts(sl_ctx*, int64_t* out, int64_t ts) {
    *out = CivilFromDays(Split(ts).days).year;
    return 0;
}

int32_t sl_fn_month_ts(sl_ctx*, int64_t* out, int64_t ts) {
    *out = CivilFromDays(Split(ts).days).month;
    return 0;
}

int32_t sl_fn_day_ts(sl_ctx*, int64_t* out, int64_t ts) {
    *out = CivilFromDays(Split(ts).days).day;
    return 0;
}

int32_t sl_fn_hour_ts(sl_ctx*, int64_t* out, int64_t ts) {
    *out = Split(ts).micros / kMicrosPerHour;
    return 0;
}

int32_t sl_fn_minute_ts(sl_ctx*, int64_t* out, int64_t ts) {
    *out = Split(ts).micros / kMicrosPerMinute % 60;
    return 0;
}

int32_t sl_fn_second_ts(sl_ctx*, int64_t* out, int64_t ts) {
    *out = Split(ts).micros / kMicrosPerSecond % 60;
    return 0;
}

int32_t sl_fn_from_unixtime_i64(sl_ctx*, int64_t* out, int64_t seconds) {
    int64_t ts;
    if (__builtin_mul_overflow(seconds, kMicrosPerSecond, &ts))
        return SL_ERR_OVERFLOW;
    *out = ts;
    return 0;
}

int32_t sl_fn_unix_timestamp_ts(sl_ctx*, int64_t* out, int64_t ts) {
    *out = FloorDiv(ts, kMicrosPerSecond);
    return 0;
}

} // extern "C"
