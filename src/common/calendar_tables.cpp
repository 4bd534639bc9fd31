#include "common/calendar_tables.hpp"

namespace trappe::detail {

const calendar_tables& calendar_tables::get() {
    // Immutable once built; C++ guarantees one thread-safe initialization.
    static const calendar_tables tables = [] {
        calendar_tables t;
        t.packed.reserve(static_cast<std::size_t>(latest_date - earliest_date + 1));
        for (day_number d = earliest_date; d <= latest_date; ++d) {
            const civil_date c = to_civil(d);
            const bool common_year = !((c.year % 4 == 0 && c.year % 100 != 0) || c.year % 400 == 0);
            const bool feb28 = c.month == 2 && c.day == 28 && common_year;
            t.packed.push_back(static_cast<std::int32_t>((c.year * 512 + static_cast<int>(c.month) * 32 + static_cast<int>(c.day)) * 2 + feb28));
        }
        for (int y = first_year; y <= last_year; ++y)
            for (unsigned m = 1; m <= 12; ++m) t.month_start.push_back(to_days({y, m, 1}));
        t.month_start.push_back(to_days({last_year + 1, 1, 1}));
        return t;
    }();
    return tables;
}

}  // namespace trappe::detail
