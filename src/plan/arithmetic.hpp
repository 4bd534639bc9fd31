#pragma once
// Integer arithmetic of the rule language: saturating at the bounds of the
// `integer` type, so no rule text and no input value can overflow (which would be
// undefined behaviour in C++). Shared by the evaluators so they agree exactly.

#include <algorithm>
#include <cstdint>

#include "common/calendar_tables.hpp"
#include "trappe/checker/input_rule.hpp"
#include "trappe/common/date.hpp"
// Private to src/: the evaluators and the compiler's range analysis.

namespace trappe::detail {

using trappe::integer_bound;

inline std::int64_t saturate(std::int64_t v) noexcept { return std::clamp(v, -integer_bound, integer_bound); }

inline std::int64_t add(std::int64_t a, std::int64_t b) noexcept {
    std::int64_t r = 0;
    return __builtin_add_overflow(a, b, &r) ? (b > 0 ? integer_bound : -integer_bound) : saturate(r);
}
inline std::int64_t sub(std::int64_t a, std::int64_t b) noexcept {
    std::int64_t r = 0;
    return __builtin_sub_overflow(a, b, &r) ? (b < 0 ? integer_bound : -integer_bound) : saturate(r);
}
inline std::int64_t mul(std::int64_t a, std::int64_t b) noexcept {
    std::int64_t r = 0;
    return __builtin_mul_overflow(a, b, &r) ? ((a < 0) == (b < 0) ? integer_bound : -integer_bound) : saturate(r);
}
inline std::int64_t negate(std::int64_t a) noexcept { return a == INT64_MIN ? integer_bound : saturate(-a); }

/// Date arithmetic with offsets clamped to ±10,000 years, so day numbers stay in
/// range; input dates go through the calendar tables, the rest through civil dates.
inline std::int64_t date_add_months(std::int64_t date, std::int64_t months) noexcept {
    if (is_input_date(date) && months >= -month_offset_limit && months <= month_offset_limit)
        return calendar_add_months(calendar_tables::get(), static_cast<std::int32_t>(date), static_cast<std::int32_t>(months));
    return add_months(static_cast<day_number>(std::clamp<std::int64_t>(date, -3'650'000, 3'650'000)),
                      std::clamp<std::int64_t>(months, -120'000, 120'000));
}
inline std::int64_t date_add_days(std::int64_t date, std::int64_t days) noexcept {
    return std::clamp<std::int64_t>(date, -3'650'000, 3'650'000) + std::clamp<std::int64_t>(days, -3'650'000, 3'650'000);
}
inline std::int64_t date_age(std::int64_t birth, std::int64_t at) noexcept {
    if (is_input_date(birth) && is_input_date(at))
        return calendar_age(calendar_tables::get().packed.data(), static_cast<std::int32_t>(birth), static_cast<std::int32_t>(at));
    return age_in_years(static_cast<day_number>(std::clamp<std::int64_t>(birth, -3'650'000, 3'650'000)),
                        static_cast<day_number>(std::clamp<std::int64_t>(at, -3'650'000, 3'650'000)));
}

}  // namespace trappe::detail
