// The expression limits through the whole pipeline: past them a diagnostic with
// file:line:col, at them a pack that checks, compiles, evaluates and explains.
// Runs on the default stack of the test's main thread.

// GCC 12 reports a false -Wrestrict inside std::string concatenation (a known GCC 12 bug).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"
#endif

#include <chrono>
#include <sstream>

#include "test_support.hpp"

namespace trappe {
namespace {

std::string repeat(const std::string& s, std::size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

// A pack whose definition `s` is `body`, with an output that uses it.
std::string pack_with(const std::string& body) {
    return "input a : integer 0..10\ninput b : bool\ndefine s = " + body + "\ndefine t = s > 3\noutput s, t\n";
}

std::vector<std::string> deep_bodies(std::size_t n) {
    return {repeat("(", n) + "a" + repeat(")", n), repeat("if b then 1 else ", n) + "a",
            "if " + repeat("not ", n) + "b then 1 else a", repeat("- ", n) + "a", "a" + repeat(" + 1", n),
            "if b" + repeat(" and b", n) + " then 1 else a"};
}

class DeepRulesTest : public ::testing::TestWithParam<std::size_t> {};

TEST_P(DeepRulesTest, GiveOneDiagnosticWithAPosition) {
    for (const std::string& body : deep_bodies(GetParam())) {
        const check_result r = check_sources({{"deep.trappe", pack_with(body)}});
        ASSERT_FALSE(r.ok()) << body.substr(0, 40);
        ASSERT_EQ(r.diags.error_count(), 1u) << body.substr(0, 40);
        const std::string report = r.report();
        if (pack_with(body).size() > max_rule_file_bytes) {  // 100,000 levels of `if` take 1.7 MB
            EXPECT_EQ(report.rfind("deep.trappe:1:1: error: this file is larger than 1 MiB", 0), 0u) << report;
            continue;
        }
        EXPECT_EQ(report.rfind("deep.trappe:3:", 0), 0u) << report.substr(0, 300);
        EXPECT_NE(report.find("split it into several definitions"), std::string::npos) << report.substr(0, 300);
    }
}

INSTANTIATE_TEST_SUITE_P(Levels, DeepRulesTest, ::testing::Values(10'000, 100'000));

TEST(RuleLimitsTest, ExpressionsAtTheLimitsCheckCompileEvaluateAndExplain) {
    const std::size_t depth = max_expression_depth - 1;  // the outermost expression is a level too
    const std::size_t terms = max_expression_terms;
    // Nesting and a long chain together: the deepest tree the parser lets through.
    const std::string deepest = repeat("(", depth - 1) + "a" + repeat(" + 1", terms - 2) + repeat(")", depth - 1);
    for (const std::string& body : {repeat("(", depth) + "a" + repeat(")", depth),
                                    repeat("if b then 1 else ", depth) + "a",
                                    "if " + repeat("not ", depth - 1) + "b then 1 else a",
                                    "a" + repeat(" + 1", terms - 1), "if b" + repeat(" and b", terms - 1) + " then 1 else a",
                                    deepest}) {
        const auto plan = testing::plan_from(pack_with(body));
        ASSERT_TRUE(plan) << body.substr(0, 40);
        profile in(*plan);
        in.set(*plan->input_index("a"), 2);
        // b is a profile field only where the body reads it (modules: reached inputs only).
        const std::optional<std::size_t> b = plan->input_index("b");
        if (b) in.set(*b, 0);
        (void)testing::evaluate_ok(*plan, in);
        if (b) in.set_unassessed(*b);
        auto explained = explain(*plan, in, {true, true, 3});
        ASSERT_TRUE(std::holds_alternative<explanation>(explained)) << body.substr(0, 40);
        EXPECT_FALSE(to_text(std::get<explanation>(explained)).empty());
        EXPECT_FALSE(to_json(std::get<explanation>(explained)).empty());
        EXPECT_FALSE(to_html(std::get<explanation>(explained)).empty());
    }
}

TEST(RuleLimitsTest, ALongChainOfDefinitionsEachUsingTheNextChecksEvaluatesAndExplains) {
    // Checked on demand, each definition's body would check the next one's first:
    // a recursion as deep as the chain.
    const int n = 10'000;
    std::string text = "input a : integer 0..10\noutput d0\n";
    for (int i = 0; i + 1 < n; ++i) text += "define d" + std::to_string(i) + " = d" + std::to_string(i + 1) + " + a\n";
    text += "define d" + std::to_string(n - 1) + " = a\n";
    const auto plan = testing::plan_from(text);
    ASSERT_TRUE(plan);
    profile in(*plan);
    in.set(*plan->input_index("a"), 1);
    EXPECT_EQ(*testing::evaluate_ok(*plan, in).value("d0"), testing::point(n));
    in.set_unassessed(*plan->input_index("a"));
    EXPECT_TRUE(std::holds_alternative<explanation>(explain(*plan, in)));
}

// The shipped pack without comments, every file joined onto one line.
std::string shipped_pack_on_one_line() {
    std::vector<std::filesystem::path> files;
    for (const char* dir : {"rules/serviceloven", "rules/roskilde-2025"})
        for (const auto& entry : std::filesystem::directory_iterator(dir))
            if (entry.path().extension() == ".trappe") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    std::string out;
    for (const auto& file : files) {
        std::istringstream in(testing::read_file(file.string()));
        for (std::string line; std::getline(in, line);) {
            bool quoted = false;
            for (char c : line) {
                if (c == '"') quoted = !quoted;
                if (c == '#' && !quoted) break;
                out += c;
            }
            out += ' ';
        }
    }
    return out;
}

template <typename F>
double seconds(F&& f) {
    const auto start = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST(RuleLimitsTest, AOneLinePackOf118KilobytesGivesABoundedReportQuickly) {
    const std::string once = shipped_pack_on_one_line();
    std::string text;
    while (text.size() < 118'000) text += once;  // every declaration again: hundreds of duplicates
    check_result r;
    const double took = seconds([&] { r = check_sources({{"rules/roskilde-2025/one-line.trappe", text}}); });
    ASSERT_FALSE(r.ok());
    EXPECT_GT(r.diags.items().size(), 200u);
    const std::string report = r.report();
    EXPECT_LT(report.size(), 64'000u);
    EXPECT_NE(report.find("more (50 are shown per file)"), std::string::npos) << report.substr(report.size() - 300);
    EXPECT_LT(took, 5.0);
}

TEST(RuleLimitsTest, TwentyThousandDefinitionsOnOneLineGiveABoundedReportQuickly) {
    std::string text;
    for (int i = 0; i < 20'000; ++i) text += "define d" + std::to_string(i) + " = e" + std::to_string(i) + " ";
    check_result r;
    const double took = seconds([&] { r = check_sources({{"many.trappe", text}}); });
    EXPECT_EQ(r.diags.error_count(), 20'000u);  // every unknown name is still counted
    std::string report;
    const double rendering = seconds([&] { report = r.report(); });
    EXPECT_LT(report.size(), 64'000u);
    EXPECT_NE(report.find("many.trappe: and 39950 more (50 are shown per file)"), std::string::npos);
    EXPECT_NE(report.find("20000 errors, 20000 warnings"), std::string::npos);
    EXPECT_LT(took + rendering, 5.0);
}

}  // namespace
}  // namespace trappe
