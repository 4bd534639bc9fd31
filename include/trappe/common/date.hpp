#pragma once
// Calendar dates as day numbers, with the date arithmetic the policy needs.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace trappe {

/// Days since 1970-01-01 in the proleptic Gregorian calendar.
using day_number = std::int32_t;

/// The dates an input may hold: 1800-01-01 .. 2200-12-31. Wider than any
/// citizen's life or assessment, narrow enough that date arithmetic never overflows.
inline constexpr day_number earliest_date = -62'091;
inline constexpr day_number latest_date = 84'370;

struct civil_date {
    int year = 1970;
    unsigned month = 1;
    unsigned day = 1;
};

[[nodiscard]] day_number to_days(civil_date d) noexcept;
[[nodiscard]] civil_date to_civil(day_number days) noexcept;

/// Parses exactly `YYYY-MM-DD` (a real calendar date); nullopt otherwise.
[[nodiscard]] std::optional<day_number> parse_date(std::string_view text) noexcept;
[[nodiscard]] std::string format_date(day_number days);

/// Adds whole months keeping the day of month, clamped to the month's last
/// day (2000-02-29 + 12 months = 2001-02-28). Negative months subtract.
[[nodiscard]] day_number add_months(day_number date, std::int64_t months) noexcept;

/// Age in whole years at `at`: the largest n with birth + 12*n months <= at
/// (negative when `at` is before `birth`).
[[nodiscard]] std::int64_t age_in_years(day_number birth, day_number at) noexcept;

}  // namespace trappe
