#include "test_support.hpp"

namespace trappe {
namespace {

TEST(PlanTest, ParameterOverridesChangeTheOutcomeWithoutTouchingTheOriginal) {
    const auto base = testing::roskilde();
    const auto reform = compile(std::shared_ptr<const program>(base, &base->rules()),
                                {{"taerskel_85", testing::value_of(*base, "stoettebehov", "hoejt")}});
    // A profile with moderat støttebehov and a home need: § 85 under today's threshold, not under the reform.
    profile p = testing::worked_examples(*base)[0];
    p.set(*base->input_index("samfundsliv"), 2);
    EXPECT_EQ(*testing::evaluate_ok(*base, p).value("sel_85"), testing::point(1));
    EXPECT_EQ(*testing::evaluate_ok(*base, p).value("trin"), testing::point(3));
    EXPECT_EQ(*testing::evaluate_ok(*reform, p).value("sel_85"), testing::point(0));
    EXPECT_EQ(*testing::evaluate_ok(*reform, p).value("trin"), testing::point(2));
}

TEST(PlanTest, RejectsOverridesOfUnknownParametersOrOutOfRangeValues) {
    const auto base = testing::roskilde();
    const std::shared_ptr<const program> rules(base, &base->rules());
    EXPECT_THROW((void)compile(rules, {{"taerskel_58", 2}}), parameter_error);
    EXPECT_THROW((void)compile(rules, {{"taerskel_85", 9}}), parameter_error);
    EXPECT_THROW((void)compile(rules, {{"alder", 3}}), parameter_error);
}

TEST(PlanTest, DatedParametersApplyFromTheirFirstDate) {
    const auto plan = testing::roskilde();
    EXPECT_EQ(format_date(plan->valid_from()), "2025-06-01");
    profile p = testing::worked_examples(*plan)[0];
    p.set(*plan->input_index("vurderingsdato"), *parse_date("2025-05-31"));
    const evaluation result = evaluate(*plan, p);
    ASSERT_TRUE(std::holds_alternative<input_error>(result));
    EXPECT_EQ(std::get<input_error>(result).describe(),
              "field 'vurderingsdato': is before the first date the rules apply (2025-06-01)");
    // An explicit as-of date selects the rule version while the profile keeps its own dates.
    EXPECT_TRUE(std::holds_alternative<decision>(evaluate(*plan, p, *parse_date("2025-09-01"))));
}

TEST(PlanTest, DatedVersionsSwitchOnTheAsOfDate) {
    const auto plan = testing::plan_from(
        "input d : date required\nas_of d\ninput x : integer\n"
        "param p : integer from 2025-01-01 = 1 from 2026-01-01 = 2\ndefine y = x + p\noutput y\n");
    ASSERT_NE(plan, nullptr);
    profile in(*plan);
    in.set(*plan->input_index("x"), 10);
    in.set(*plan->input_index("d"), *parse_date("2025-12-31"));
    EXPECT_EQ(*testing::evaluate_ok(*plan, in).value("y"), testing::point(11));
    in.set(*plan->input_index("d"), *parse_date("2026-01-01"));
    EXPECT_EQ(*testing::evaluate_ok(*plan, in).value("y"), testing::point(12));
}

TEST(PlanTest, RuleTestsOfTheRoskildePackPass) {
    const auto plan = testing::roskilde();
    const auto outcomes = run_tests(*plan);
    EXPECT_GE(outcomes.size(), 30u);
    for (const test_outcome& t : outcomes) EXPECT_TRUE(t.passed()) << t.title;
}

TEST(PlanTest, FailingRuleTestsShowADiff) {
    const auto plan = testing::plan_from(
        "input x : integer\ndefine y = x + 1\noutput y\ntest \"one more\" { x = 1 } expect { y = 3 }\n");
    ASSERT_NE(plan, nullptr);
    const auto outcomes = run_tests(*plan);
    ASSERT_EQ(outcomes.size(), 1u);
    EXPECT_FALSE(outcomes[0].passed());
    const std::string text = report(outcomes, plan->rules().sources);
    EXPECT_NE(text.find("- expected: 3"), std::string::npos) << text;
    EXPECT_NE(text.find("+ actual:   2"), std::string::npos) << text;
    EXPECT_NE(text.find("0 passed, 1 failed"), std::string::npos) << text;
}

TEST(PlanTest, RuleTestsRunWithTheirParameterValues) {
    const auto plan = testing::plan_from(
        "input x : integer\nparam p : integer = 2\ndefine y = x + p\noutput y\n"
        "test \"as written\" { x = 1 } expect { y = 3 }\n"
        "test \"with p = 5\" { x = 1 } with { p = 5 } expect { y = 6 }\n"
        "test \"with p = 5, wrong\" { x = 1 } with { p = 5 } expect { y = 3 }\n");
    ASSERT_NE(plan, nullptr);
    const auto outcomes = run_tests(*plan);
    ASSERT_EQ(outcomes.size(), 3u);
    EXPECT_TRUE(outcomes[0].passed());
    EXPECT_TRUE(outcomes[1].passed());
    ASSERT_FALSE(outcomes[2].passed());
    ASSERT_EQ(outcomes[2].failures.size(), 1u);
    EXPECT_EQ(outcomes[2].failures[0].actual, "6");
}

TEST(PlanTest, RuleTestsKeepThePlansOverridesBesideTheirOwn) {
    const check_result r = check_sources({{"t.trappe",
        "input x : integer\nparam p : integer = 2\nparam q : integer = 0\ndefine y = x + p + q\noutput y\n"
        "test \"q from the test, p from the plan\" { x = 1 } with { q = 10 } expect { y = 18 }\n"}});
    ASSERT_TRUE(r.ok()) << r.report();
    const auto outcomes = run_tests(*compile(r.checked, {{"p", 7}}));
    ASSERT_EQ(outcomes.size(), 1u);
    EXPECT_TRUE(outcomes[0].passed()) << report(outcomes, r.sources);
}

TEST(PlanTest, RuleTestsCanExpectTheExactSetOfPossibleValues) {
    // y is 0 or 2 when x is not assessed, never 1: only a set says so.
    const auto plan = testing::plan_from(
        "input x : bool\ndefine y : integer 0..2 = if x then 2 else 0\noutput y\n"
        "test \"the set\" { x = ikke_vurderet } expect { y = {2, 0} }\n"
        "test \"the hull is not the set\" { x = ikke_vurderet } expect { y = 0 .. 2 }\n"
        "test \"another set\" { x = ikke_vurderet } expect { y = {0, 1} }\n"
        "test \"one member is a value\" { x = true } expect { y = {2} }\n");
    ASSERT_NE(plan, nullptr);
    const auto outcomes = run_tests(*plan);
    ASSERT_EQ(outcomes.size(), 4u);
    EXPECT_TRUE(outcomes[0].passed());
    ASSERT_EQ(outcomes[1].failures.size(), 1u);
    EXPECT_EQ(outcomes[1].failures[0].expected, "0, 1 eller 2");
    EXPECT_EQ(outcomes[1].failures[0].actual, "0 eller 2");
    ASSERT_EQ(outcomes[2].failures.size(), 1u);
    EXPECT_EQ(outcomes[2].failures[0].expected, "0 eller 1");
    EXPECT_TRUE(outcomes[3].passed());
}

TEST(PlanTest, RuleTestsCanExpectAnInputError) {
    const auto plan = testing::plan_from(
        "input f : date required\ninput d : date required\ndefine a = age(f, d)\noutput a\n"
        "profile base { f = 2000-01-01  d = 2025-01-01 }\n"
        "test \"born after the assessment\" given base { f = 2030-01-01 } expect error on f\n"
        "test \"no error\" given base { } expect error on f\n"
        "test \"another field\" given base { f = 2030-01-01 } expect error on d\n"
        "test \"an error not expected\" given base { f = 2030-01-01 } expect { a = 0 }\n");
    ASSERT_NE(plan, nullptr);
    const auto outcomes = run_tests(*plan);
    ASSERT_EQ(outcomes.size(), 4u);
    EXPECT_TRUE(outcomes[0].passed());
    ASSERT_EQ(outcomes[1].failures.size(), 1u);
    EXPECT_EQ(outcomes[1].failures[0].expected, "an input error on 'f'");
    EXPECT_EQ(outcomes[1].failures[0].actual, "no input error; the profile was evaluated");
    ASSERT_EQ(outcomes[2].failures.size(), 1u);
    EXPECT_NE(outcomes[2].failures[0].actual.find("field 'f'"), std::string::npos) << outcomes[2].failures[0].actual;
    EXPECT_FALSE(outcomes[3].passed());
    EXPECT_NE(outcomes[3].error.find("field 'f'"), std::string::npos) << outcomes[3].error;
    const std::string text = report(outcomes, plan->rules().sources);
    EXPECT_NE(text.find("1 passed, 3 failed"), std::string::npos) << text;
}

}  // namespace
}  // namespace trappe
