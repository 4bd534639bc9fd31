// Golden files: each folder under tests/golden/diagnostics is a rule pack with
// mistakes, and `expected.txt` holds the exact report `trappe check` prints.
// Set TRAPPE_UPDATE_GOLDEN=1 to rewrite the expected files after a deliberate change.

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "test_support.hpp"

namespace trappe {
namespace {

namespace fs = std::filesystem;

class GoldenDiagnosticsTest : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenDiagnosticsTest, MatchesExpectedReport) {
    const std::string dir = "tests/golden/diagnostics/" + GetParam();
    const check_result r = check_rules(dir);
    EXPECT_FALSE(r.ok());
    const std::string actual = r.report();
    const std::string expected_path = dir + "/expected.txt";
    if (std::getenv("TRAPPE_UPDATE_GOLDEN") != nullptr) std::ofstream(expected_path, std::ios::binary) << actual;
    EXPECT_EQ(actual, testing::read_file(expected_path));
}

INSTANTIATE_TEST_SUITE_P(Packs, GoldenDiagnosticsTest,
                         ::testing::Values("syntax_error", "unknown_name", "type_mismatch", "cycle_two_files",
                                           "duplicate_definition", "table_gap", "too_deep", "many_errors_one_line",
                                           "not_rules", "not_utf8", "byte_order_mark", "import_refused",
                                           "extern_not_defined", "period_errors", "cycle_no_follow_on",
                                           "match_missing_values", "duplicate_import", "import_did_you_mean",
                                           "test_blocks", "property_errors", "property_syntax"));

// Packs that check, with warnings (lints): the same report, and a program.
class GoldenWarningsTest : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenWarningsTest, MatchesExpectedReport) {
    const std::string dir = "tests/golden/diagnostics/" + GetParam();
    const check_result r = check_rules(dir);
    EXPECT_TRUE(r.ok()) << r.report();
    const std::string actual = r.report();
    const std::string expected_path = dir + "/expected.txt";
    if (std::getenv("TRAPPE_UPDATE_GOLDEN") != nullptr) std::ofstream(expected_path, std::ios::binary) << actual;
    EXPECT_EQ(actual, testing::read_file(expected_path));
}

INSTANTIATE_TEST_SUITE_P(Packs, GoldenWarningsTest, ::testing::Values("missing_cites"));

}  // namespace
}  // namespace trappe
