#pragma once

// Calendar arithmetic on the proleptic Gregorian calendar (UTC) for the time functions. It repeats
// runtime/common/value_format's DaysFromCivil/CivilFromDays because the INLINE functions are
// compiled to bitcode and may reference only libc and sl_rt_*; the stdlib tests check that both
// agree.

#include <stdint.h>

#include "stdlib/scalar/inline/attributes.h"

namespace sluice::stdlib {

constexpr int64_t kMicrosPerMilli = 1000;
constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;
constexpr int64_t kMicrosPerDay = 24 * kMicrosPerHour;

/// Quotient rounded toward negative infinity (d > 0), so that instants before 1970 fall into the
/// right day, second or bucket.
SL_ALWAYS_INLINE constexpr int64_t FloorDiv(int64_t a, int64_t d) {
    int64_t q = a / d;
    return (a % d != 0 && a < 0) ? q - 1 : q;
}

/// Remainder in [0, d) for d > 0.
SL_ALWAYS_INLINE constexpr int64_t FloorMod(int64_t a, int64_t d) {
    int64_t r = a % d;
    return r < 0 ? r + d : r;
}

SL_ALWAYS_INLINE constexpr bool IsLeapYear(int64_t y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

SL_ALWAYS_INLINE constexpr unsigned DaysInMonth(int64_t y, unsigned m) {
    constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

/// Days since 1970-01-01 of year-month-day (Howard Hinnant's days_from_civil).
SL_ALWAYS_INLINE constexpr int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

/// A calendar date.
struct CivilDate {
    int64_t year;
    unsigned month; ///< 1-12
    unsigned day;   ///< 1-31
};

/// The date `days` after 1970-01-01 (Howard Hinnant's civil_from_days).
SL_ALWAYS_INLINE constexpr CivilDate CivilFromDays(int64_t z) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t y = static_cast<int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return CivilDate{y + (m <= 2), m, d};
}

/// Day of the week with Monday = 0 ... Sunday = 6 (1970-01-01 was a Thursday).
SL_ALWAYS_INLINE constexpr int64_t WeekdayFromMonday(int64_t days) {
    return FloorMod(days + 3, 7);
}

/// The ISO 8601 week number (1-53) of a day: the week that holds the year's first Thursday is week 1.
SL_ALWAYS_INLINE constexpr int64_t IsoWeek(int64_t days) {
    const int64_t thursday = days - WeekdayFromMonday(days) + 3;
    const int64_t jan1 = DaysFromCivil(CivilFromDays(thursday).year, 1, 1);
    return (thursday - jan1) / 7 + 1;
}

} // namespace sluice::stdlib
