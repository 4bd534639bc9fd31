#include <gtest/gtest.h>

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
