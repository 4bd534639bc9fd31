#include "trappe/common/date.hpp"

#include <algorithm>
#include <cstdio>

#include "date_text.hpp"

namespace trappe {

// Howard Hinnant's days_from_civil / civil_from_days algorithms.
day_number to_days(civil_date d) noexcept { return detail::days_from_civil(d.year, d.month, d.day); }

civil_date to_civil(day_number days) noexcept {
    const int z = days + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int y = static_cast<int>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {y + (m <= 2 ? 1 : 0), m, d};
}

std::optional<day_number> parse_date(std::string_view text) noexcept { return detail::read_iso_date(text); }

std::string format_date(day_number days) {
    const civil_date c = to_civil(days);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.year, c.month, c.day);
    return buf;
}

day_number add_months(day_number date, std::int64_t months) noexcept {
    const civil_date c = to_civil(date);
    const std::int64_t index = static_cast<std::int64_t>(c.year) * 12 + (c.month - 1) + months;
    const std::int64_t year = index >= 0 ? index / 12 : (index - 11) / 12;
    const auto month = static_cast<unsigned>(index - year * 12 + 1);
    const unsigned last = detail::days_in_month(static_cast<int>(year), month);
    return to_days({static_cast<int>(year), month, c.day > last ? last : c.day});
}

std::int64_t age_in_years(day_number birth, day_number at) noexcept {
    // birth + 12n months lands in at's year on the birthday, clamped to the month's end
    // (29 February -> 28 February); the age is n when that day has come, else n - 1.
    const civil_date b = to_civil(birth);
    const civil_date a = to_civil(at);
    const std::int64_t n = a.year - b.year;
    const unsigned birthday = std::min(b.day, detail::days_in_month(a.year, b.month));
    return a.month < b.month || (a.month == b.month && a.day < birthday) ? n - 1 : n;
}

}  // namespace trappe
