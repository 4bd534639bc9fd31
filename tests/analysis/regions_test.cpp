// The region explorer: every fully assessed profile lies in exactly one leaf, and
// the leaf's values are the ones evaluate() gives it.

#include <random>
#include <set>

#include "eval/random_profiles.hpp"
#include "test_support.hpp"
#include "trappe/analysis/regions.hpp"
#include "trappe/analysis/verify.hpp"

namespace trappe::testing {
namespace {

using analysis::explorer;

// The heavy tests explore the whole Roskilde pack (about two million regions, some
// seconds in a Release build); sanitizer builds run the small packs' tests only.
#if defined(TRAPPE_SANITIZED)
#define TRAPPE_SKIP_WHOLE_PACK() GTEST_SKIP() << "explores the whole Roskilde pack: too slow under sanitizers"
#else
#define TRAPPE_SKIP_WHOLE_PACK() static_cast<void>(0)
#endif

TEST(Regions, RoskildeLeavesAgreeWithEvaluate) {
    TRAPPE_SKIP_WHOLE_PACK();
    const auto p = roskilde();
    const std::vector<analysis::slot_id> targets = analysis::default_targets(*p);
    const explorer x({{p, targets}});
    EXPECT_EQ(x.date_cases().size(), 3u);  // child; adult under pension age; adult over it
    for (std::size_t c = 0; c < x.date_cases().size(); ++c) {
        std::vector<std::string> names;
        for (const analysis::date_condition& d : x.describe(c)) names.push_back(d.name);
        // sel_97 and sel_103 read the two together: that conjunction is what the rules read.
        EXPECT_EQ(names, (std::vector<std::string>{"voksen", "voksen and under_folkepensionsalder"}));
    }

    // Random profiles, fully assessed or with the caseworker's judgement open, and
    // what evaluate() gives each target; grouped by date case.
    struct sample {
        profile in;
        std::vector<value_range> expected;
        int leaves = 0;
    };
    std::vector<std::vector<sample>> samples(x.date_cases().size());
    std::mt19937_64 rng(14);
    for (int n = 0; n < 600; ++n) {
        profile in = random_roskilde_profile(*p, rng, n % 2 == 0);
        const auto c = x.date_case_of(in, 0);
        ASSERT_TRUE(c.has_value()) << "profile " << n << " is in no explored date case";
        const traced_evaluation traced = evaluate_traced(*p, in);
        const auto* d = std::get_if<traced_decision>(&traced);
        ASSERT_NE(d, nullptr);
        std::vector<value_range> expected;
        for (analysis::slot_id t : targets) expected.push_back(d->slots[t]);
        samples[*c].push_back({std::move(in), std::move(expected), 0});
    }

    const auto inside = [&](const analysis::region& r, const sample& s) {
        for (std::size_t i = 0; i < x.inputs().size(); ++i) {
            const analysis::space_input& in = x.inputs()[i];
            if (in.is_date || in.is_text) continue;
            const std::size_t k = *in.index_in_plan[0];
            if (!r.inputs[i].contains(s.in.assessed[k] != 0, s.in.values[k])) return false;
        }
        return true;
    };
    std::size_t visited = 0;
    const analysis::explore_stats stats = x.explore([&](const analysis::leaf& l) {
        ASSERT_TRUE(l.complete);
        for (sample& s : samples[l.where.date_case]) {
            if (!inside(l.where, s)) continue;
            ++s.leaves;
            EXPECT_TRUE(x.contains(l.where, s.in, 0));
            for (std::size_t t = 0; t < targets.size(); ++t)
                EXPECT_EQ(l.values[0][t], s.expected[t]) << "target " << t;
        }
        // Every so often: the region's example profile lies in it and evaluates without error.
        if (visited++ % 4099 == 0) {
            const profile example = x.example(l.where, 0);
            EXPECT_TRUE(x.contains(l.where, example, 0));
            EXPECT_TRUE(std::holds_alternative<decision>(evaluate(*p, example)));
        }
    });
    EXPECT_EQ(stats.incomplete, 0u);
    EXPECT_EQ(stats.leaves, visited);
    for (const auto& group : samples)
        for (const sample& s : group) EXPECT_EQ(s.leaves, 1);
}

// Dates: age 18 and a dated parameter's start are both covered, on both sides.
TEST(Regions, DateCasesCoverEveryDateOutcome) {
    const auto p = plan_from(R"(
input foedselsdato : date required
input vurderingsdato : date required
as_of vurderingsdato
input a : bool
valid from 2025-01-01
param graense : integer
  from 2025-01-01 = 1
  from 2026-01-01 = 2
define voksen = age(foedselsdato, vurderingsdato) >= 18
define ny = graense = 2
define ud = voksen and a and ny
output ud
)");
    ASSERT_TRUE(p);
    const explorer x({{p, analysis::default_targets(*p)}});
    // (voksen, ny): all four combinations, each described by its names.
    ASSERT_EQ(x.date_cases().size(), 4u);
    std::set<std::string> described;
    for (std::size_t c = 0; c < 4; ++c) {
        std::string text;
        for (const analysis::date_condition& d : x.describe(c))
            text += d.name + "=" + d.type->display(d.value.lo) + " ";
        described.insert(text);
    }
    EXPECT_EQ(described, (std::set<std::string>{"voksen=nej ny=nej ", "voksen=nej ny=ja ", "voksen=ja ny=nej ",
                                                "voksen=ja ny=ja "}));
    std::size_t holds = 0;
    const auto stats = x.explore([&](const analysis::leaf& l) {
        ASSERT_TRUE(l.complete);
        holds += l.values[0][0] == value_range{1, 1};
    });
    EXPECT_EQ(holds, 1u);
    EXPECT_EQ(stats.incomplete, 0u);
}

TEST(Regions, InputsMatchedByNameAcrossPlans) {
    const auto a = plan_from("input x : integer 0..3\ninput y : bool\ndefine out = x >= 2\noutput out\n");
    const auto b = plan_from("input x : integer 0..3\ninput z : bool\ndefine out = x >= 1 and z\noutput out\n");
    ASSERT_TRUE(a && b);
    const explorer x({{a, analysis::default_targets(*a)}, {b, analysis::default_targets(*b)}});
    // x shared, z from b; y is no input of a (nothing reads it)
    ASSERT_EQ(x.inputs().size(), 2u);
    EXPECT_EQ(x.inputs()[0].name, "x");
    EXPECT_EQ(x.inputs()[1].name, "z");
    EXPECT_EQ(x.inputs()[1].index_in_plan[0], std::nullopt);
    std::size_t leaves = 0;
    x.explore([&](const analysis::leaf& l) {
        ++leaves;
        ASSERT_TRUE(l.complete);
        ASSERT_EQ(l.values.size(), 2u);
        // Where x < 1, b's out is false whatever z is: z is not split there.
        if (l.where.inputs[0].values.hi < 1) { EXPECT_EQ(l.where.inputs[1].count(), 2u); }
    });
    EXPECT_GE(leaves, 4u);
}

TEST(Regions, DifferentValidValuesAreMisuse) {
    const auto a = plan_from("input x : integer 0..3\ndefine out = x >= 2\noutput out\n");
    const auto b = plan_from("input x : integer 0..4\ndefine out = x >= 2\noutput out\n");
    ASSERT_TRUE(a && b);
    EXPECT_THROW(explorer({{a, {}}, {b, {}}}), misuse_error);
}

// Wide integers: split at the numbers the rules name, so `n = 37` is decided
// exactly; a diagonal (m < n) is given up after the halving budget, and reported.
TEST(Regions, WideIntegersSplitAtTheRulesNumbers) {
    const auto exact = plan_from("input n : integer\ndefine lige = n = 37\ndefine stor = n > 1000\noutput lige, stor\n");
    ASSERT_TRUE(exact);
    const analysis::explorer x({{exact, analysis::default_targets(*exact)}});
    std::size_t holds = 0;
    const auto stats = x.explore([&](const analysis::leaf& l) {
        EXPECT_TRUE(l.complete);
        if (l.values[0][0] == value_range{1, 1}) {
            ++holds;
            EXPECT_EQ(l.where.inputs[0].values, (value_range{37, 37}));
        }
    });
    EXPECT_EQ(stats.incomplete, 0u);
    EXPECT_EQ(holds, 1u);
    EXPECT_LE(stats.leaves, 8u);

    const auto diagonal = plan_from("input n : integer\ninput m : integer\ndefine mindre = m < n\noutput mindre\n");
    ASSERT_TRUE(diagonal);
    const analysis::verify_report r = analysis::verify(diagonal);
    EXPECT_GT(r.incomplete, 0u);
    EXPECT_LE(r.incomplete, 4u * 4096u);  // 2^12 halvings below each split at a number of the rules (0, 1)
    ASSERT_FALSE(r.findings.empty());
    EXPECT_EQ(r.findings[0].kind, analysis::finding_kind::undetermined);
    ASSERT_TRUE(r.findings[0].counterexample);
}

}  // namespace
}  // namespace trappe::testing
