// Profile files hold personal data: given where the rules belong (swapped
// arguments, a CSV by mistake), nothing of them may reach the output.

#include <filesystem>
#include <fstream>

#include "cli/run_cli.hpp"
#include "test_support.hpp"

namespace trappe {
namespace {

using testing::run;
using testing::run_result;
using testing::temp_path;

// Fails for every run of `n` bytes of `secret` that the output repeats.
void expect_nothing_of(const std::string& secret, const run_result& r, const std::string& what, std::size_t n = 6) {
    std::size_t leaks = 0;
    for (std::size_t i = 0; i + n <= secret.size(); ++i) {
        const std::string piece = secret.substr(i, n);
        if (piece.find('\n') == std::string::npos && r.out.find(piece) != std::string::npos && ++leaks <= 3)
            ADD_FAILURE() << what << " repeats '" << piece << "' from the profile file:\n" << r.out;
    }
}

const char* const csv_profiles =
    "borger_id,foedselsdato,navn,praktiske_opgaver\n"
    "0101904321,1990-01-01,Karen Hansen,2\n"
    "1212854321,1985-12-12,Jens Jensen,3\n";

const char* const commands[] = {"check {}", "eval {} rules/roskilde-2025", "test {}",
                                "explain {} examples/profiles/worked-examples.jsonl --row 1",
                                "batch {} --in examples/profiles/worked-examples.jsonl --out /dev/null"};

std::string command_for(const std::string& pattern, const std::string& file) {
    std::string c = pattern;
    c.replace(c.find("{}"), 2, file);
    return c;
}

void expect_refused_and_unquoted(const std::string& file, const std::string& message) {
    const std::string content = testing::read_file(file);
    for (const char* pattern : commands) {
        const run_result r = run(command_for(pattern, file));
        EXPECT_NE(r.exit_code, 0) << pattern;
        EXPECT_NE(r.out.find(message), std::string::npos) << pattern << "\n" << r.out;
        expect_nothing_of(content, r, pattern);
    }
}

TEST(PrivacyTest, SwappedEvalArgumentsShowNothingOfTheProfiles) {
    const std::string profiles = "examples/profiles/worked-examples.jsonl";
    const run_result r = run("eval " + profiles + " rules/roskilde-2025");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.out, profiles + ":1:1: error: this does not look like a rule file (did you swap the rules and the "
                                "profiles?)\n1 error, 0 warnings\n");
    expect_refused_and_unquoted(profiles, "did you swap the rules and the profiles?");
}

TEST(PrivacyTest, ACsvGivenAsRulesShowsNothingOfIt) {
    const std::string path = temp_path("profiles_as_rules.csv");
    std::ofstream(path, std::ios::binary) << csv_profiles;
    expect_refused_and_unquoted(path, "did you swap the rules and the profiles?");
    std::filesystem::remove(path);
}

TEST(PrivacyTest, AHeaderlessCsvGivenAsRulesShowsNothingOfIt) {
    const std::string path = temp_path("headerless_as_rules.csv");
    const std::string text = csv_profiles;
    std::ofstream(path, std::ios::binary) << text.substr(text.find('\n') + 1);
    expect_refused_and_unquoted(path, "did you swap the rules and the profiles?");
    std::filesystem::remove(path);
}

TEST(PrivacyTest, ALatin1CsvGivenAsRulesShowsNothingOfIt) {
    const std::string path = temp_path("latin1_as_rules.csv");
    std::ofstream(path, std::ios::binary) << "S\xF8ren S\xF8rensen,0101904321,1990-01-01\n";
    expect_refused_and_unquoted(path, "this byte is not valid UTF-8");
    std::filesystem::remove(path);
}

}  // namespace
}  // namespace trappe
