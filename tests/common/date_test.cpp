#include <gtest/gtest.h>

#include <cstdio>
#include <optional>
#include <string>

#include "trappe/common/date.hpp"

namespace trappe {
namespace {

day_number d(const char* text) { return *parse_date(text); }

TEST(DateTest, RoundTripsThroughDayNumbers) {
    for (const char* text : {"1970-01-01", "2000-02-29", "1953-12-31", "2041-01-01", "1899-03-01"})
        EXPECT_EQ(format_date(d(text)), text);
    EXPECT_EQ(d("1970-01-01"), 0);
}

TEST(DateTest, RejectsInvalidDates) {
    for (const char* text : {"2025-02-29", "2025-13-01", "2025-00-10", "2025-04-31", "25-01-01", "2025-1-01", "abcd-ef-gh", ""})
        EXPECT_FALSE(parse_date(text).has_value()) << text;
    EXPECT_TRUE(parse_date("2024-02-29").has_value());
}

// parse_date reads eight bytes at a time; its answer must be the plain definition's:
// digits and dashes in their places and a real calendar date, on every byte.
TEST(DateTest, ReadsEveryByteAsTheDefinitionSays) {
    const auto definition = [](const std::string& t) {
        if (t.size() != 10 || t[4] != '-' || t[7] != '-') return false;
        for (const int i : {0, 1, 2, 3, 5, 6, 8, 9})
            if (t[i] < '0' || t[i] > '9') return false;
        const int y = std::stoi(t.substr(0, 4)), m = std::stoi(t.substr(5, 2)), day = std::stoi(t.substr(8, 2));
        const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        const int length[] = {31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        return m >= 1 && m <= 12 && day >= 1 && day <= length[m - 1];
    };
    std::size_t valid = 0;
    for (const char* date : {"2000-02-29", "1999-12-31", "0000-01-01", "9999-12-31", "2024-10-09", "1800-03-01"}) {
        for (std::size_t at = 0; at <= 10; ++at) {
            for (int byte = 0; byte < 256; ++byte) {
                std::string text = date;
                if (at < 10) text[at] = static_cast<char>(byte);
                else text.push_back(static_cast<char>(byte));  // one byte too many
                const std::optional<day_number> got = parse_date(text);
                ASSERT_EQ(got.has_value(), definition(text)) << text;
                if (got) {
                    ++valid;
                    EXPECT_EQ(format_date(*got), text);
                }
            }
        }
    }
    EXPECT_GT(valid, 100u);
    // Every day of the years around the inputs' and each year's edges.
    for (day_number day = d("1700-01-01"); day <= d("2300-12-31"); ++day) ASSERT_EQ(d(format_date(day).c_str()), day);
    for (int y = 0; y <= 9999; ++y)
        for (const char* md : {"-01-01", "-02-28", "-03-01", "-12-31"}) {
            char text[16];
            std::snprintf(text, sizeof text, "%04d%s", y, md);
            ASSERT_EQ(format_date(d(text)), text);
        }
}

TEST(DateTest, AddMonthsClampsToTheLastDayOfTheMonth) {
    EXPECT_EQ(format_date(add_months(d("2000-02-29"), 12)), "2001-02-28");
    EXPECT_EQ(format_date(add_months(d("2000-02-29"), 48)), "2004-02-29");
    EXPECT_EQ(format_date(add_months(d("2025-01-31"), 1)), "2025-02-28");
    EXPECT_EQ(format_date(add_months(d("2025-03-31"), -1)), "2025-02-28");
    EXPECT_EQ(format_date(add_months(d("1954-01-01"), 786)), "2019-07-01");
}

TEST(DateTest, AgeCountsWholeYears) {
    EXPECT_EQ(age_in_years(d("1990-04-17"), d("2025-09-01")), 35);
    EXPECT_EQ(age_in_years(d("1958-03-02"), d("2025-03-01")), 66);
    EXPECT_EQ(age_in_years(d("1958-03-02"), d("2025-03-02")), 67);
    // Born 29 February: a year older on 28 February in a common year (the policy's clamping).
    EXPECT_EQ(age_in_years(d("2000-02-29"), d("2018-02-28")), 18);
    EXPECT_EQ(age_in_years(d("2000-02-29"), d("2018-02-27")), 17);
    EXPECT_EQ(age_in_years(d("2000-01-01"), d("1999-12-31")), -1);
}

}  // namespace
}  // namespace trappe

namespace trappe {
namespace {

// The closed form of age_in_years agrees with its definition on every pair of dates in a range.
TEST(DateTest, AgeMatchesTheDefinitionByMonths) {
    const day_number from = *parse_date("1995-12-15");
    for (day_number birth = from; birth < from + 1600; birth += 7)
        for (day_number at = birth - 40; at < birth + 9000; at += 13) {
            std::int64_t n = 0;
            while (add_months(birth, 12 * (n + 1)) <= at) ++n;
            while (add_months(birth, 12 * n) > at) --n;
            ASSERT_EQ(age_in_years(birth, at), n) << format_date(birth) << " " << format_date(at);
        }
}

}  // namespace
}  // namespace trappe

namespace trappe {
namespace {

TEST(DateTest, InputDateBoundsAreTheDocumentedDays) {
    EXPECT_EQ(earliest_date, *parse_date("1800-01-01"));
    EXPECT_EQ(latest_date, *parse_date("2200-12-31"));
}

}  // namespace
}  // namespace trappe

#include "common/calendar_tables.hpp"

namespace trappe {
namespace {

// The calendar tables (used by evaluation for input dates) agree with the civil-date
// functions on every input date: ages around every birthday, and month offsets
// from a month to the policy's pension ages and the tables' limit.
TEST(CalendarTablesTest, AgreeWithCivilDatesOnEveryInputDate) {
    const detail::calendar_tables& t = detail::calendar_tables::get();
    const std::int32_t* packed = t.packed.data();
    int checked = 0;
    for (day_number birth = earliest_date; birth <= latest_date; ++birth) {
        for (std::int32_t months : {-4800, -12, -1, 0, 1, 11, 12, 216, 780, 799, 840, 4800}) {
            ASSERT_EQ(detail::calendar_add_months(t, birth, months), add_months(birth, months)) << format_date(birth) << " + " << months;
            const day_number birthday = add_months(birth, months);
            if (!detail::is_input_date(birthday) || months < 0) continue;
            for (day_number at : {birthday - 1, birthday, birthday + 1})
                if (detail::is_input_date(at)) {
                    ASSERT_EQ(detail::calendar_age(packed, birth, at), age_in_years(birth, at)) << format_date(birth) << " at " << format_date(at);
                    ++checked;
                }
        }
    }
    EXPECT_GT(checked, 1'000'000);
}

}  // namespace
}  // namespace trappe
