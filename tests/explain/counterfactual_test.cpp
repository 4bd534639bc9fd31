// Property: the counterfactual agrees with brute force. On random Roskilde
// profiles, every change of up to 2 assessed items is evaluated; the search's
// answer must reach the step it names, no smaller change (fewer items, or as
// many items with a smaller total change) may move the recommendation in that
// direction, and "none" is allowed only when brute force finds none either.
// Also: items ikke vurderet get proposed assessments that do decide.

#include <optional>
#include <random>

#include "eval/random_profiles.hpp"
#include "test_support.hpp"

namespace trappe {
namespace {

bool searchable(const type_info& t) {
    return t.kind == type_kind::boolean || t.kind == type_kind::level || t.kind == type_kind::enumeration ||
           (t.kind == type_kind::integer && t.bounded && t.hi - t.lo <= 16);
}

profile random_profile(const plan& p, std::mt19937_64& rng) { return testing::random_roskilde_profile(p, rng, true); }

struct size_of_change {
    std::size_t items = 0;
    std::int64_t total = 0;
    bool operator<(const size_of_change& o) const { return items != o.items ? items < o.items : total < o.total; }
};

std::optional<std::int64_t> step_of(const plan& p, const profile& in) {
    const value_range step = *testing::evaluate_ok(p, in).value("trin");
    if (!step.determined()) return std::nullopt;
    return step.lo;
}

TEST(CounterfactualPropertyTest, AgreesWithBruteForceOverEveryChangeOfUpToTwoItems) {
    const auto plan = testing::roskilde();
    const program& rules = plan->rules();
    std::mt19937_64 rng(20251125);
    constexpr int profiles = 1000;
    int compared = 0, found = 0, none = 0, skipped_steps = 0;
    for (int n = 0; n < profiles; ++n) {
        const profile base = random_profile(*plan, rng);
        const auto step = step_of(*plan, base);
        ASSERT_TRUE(step.has_value()) << "a fully assessed profile has a determined step";
        std::vector<std::size_t> items;
        for (std::size_t i = 0; i < plan->inputs().size(); ++i) {
            const symbol& s = rules.symbols[plan->inputs()[i]];
            if (base.assessed[i] && !s.required && searchable(rules.types[s.type])) items.push_back(i);
        }
        // The smallest change that moves the step up [0] or down [1], by brute force.
        std::optional<size_of_change> smallest[2];
        const auto consider = [&](const profile& changed, size_of_change size) {
            const auto reached = step_of(*plan, changed);
            if (!reached || *reached == *step) return;
            std::optional<size_of_change>& best = smallest[*reached > *step ? 0 : 1];
            if (!best || size < *best) best = size;
        };
        for (std::size_t a = 0; a < items.size(); ++a) {
            const type_info& ta = rules.type_of(plan->inputs()[items[a]]);
            for (std::int64_t va = ta.lo; va <= ta.hi; ++va) {
                if (va == base.values[items[a]]) continue;
                profile one = base;
                one.set(items[a], va);
                const std::int64_t da = std::abs(va - base.values[items[a]]);
                consider(one, {1, da});
                for (std::size_t b = a + 1; b < items.size(); ++b) {
                    const type_info& tb = rules.type_of(plan->inputs()[items[b]]);
                    for (std::int64_t vb = tb.lo; vb <= tb.hi; ++vb) {
                        if (vb == base.values[items[b]]) continue;
                        profile two = one;
                        two.set(items[b], vb);
                        consider(two, {2, da + std::abs(vb - base.values[items[b]])});
                    }
                }
            }
        }

        explain_options options;
        options.counterfactual = true;
        options.max_changes = 2;
        auto result = explain(*plan, base, options);
        ASSERT_TRUE(std::holds_alternative<explanation>(result));
        const explanation& e = std::get<explanation>(result);
        for (int d = 0; d < 2; ++d) {
            const counterfactual& c = d == 0 ? *e.step_up : *e.step_down;
            ++compared;
            if (!c.found) {
                ++none;
                EXPECT_FALSE(smallest[d].has_value())
                    << "profile " << n << (d == 0 ? " up" : " down") << ": none reported, brute force found a change of "
                    << smallest[d]->items << " items";
                continue;
            }
            ++found;
            ASSERT_TRUE(smallest[d].has_value()) << "profile " << n << ": a change reported that brute force never saw";
            profile changed = base;
            size_of_change size{c.changes.size(), 0};
            for (const input_change& ch : c.changes) {
                const std::size_t i = *plan->input_index(rules.symbols[ch.input].name);
                EXPECT_EQ(ch.from, base.values[i]);
                changed.set(i, ch.to);
                size.total += std::abs(ch.to - ch.from);
            }
            const auto reached = step_of(*plan, changed);
            ASSERT_TRUE(reached.has_value());
            EXPECT_EQ(*reached, c.new_step) << "profile " << n;
            EXPECT_TRUE(d == 0 ? c.new_step > *step : c.new_step < *step) << "profile " << n;
            EXPECT_FALSE(*smallest[d] < size) << "profile " << n << (d == 0 ? " up" : " down") << ": brute force found "
                                              << smallest[d]->items << " items, total " << smallest[d]->total
                                              << "; the search " << size.items << " items, total " << size.total;
            if (std::abs(c.new_step - *step) > 1) ++skipped_steps;
        }
    }
    EXPECT_EQ(compared, 2 * profiles);
    EXPECT_GT(found, profiles / 2);
    EXPECT_GT(skipped_steps, 0) << "some smallest change should skip a step";
    std::cout << "compared " << compared << ", found " << found << " (" << skipped_steps << " past the next step), none "
              << none << '\n';
}

TEST(CounterfactualProposalTest, AssessmentsOfItemsNotAssessedDecideTheRecommendation) {
    const auto plan = testing::roskilde();
    const program& rules = plan->rules();
    std::mt19937_64 rng(7);
    int proposals = 0;
    for (int n = 0; n < 200; ++n) {
        profile base = random_profile(*plan, rng);
        for (const char* item : {"egenomsorg", "fysisk_funktionsnedsaettelse"}) base.set_unassessed(*plan->input_index(item));
        if (testing::evaluate_ok(*plan, base).value("trin")->determined()) continue;
        explain_options options;
        options.counterfactual = true;
        const explanation e = std::get<explanation>(explain(*plan, base, options));
        EXPECT_FALSE(e.step_up->found);
        EXPECT_EQ(e.step_up->note, "anbefalingen afhænger af oplysninger, der ikke er vurderet");
        for (const assessment_proposal& a : e.assessments) {
            ++proposals;
            const std::size_t i = *plan->input_index(rules.symbols[a.input].name);
            EXPECT_FALSE(base.assessed[i]);
            for (const assessment_outcome& o : a.outcomes)
                for (std::int64_t v = o.from; v <= o.to; ++v) {
                    profile assessed = base;
                    assessed.set(i, v);
                    EXPECT_EQ(*testing::evaluate_ok(*plan, assessed).value("trin"), o.step);
                }
            const std::string text = to_text(e);
            EXPECT_NE(text.find("vurder " ), std::string::npos);
        }
    }
    EXPECT_GT(proposals, 0);
}

TEST(CounterfactualProposalTest, ReadsAsDanishWithLevelsAndTheStepReached) {
    const auto plan = testing::roskilde();
    profile base = testing::worked_examples(*plan)[0];
    base.set_unassessed(*plan->input_index("egenomsorg"));
    base.set_unassessed(*plan->input_index("varig_funktionsnedsaettelse"));
    explain_options options;
    options.counterfactual = true;
    const explanation e = std::get<explanation>(explain(*plan, base, options));
    ASSERT_FALSE(e.assessments.empty()) << to_text(e);
    const std::string text = to_text(e);
    EXPECT_NE(text.find("vurder egenomsorg: ved niveau"), std::string::npos) << text;
    EXPECT_NE(text.find("bliver anbefalingen"), std::string::npos) << text;
}

}  // namespace
}  // namespace trappe
