// Exactness of the cheap cases of the unknown-value semantics (design.md).

#include "test_support.hpp"
#include "trappe/eval/format.hpp"

namespace trappe {
namespace {

using testing::point;

constexpr const char* rules = R"(
type niveau = level 0..4
type sb = enum { intet, let, moderat, hoejt }
input b : bool
input n : niveau
input m : niveau
input s : sb
define false_and = false and b
define true_or = true or b
define true_and = true and b
define max_ge = max(2, n) >= 2
define max_range = max(m, n)
define counted = count(b, true, false, n >= 1)
define membership = s in {let, moderat}
define branch = if b then 1 else 1
define picked = if b then 1 else 2
define assessed = known(n)
define sum = n + m
output false_and, true_or, true_and, max_ge, max_range, counted, membership, branch, picked, assessed, sum
)";

class UnknownValuesTest : public ::testing::Test {
protected:
    void SetUp() override {
        plan_ = testing::plan_from(rules);
        ASSERT_NE(plan_, nullptr);
    }
    value_range eval(const std::string& name, std::function<void(profile&)> assess = {}) {
        profile p(*plan_);  // everything ikke vurderet
        if (assess) assess(p);
        return *testing::evaluate_ok(*plan_, p).value(name);
    }
    std::size_t in(const char* name) { return *plan_->input_index(name); }
    std::shared_ptr<const plan> plan_;
};

TEST_F(UnknownValuesTest, FalseAndUnknownIsFalse) { EXPECT_EQ(eval("false_and"), point(0)); }
TEST_F(UnknownValuesTest, TrueOrUnknownIsTrue) { EXPECT_EQ(eval("true_or"), point(1)); }
TEST_F(UnknownValuesTest, TrueAndUnknownIsUnknown) { EXPECT_EQ(eval("true_and"), (value_range{0, 1})); }
TEST_F(UnknownValuesTest, MaxOfTwoAndUnknownIsAtLeastTwo) { EXPECT_EQ(eval("max_ge"), point(1)); }

TEST_F(UnknownValuesTest, MaxIsAnInterval) {
    EXPECT_EQ(eval("max_range", [&](profile& p) { p.set(in("m"), 3); }), (value_range{3, 4}));
}

TEST_F(UnknownValuesTest, CountIsSurelyToPossibly) {
    EXPECT_EQ(eval("counted"), (value_range{1, 3}));
    EXPECT_EQ(eval("counted", [&](profile& p) { p.set(in("n"), 0); }), (value_range{1, 2}));
}

TEST_F(UnknownValuesTest, MembershipIsDefiniteWhenEveryValueAgrees) {
    EXPECT_EQ(eval("membership"), (value_range{0, 1}));
    EXPECT_EQ(eval("membership", [&](profile& p) { p.set(in("s"), 2); }), point(1));
    EXPECT_EQ(eval("membership", [&](profile& p) { p.set(in("s"), 3); }), point(0));
}

TEST_F(UnknownValuesTest, UnknownConditionJoinsBothBranches) {
    EXPECT_EQ(eval("branch"), point(1));
    EXPECT_EQ(eval("picked"), (value_range{1, 2}));
}

TEST_F(UnknownValuesTest, KnownIsAlwaysDefinite) {
    EXPECT_EQ(eval("assessed"), point(0));
    EXPECT_EQ(eval("assessed", [&](profile& p) { p.set(in("n"), 0); }), point(1));
}

TEST_F(UnknownValuesTest, ArithmeticOnIntervals) { EXPECT_EQ(eval("sum"), (value_range{0, 8})); }

TEST_F(UnknownValuesTest, NamesOnlyTheUnassessedInputsThatMatter) {
    profile p(*plan_);
    p.set(in("m"), 3);
    const decision d = testing::evaluate_ok(*plan_, p);
    const symbol_id sum = *plan_->rules().find("sum");
    ASSERT_EQ(d.depends_on(sum).size(), 1u);
    EXPECT_EQ(plan_->rules().symbols[d.depends_on(sum)[0]].name, "n");
    EXPECT_TRUE(d.depends_on(*plan_->rules().find("false_and")).empty());
}


namespace trappe {
namespace {

// Arithmetic saturates at the integer type's bounds: no overflow, on points or intervals.
TEST(ArithmeticTest, SaturatesInsteadOfOverflowing) {
    const auto plan = testing::plan_from(
        "input n : integer\ndefine square = n * n\ndefine sum = n + n\ndefine negative = -n - n\n"
        "output square, sum, negative\n");
    ASSERT_NE(plan, nullptr);
    profile in(*plan);
    in.set(*plan->input_index("n"), INT64_MAX / 4);
    const decision big = testing::evaluate_ok(*plan, in);
    EXPECT_EQ(*big.value("square"), testing::point(INT64_MAX / 4));
    EXPECT_EQ(*big.value("sum"), testing::point(INT64_MAX / 4));
    EXPECT_EQ(*big.value("negative"), testing::point(-(INT64_MAX / 4)));
    in.set_unassessed(*plan->input_index("n"));
    const decision unknown = testing::evaluate_ok(*plan, in);
    // An unbounded integer has too many values to split on: a sound interval, not exact.
    EXPECT_EQ(*unknown.value("square"), (value_range{-(INT64_MAX / 4), INT64_MAX / 4, 0, false}));
}

}  // namespace
}  // namespace trappe

// Exact possible values: an undetermined result is split on the unassessed inputs
// it depends on, so correlations the intervals lose are kept (docs/language.md,
// "Exact possible values").
constexpr const char* correlated = R"(
type niveau = level 0..4
type sb = enum { intet, let, moderat, hoejt, fuldstaendigt }
input a : niveau
input b : niveau
input c : niveau
input d : niveau
input e : niveau
input j : bool
input dato : date
define graded : sb = first
  S1: a >= 3 -> fuldstaendigt
  S2: a = 2  -> moderat
  otherwise  -> intet
define never = a >= 3 and a < 2
define twice : integer 0..9 = if j then (if j then 1 else 2) else 3
define many = count(a >= 2, b >= 2, c >= 2, d >= 2, e >= 2) >= 5 and not (a >= 2)
define later = add_days(dato, 1)
output graded, never, twice, many, later
)";

