// Exactness of the cheap cases of the unknown-value semantics (design.md).

#include "test_support.hpp"

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

}  // namespace
}  // namespace trappe

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
