// Mutated rule text must give diagnostics, never an exception or a crash. A small,
// deterministic stand-in until the fuzzing work: it deletes, duplicates and swaps
// slices of the shipped rule files and checks each result.

#include <random>

// GCC 12 reports a false -Wrestrict inside std::string::insert (a known GCC 12 bug).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"
#endif

#include "test_support.hpp"

namespace trappe {
namespace {

std::vector<std::pair<std::string, std::string>> shipped_files() {
    std::vector<std::pair<std::string, std::string>> files;
    for (const char* dir : {"rules/serviceloven", "rules/roskilde-2025"})
        for (const auto& entry : std::filesystem::directory_iterator(dir))
            if (entry.path().extension() == ".trappe")
                files.emplace_back(entry.path().generic_string(), testing::read_file(entry.path().string()));
    std::sort(files.begin(), files.end());
    return files;
}

TEST(RobustnessTest, MutatedRuleFilesGiveDiagnosticsNotCrashes) {
    const auto files = shipped_files();
    ASSERT_GE(files.size(), 5u);
    ASSERT_TRUE(check_sources(files).ok()) << "the unmutated pack must check, or the test exercises only the parser";
    std::mt19937 rng(20251124);
    int reached_plan = 0;
    for (int round = 0; round < 1500; ++round) {
        // Mutate one file of the whole pack (national and local files together), so
        // most mutations get past the names into types, the graph, the plan and the tests.
        auto pack = files;
        std::string& text = pack[rng() % pack.size()].second;
        for (int m = 0; m < 3; ++m) {
            const std::size_t at = rng() % (text.size() + 1);
            const std::size_t length = std::min<std::size_t>(rng() % 40, text.size() - at);
            switch (rng() % 4) {
                case 0: text.erase(at, length); break;                              // delete a slice
                case 1: text.insert(at, text.substr(at, length)); break;            // duplicate it
                case 2: text.insert(at, std::string(1, "{}()=<>-:,\"#.\n"[rng() % 14])); break;  // stray punctuation
                case 3: text.insert(at, std::string(1, static_cast<char>(rng() % 256))); break;  // any byte
            }
        }
        EXPECT_NO_THROW({
            const check_result r = check_sources(pack);
            if (r.ok()) {
                const auto plan = compile(r.checked);
                (void)run_tests(*plan);
                ++reached_plan;
            } else {
                EXPECT_FALSE(r.report().empty());
            }
        }) << "round " << round;
    }
    EXPECT_GT(reached_plan, 100) << "too few mutations got past the checker to exercise the plan and the tests";
}

}  // namespace
}  // namespace trappe