class ExactValuesTest : public ::testing::Test {
protected:
    void SetUp() override {
        plan_ = testing::plan_from(correlated);
        ASSERT_NE(plan_, nullptr);
    }
    decision eval() const {
        profile p(*plan_);  // everything ikke vurderet
        return testing::evaluate_ok(*plan_, p);
    }
    std::shared_ptr<const plan> plan_;
};

TEST_F(ExactValuesTest, FirstListKeepsOnlyTheValuesSomeAssessmentGives) {
    const value_range v = *eval().value("graded");
    EXPECT_EQ(v, (value_range{0, 4, 0b10101}));  // intet, moderat, fuldstaendigt: never let or hoejt
    EXPECT_TRUE(v.contains(2));
    EXPECT_FALSE(v.contains(1));
    EXPECT_FALSE(v.contains(3));
}

TEST_F(ExactValuesTest, ContradictionOnOneUnknownIsDetermined) {
    const decision d = eval();
    EXPECT_EQ(*d.value("never"), point(0));
    EXPECT_TRUE(d.depends_on(*d.rules().find("never")).empty());
    EXPECT_EQ(*d.value("twice"), (value_range{1, 3, 0b101}));
}

TEST_F(ExactValuesTest, BeyondTheBudgetStaysSoundAndIsMarked) {
    // Five unassessed levels (3,125 completions) are more inputs than a split takes:
    // the interval {false, true} is kept although `many` is always false.
    EXPECT_EQ(*eval().value("many"), (value_range{0, 1, 0, false}));
    // A date is an interval, and too wide to split on.
    const value_range later = *eval().value("later");
    EXPECT_FALSE(later.exact);
    EXPECT_EQ(later.mask, 0u);
}

TEST_F(ExactValuesTest, JsonAndTextListThePossibleValues) {
    const decision d = eval();
    const std::string json = to_json(d);
    EXPECT_NE(json.find(R"("graded":{"one_of":["intet","moderat","fuldstaendigt"],"depends_on":["a"]})"), std::string::npos) << json;
    EXPECT_NE(json.find(R"("twice":{"one_of":[1,3],"depends_on":["j"]})"), std::string::npos) << json;
    EXPECT_NE(json.find(R"("many":{"one_of":[false,true],"depends_on":["a","b","c","d","e"],"exact":false})"), std::string::npos) << json;
    EXPECT_NE(json.find(R"("later":{"from":")"), std::string::npos) << json;
    const std::string text = to_text(d);
    EXPECT_NE(text.find("graded: intet, moderat eller fuldstaendigt (afhænger af: a)"), std::string::npos) << text;
    EXPECT_NE(text.find("many: ja eller nej (ikke præcist afgrænset)"), std::string::npos) << text;
}

}  // namespace
}  // namespace trappe
