// Progress: a bar on a terminal, a log line elsewhere, nothing when quiet, and
// never a value from a row.

#include <filesystem>
#include <sstream>
#include <vector>

#include "cli/progress.hpp"
#include "cli/run_cli.hpp"
#include "test_support.hpp"

namespace trappe {
namespace {

using testing::run;
using testing::temp_path;

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t i = text.find(what); i != std::string::npos; i = text.find(what, i + 1)) ++n;
    return n;
}

TEST(ProgressTest, ATerminalGetsABarWithRowsRateAndTimeLeft) {
    std::ostringstream out;
    cli::progress_meter meter("batch", false, 0, 1000, out, true);
    meter.update(50, 500);
    const std::string bar = out.str();
    EXPECT_EQ(bar.rfind("\r\x1b[K[############------------]  50%  50 rows, ", 0), 0u) << bar;
    EXPECT_NE(bar.find(" rows/s, about "), std::string::npos) << bar;
    EXPECT_EQ(bar.substr(bar.size() - 7), " s left") << bar;
    EXPECT_EQ(bar.find('\n'), std::string::npos) << "the bar is redrawn in place";
    meter.update(100, 1000);
    EXPECT_NE(out.str().find("[########################] 100%  100 rows, "), std::string::npos) << out.str();
    meter.finish();
    EXPECT_EQ(out.str().substr(out.str().size() - 4), "\r\x1b[K") << "finish clears the line for the summary";
}

TEST(ProgressTest, ElsewhereALineEveryFewSecondsWithTheSameFigures) {
    std::ostringstream out;
    cli::progress_meter meter("eval", false, 0, 1000, out, false);
    meter.update(50, 250);
    meter.update(100, 500);
    const std::string text = out.str();
    EXPECT_EQ(count(text, "\n"), 2u) << text;
    EXPECT_EQ(text.rfind("trappe eval: progress: 50 rows, ", 0), 0u) << text;
    EXPECT_NE(text.find(" rows/s, 25% of the input, about "), std::string::npos) << text;
    EXPECT_NE(text.find("trappe eval: progress: 100 rows, "), std::string::npos) << text;
    EXPECT_NE(text.find(" rows/s, 50% of the input, about "), std::string::npos) << text;

    std::ostringstream later;
    cli::progress_meter slow("eval", false, 3600, 1000, later, false);
    slow.update(50, 500);
    EXPECT_EQ(later.str(), "") << "not before the interval has passed";
}

TEST(ProgressTest, QuietPrintsNothing) {
    for (const bool terminal : {true, false}) {
        std::ostringstream out;
        cli::progress_meter meter("batch", true, 0, 1000, out, terminal);
        meter.update(50, 500);
        meter.finish();
        EXPECT_EQ(out.str(), "");
    }
}

// The lines of `text` that start with `prefix`.
std::vector<std::string> lines_starting(const std::string& text, const std::string& prefix) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (line.rfind(prefix, 0) == 0) out.push_back(line);
    return out;
}

TEST(ProgressTest, EvalLogsProgressWhenReadingAFileAndNoneWhenQuiet) {
    const std::string in = temp_path("eval_progress.csv");
    ASSERT_EQ(run("synth --n 10000 --seed 3 --out " + in).exit_code, 0);
    const std::string base = "eval rules/roskilde-2025 " + in + " --json --progress-seconds 0";
    auto r = run(base);
    EXPECT_EQ(r.exit_code, 0) << r.out.substr(0, 2000);
    // Read in pieces of 4096 rows: a line after each.
    const std::vector<std::string> progress = lines_starting(r.out, "trappe eval: progress: ");
    ASSERT_EQ(progress.size(), 3u) << r.out.substr(0, 2000);
    EXPECT_EQ(progress[0].rfind("trappe eval: progress: 4096 rows, ", 0), 0u) << progress[0];
    EXPECT_NE(progress[0].find(" rows/s, "), std::string::npos) << progress[0];
    EXPECT_NE(progress[0].find("% of the input, about "), std::string::npos) << progress[0];
    EXPECT_EQ(progress[2].rfind("trappe eval: progress: 10000 rows, ", 0), 0u) << progress[2];
    EXPECT_NE(progress[2].find(" rows/s, 100% of the input, about 0 s left"), std::string::npos) << progress[2];
    for (const std::string& line : progress)
        EXPECT_EQ(line.find("syn-"), std::string::npos) << "progress must never show a value from a row: " << line;
    r = run(base + " --quiet");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_TRUE(lines_starting(r.out, "trappe eval: progress").empty());
    EXPECT_NE(r.out.find("10000 rows: 10000 evaluated, 0 with errors"), std::string::npos);
    std::filesystem::remove(in);
}

}  // namespace
}  // namespace trappe
