// Runs the `trappe` executable as a user would.

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
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
    EXPECT_NE(r.out.find("row 2, field 'egenomsorg': value out of range 0..4"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("3 rows: 2 evaluated, 1 with errors"), std::string::npos) << r.out;
    std::filesystem::remove(path);
}

TEST(CliTest, TestRunsTheRuleTests) {
    const run_result r = run("test rules/roskilde-2025");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find(" passed, 0 failed"), std::string::npos) << r.out;
}

std::string temp_path(const std::string& name) {
    return (std::filesystem::temp_directory_path() / ("trappe_cli_" + name)).string();
}

std::size_t line_count(const std::string& path) { return count(testing::read_file(path), "\n"); }

TEST(CliTest, SynthIsDeterministicPerSeed) {
    const std::string a = temp_path("synth_a.csv"), b = temp_path("synth_b.csv"), c = temp_path("synth_c.csv");
    ASSERT_EQ(run("synth --n 3000 --seed 4 --out " + a).exit_code, 0);
    ASSERT_EQ(run("synth --n 3000 --seed 4 --out " + b).exit_code, 0);
    ASSERT_EQ(run("synth --n 3000 --seed 5 --out " + c).exit_code, 0);
    EXPECT_EQ(testing::read_file(a), testing::read_file(b));
    EXPECT_NE(testing::read_file(a), testing::read_file(c));
    EXPECT_EQ(line_count(a), 3001u);
    for (const auto& f : {a, b, c}) std::filesystem::remove(f);
}

TEST(CliTest, BatchWritesEveryGoodRowAndReportsEveryBadOne) {
    const std::string in = temp_path("batch_in.csv"), out = temp_path("batch_out.csv"), errors = temp_path("batch_err.csv");
    ASSERT_EQ(run("synth --n 5000 --seed 8 --out " + in).exit_code, 0);
    // Break row 5 (a level out of range) and row 9 (an invalid date), by column.
    std::string text = testing::read_file(in);
    std::vector<std::string> lines;
    for (std::size_t at = 0, next; at < text.size(); at = next + 1) {
        next = text.find('\n', at);
        lines.push_back(text.substr(at, next - at));
    }
    const auto set_field = [](std::string& line, std::size_t column, const std::string& value) {
        std::size_t begin = 0;
        for (std::size_t c = 0; c < column; ++c) begin = line.find(',', begin) + 1;
        line.replace(begin, line.find(',', begin) - begin, value);
    };
    set_field(lines[5], 3, "7");            // praktiske_opgaver
    set_field(lines[9], 1, "1990-02-31");   // foedselsdato
    std::ofstream rewrite(in, std::ios::binary);
    for (const std::string& l : lines) rewrite << l << "\n";
    rewrite.close();

    const run_result r = run("batch rules/roskilde-2025 --in " + in + " --out " + out + " --errors " + errors);
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_NE(r.out.find("5000 rows: 4998 written, 2 with errors"), std::string::npos) << r.out;
    EXPECT_EQ(line_count(out), 1u + 4998u);
    const std::string err = testing::read_file(errors);
    EXPECT_NE(err.find("\n9,foedselsdato,expected a date as YYYY-MM-DD\n"), std::string::npos) << err;
    EXPECT_NE(err.find("\n5,praktiske_opgaver,value out of range 0..4\n"), std::string::npos) << err;
    EXPECT_EQ(err.find("1990-02-31"), std::string::npos) << "errors must not repeat profile values";
    EXPECT_FALSE(std::filesystem::exists(out + ".partial"));
    for (const auto& f : {in, out, errors}) std::filesystem::remove(f);
}

TEST(CliTest, BatchReadsAndWritesJsonLines) {
    const std::string out = temp_path("batch_out.jsonl");
    const run_result r = run("batch rules/roskilde-2025 --in examples/profiles/worked-examples.jsonl --out " + out);
    EXPECT_EQ(r.exit_code, 0) << r.out;
    const std::string text = testing::read_file(out);
    EXPECT_EQ(count(text, "\n"), 5u);
    EXPECT_NE(text.find("\"borger_id\":\"eksempel-A\",\"outputs\":{\"trin\":3,"), std::string::npos) << text;
    EXPECT_NE(text.find("\"trin\":{\"from\":0,\"to\":2}"), std::string::npos) << text;
    std::filesystem::remove(out);
}

TEST(CliTest, BatchKilledMidwayLeavesNoOutputUnderTheFinalName) {
    const std::string in = temp_path("batch_big.csv"), out = temp_path("batch_big_out.csv");
    ASSERT_EQ(run("synth --n 600000 --seed 1 --out " + in).exit_code, 0);
    std::filesystem::remove(out);
    const std::string command = "sh -c '" + std::string(TRAPPE_CLI) + " batch rules/roskilde-2025 --in " + in +
                                " --out " + out + " --errors /dev/null & pid=$!; sleep 0.3; kill -9 $pid; wait $pid' 2>/dev/null";
    [[maybe_unused]] const int status = std::system(command.c_str());
    EXPECT_FALSE(std::filesystem::exists(out)) << "a killed run must not leave a file under the final name";
    std::filesystem::remove(in);
    std::filesystem::remove(out + ".partial");
}

TEST(CliTest, UnknownCommandIsAUsageError) {
    EXPECT_EQ(run("frobnicate").exit_code, 2);
    EXPECT_EQ(run("eval rules/roskilde-2025").exit_code, 2);
    const run_result bad_row = run("explain rules/roskilde-2025 examples/profiles/worked-examples.jsonl --row 2x");
    EXPECT_EQ(bad_row.exit_code, 2);
    EXPECT_NE(bad_row.out.find("--row needs a whole number"), std::string::npos) << bad_row.out;
}

}  // namespace
}  // namespace trappe
