// Runs the `trappe` executable as a user would.

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>

#include "test_support.hpp"

namespace trappe {
namespace {

struct run_result {
    int exit_code = -1;
    std::string out;  // stdout and stderr
};

run_result run(const std::string& args) {
    run_result r;
    const std::string command = std::string(TRAPPE_CLI) + " " + args + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return r;
    std::array<char, 4096> buffer{};
    std::size_t n = 0;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) r.out.append(buffer.data(), n);
    const int status = pclose(pipe);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t i = text.find(what); i != std::string::npos; i = text.find(what, i + 1)) ++n;
    return n;
}

TEST(CliTest, CheckSucceedsOnTheShippedPack) {
    const run_result r = run("check rules/roskilde-2025");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("roskilde-2025: ok"), std::string::npos) << r.out;
}

TEST(CliTest, CheckFailsWithDiagnostics) {
    const run_result r = run("check tests/golden/diagnostics/cycle_two_files");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find("error: dependency cycle: a → b → c → a"), std::string::npos) << r.out;
}

TEST(CliTest, EvalPrintsOneJsonLinePerProfile) {
    const run_result r = run("eval rules/roskilde-2025 examples/profiles/worked-examples.jsonl --json");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_EQ(count(r.out, "{\"row\":"), 5u) << r.out;
    EXPECT_NE(r.out.find("\"trin\":3"), std::string::npos);
    EXPECT_NE(r.out.find("\"trin\":{\"from\":0,\"to\":2,\"depends_on\":[\"relationer\"]}"), std::string::npos) << r.out;
}

TEST(CliTest, EvalPrintsReadableDecisions) {
    const run_result r = run("eval rules/roskilde-2025 examples/profiles/worked-examples.jsonl");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("Anbefalet trin: 3 (støtte i eget hjem)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Anbefalet trin: 5 (længerevarende botilbud)"), std::string::npos) << r.out;
}

TEST(CliTest, EvalReportsBadRowsAndEvaluatesTheRest) {
    const std::string path = (std::filesystem::temp_directory_path() / "trappe_cli_bad_rows.jsonl").string();
    std::string lines = testing::read_file("examples/profiles/worked-examples.jsonl");
    const std::string first = lines.substr(0, lines.find('\n'));
    std::string bad = first;
    bad.replace(bad.find("\"egenomsorg\": 1"), 15, "\"egenomsorg\": 7");
    std::ofstream(path) << first << "\n" << bad << "\n" << first << "\n";
    const run_result r = run("eval rules/roskilde-2025 " + path + " --json");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(count(r.out, "\"outputs\""), 2u) << r.out;
    EXPECT_NE(r.out.find("row 2, field 'egenomsorg': level out of range 0..4"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("3 rows: 2 evaluated, 1 with errors"), std::string::npos) << r.out;
    std::filesystem::remove(path);
}

TEST(CliTest, TestRunsTheRuleTests) {
    const run_result r = run("test rules/roskilde-2025");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find(" passed, 0 failed"), std::string::npos) << r.out;
}

TEST(CliTest, UnknownCommandIsAUsageError) {
    EXPECT_EQ(run("frobnicate").exit_code, 2);
    EXPECT_EQ(run("eval rules/roskilde-2025").exit_code, 2);
}

}  // namespace
}  // namespace trappe
