// The three error channels of the C++ API (README, "Errors"): rule mistakes are
// diagnostics, bad rows are values, misuse and I/O failures are the two exception types.

#include "test_support.hpp"

namespace trappe {
namespace {

TEST(ErrorModelTest, RuleMistakesAreDiagnosticsNotExceptions) {
    check_result r;
    EXPECT_NO_THROW(r = check_sources({{"bad.trappe", "input a : integer\ndefine x = a +\noutput x\n"}}));
    EXPECT_FALSE(r.ok());
    EXPECT_NE(r.report().find("bad.trappe:2:"), std::string::npos) << r.report();
    EXPECT_NO_THROW(r = check_rules("rules/no-such-pack"));
    EXPECT_FALSE(r.ok());
}

TEST(ErrorModelTest, ABadRowIsAValue) {
    const auto plan = testing::roskilde();
    std::vector<profile_row> rows;
    EXPECT_NO_THROW(rows = read_json_profiles(*plan, "{\"egenomsorg\": 9}\nnot json\n"));
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_FALSE(rows[0].values.has_value());
    EXPECT_FALSE(rows[1].values.has_value());
    EXPECT_EQ(rows[1].errors.at(0).row, 2u);
}

TEST(ErrorModelTest, MisuseIsAMisuseError) {
    const auto plan = testing::roskilde();
    const auto other = testing::plan_from("input x : bool\noutput x\n");
    EXPECT_THROW((void)evaluate(*plan, profile(*other)), misuse_error);
    EXPECT_THROW((void)compile(check_rules("rules/roskilde-2025").checked, {{"no_such_parameter", 1}}), misuse_error);
    EXPECT_THROW((void)evaluate_batch(*plan, 1, {}, {}, nullptr), misuse_error);
}

TEST(ErrorModelTest, AFileThatCannotBeReadIsAnIoError) {
    const auto plan = testing::roskilde();
    EXPECT_THROW((void)read_profiles(*plan, "no/such/profiles.jsonl"), io_error);
    EXPECT_THROW((void)read_profiles(*plan, "rules"), io_error);
    EXPECT_THROW((void)read_csv_profiles(*plan, "a,b\n1,2\n"), io_error);
}

}  // namespace
}  // namespace trappe
