#pragma once
// Calendar tables for the block kernels: date arithmetic as table reads and
// integer arithmetic, which vectorizes, instead of a civil-date conversion per
// row. Built once per process from the scalar functions in common/date.hpp.

#include <cstdint>
#include <vector>

#include "plan/block_program.hpp"
#include "trappe/common/date.hpp"

namespace trappe::detail {

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

}  // namespace trappe::detail
