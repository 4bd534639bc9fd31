// The uniform population has the shape the agreement test relies on: the promised
// shares of unassessed and bad cells, and rows on every date boundary.

#include "eval/uniform_population.hpp"
#include "test_support.hpp"

namespace trappe {
namespace {

using testing::read_cell;

double share(std::size_t part, std::size_t whole) { return static_cast<double>(part) / static_cast<double>(whole); }

TEST(UniformPopulationTest, HasThePromisedSharesOfUnassessedAndBadCells) {
    const auto plan = testing::roskilde();
    const testing::uniform_population pop(*plan, 200'000, 3);
    const program& rules = plan->rules();
    std::size_t optional = 0, optional_missing = 0, required = 0, required_missing = 0, ranged = 0, bad = 0, complete = 0;
    for (std::size_t r = 0; r < pop.rows(); ++r) {
        bool all = true;
        for (std::size_t i = 0; i < pop.columns().size(); ++i) {
            const input_column& c = pop.columns()[i];
            if (c.data == nullptr) continue;
            const symbol& input = rules.symbols[plan->inputs()[i]];
            const type_info& t = rules.type_of(plan->inputs()[i]);
            const bool assessed = c.valid[r] != 0;
            all = all && assessed;
            (input.required ? required : optional) += 1;
            (input.required ? required_missing : optional_missing) += assessed ? 0 : 1;
            if (assessed && t.kind != type_kind::date) {
                ++ranged;
                bad += read_cell(c, r) < t.lo || read_cell(c, r) > t.hi;
            }
        }
        complete += all;
    }
    EXPECT_NEAR(share(optional_missing, optional), 0.31, 0.03);
    EXPECT_NEAR(share(required_missing, required), 0.01, 0.005);
    EXPECT_NEAR(share(bad, ranged), 0.01, 0.003);
    EXPECT_NEAR(share(complete, pop.rows()), 0.2, 0.02);
}

TEST(UniformPopulationTest, PutsRowsOnEveryDateBoundary) {
    const auto plan = testing::roskilde();
    const testing::uniform_population pop(*plan, 200'000, 4);
    // Found as the generator finds them: the birth date is the other date input, and the
    // pension date is the pack's date-valued definition.
    const program& rules = plan->rules();
    const std::size_t at_input = *plan->as_of_input();
    std::size_t birth_input = 0;
    for (std::size_t i = 0; i < plan->inputs().size(); ++i)
        if (rules.type_of(plan->inputs()[i]).kind == type_kind::date && i != at_input) birth_input = i;
    std::vector<symbol_id> date_definitions;
    for (symbol_id s = 0; s < rules.symbols.size(); ++s)
        if (rules.symbols[s].kind == symbol_kind::definition && rules.type_of(s).kind == type_kind::date)
            date_definitions.push_back(s);
    ASSERT_EQ(date_definitions.size(), 1u);
    const symbol_id pension = date_definitions[0];
    const auto& at_column = pop.columns()[at_input];
    const auto& birth_column = pop.columns()[birth_input];

    // The 18th birthday and the pension date, each the day before, of and after; 29 February
    // births; assessment dates before the first valid date, and in range for both boundaries.
    std::size_t adult[3] = {}, pensioner[3] = {}, pensioner_valid = 0, leap_day = 0, early = 0, aged = 0;
    profile probe(*plan);
    for (std::size_t i = 0; i < plan->inputs().size(); ++i)
        if (plan->rules().type_of(plan->inputs()[i]).kind != type_kind::string) probe.set(i, 0);
    for (std::size_t r = 0; r < pop.rows(); ++r) {
        const auto at = static_cast<day_number>(read_cell(at_column, r));
        const auto birth = static_cast<day_number>(read_cell(birth_column, r));
        early += at < plan->valid_from();
        if (birth < -3'000'000 || birth > 3'000'000) continue;  // the far dates
        const civil_date b = to_civil(birth);
        leap_day += b.month == 2 && b.day == 29;
        const std::int64_t age = age_in_years(birth, at);
        aged += age >= 0 && age <= 100;
        const std::int64_t to_adult = at - add_months(birth, 18 * 12);
        if (to_adult >= -1 && to_adult <= 1) ++adult[to_adult + 1];
        probe.set(at_input, std::max(at, plan->valid_from()));
        probe.set(birth_input, birth);
        // A row the engine rejects (a date outside what it accepts) has no pension date.
        const evaluation e = evaluate(*plan, probe);
        const auto* d = std::get_if<decision>(&e);
        if (d == nullptr) continue;
        const std::int64_t to_pension = at - d->value(pension).lo;
        if (to_pension >= -1 && to_pension <= 1) {
            ++pensioner[to_pension + 1];
            pensioner_valid += at >= plan->valid_from() && age >= 18;
        }
    }
    for (int k = 0; k < 3; ++k) {
        EXPECT_GT(share(adult[k], pop.rows()), 0.03) << "day " << k - 1 << " of the 18th birthday";
        EXPECT_GT(share(pensioner[k], pop.rows()), 0.03) << "day " << k - 1 << " of the pension date";
    }
    EXPECT_GT(share(pensioner_valid, pop.rows()), 0.08);
    EXPECT_GT(share(leap_day, pop.rows()), 0.01);
    EXPECT_NEAR(share(early, pop.rows()), 0.09, 0.03);
    EXPECT_GT(share(aged, pop.rows()), 0.85);
}

}  // namespace
}  // namespace trappe
