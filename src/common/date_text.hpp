#pragma once
// "YYYY-MM-DD" to a day number, inline for the readers' per-cell loops (private).
// parse_date (date.cpp) is this function, so there is one definition of a date.

#include <optional>
#include <string_view>

#include "trappe/common/date.hpp"

namespace trappe::detail {

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// days_from_civil); to_days is this.
[[nodiscard]] constexpr day_number days_from_civil(int year, unsigned month, unsigned day) noexcept {
    const int y = year - (month <= 2 ? 1 : 0);
    const int era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned mp = month > 2 ? month - 3 : month + 9;
    const unsigned doy = (153 * mp + 2) / 5 + day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<day_number>(era * 146097 + static_cast<int>(doe) - 719468);
}

/// The days of month `month` (1..12) of `year`.
[[nodiscard]] constexpr unsigned days_in_month(int year, unsigned month) noexcept {
    constexpr unsigned char length[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : length[month - 1];
}

/// Exactly `YYYY-MM-DD`, a real calendar date; nullopt otherwise.
[[nodiscard]] inline std::optional<day_number> read_iso_date(std::string_view text) noexcept {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    const auto digit = [&](std::size_t i) { return static_cast<unsigned>(static_cast<unsigned char>(text[i]) - '0'); };
    const unsigned y0 = digit(0), y1 = digit(1), y2 = digit(2), y3 = digit(3), m0 = digit(5), m1 = digit(6), d0 = digit(8),
                   d1 = digit(9);
    if (y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || m0 > 9 || m1 > 9 || d0 > 9 || d1 > 9) return std::nullopt;
    const auto year = static_cast<int>(y0 * 1000 + y1 * 100 + y2 * 10 + y3);
    const unsigned month = m0 * 10 + m1, day = d0 * 10 + d1;
    if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return std::nullopt;
    return days_from_civil(year, month, day);
}

}  // namespace trappe::detail
