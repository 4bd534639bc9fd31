#pragma once
// Calendar tables: date arithmetic as table reads and integer arithmetic (which
// also vectorizes, see eval/block_kernels.cpp) instead of a civil-date conversion
// per value. Built once per process from the functions in common/date.hpp, which
// they agree with on every date they cover (tests/common/date_test.cpp).

#include <cstdint>
#include <vector>

#include <algorithm>
#include "trappe/common/date.hpp"

namespace trappe::detail {

/// The calendar forms of age and add_months apply to input dates (see
/// earliest_date) and month offsets at most this far either way.
inline constexpr std::int64_t month_offset_limit = 4800;

struct calendar_tables {
    /// Per day from earliest_date to latest_date: (year * 512 + month * 32 + day) * 2,
    /// plus 1 on 28 February of a common year (where a 29 February birthday falls).
    std::vector<std::int32_t> packed;
    /// Per month from first_year: the day number of its first day (one extra at the end).
    std::vector<std::int32_t> month_start;
    // Every date an input may hold, plus or minus month_offset_limit months.
    static constexpr int first_year = 1800 - month_offset_limit / 12, last_year = 2200 + month_offset_limit / 12;

    [[nodiscard]] static const calendar_tables& get();
};

[[nodiscard]] constexpr bool is_input_date(std::int64_t d) noexcept { return d >= earliest_date && d <= latest_date; }

/// age_in_years(birth, at) for input dates: the year difference, less one when at's
/// (month, day) comes before the birthday's; a 29 February birthday counts on 28
/// February of a common year (the +1 in the packed table).
[[nodiscard]] inline std::int32_t calendar_age(const std::int32_t* packed, std::int32_t birth, std::int32_t at) noexcept {
    const std::int32_t b = packed[birth - earliest_date] >> 1;
    const std::int32_t t = packed[at - earliest_date];
    return ((t >> 1) + (t & 1) - b) >> 9;
}

/// add_months(date, months) for an input date and |months| <= month_offset_limit:
/// month arithmetic on the packed date, then the target month's first day and length.
[[nodiscard]] inline std::int32_t calendar_add_months(const calendar_tables& t, std::int32_t date, std::int32_t months) noexcept {
    constexpr std::int32_t first_month = calendar_tables::first_year * 12 + 1;  // year * 12 + month of index 0
    const std::int32_t p = t.packed[static_cast<std::size_t>(date - earliest_date)] >> 1;
    const std::int32_t year = p >> 9, month = (p >> 5) & 15, day = p & 31;
    const std::int32_t index = year * 12 + month - first_month + months;
    const std::int32_t first = t.month_start[static_cast<std::size_t>(index)];
    return first + std::min(day, t.month_start[static_cast<std::size_t>(index) + 1] - first) - 1;
}

}  // namespace trappe::detail
