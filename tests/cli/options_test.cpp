// Every subcommand's command line: --help, unknown options named, wrong usage exit 2.

#include "cli/run_cli.hpp"
#include "test_support.hpp"

namespace trappe {
namespace {

using testing::run;

const char* const commands[] = {"check", "eval", "test", "explain", "batch", "synth"};

TEST(CliOptionsTest, EveryCommandHasHelpOnStdoutWithExitZero) {
    for (const std::string command : commands) {
        const auto r = run(command + " --help 2>/dev/null");
        EXPECT_EQ(r.exit_code, 0) << command << ": " << r.out;
        EXPECT_EQ(r.out.rfind("usage: trappe " + command, 0), 0u) << r.out;
        EXPECT_NE(r.out.find("Exit 0"), std::string::npos) << command << " documents its exit codes";
    }
}

TEST(CliOptionsTest, HelpIsNeverTakenForAPath) {
    const auto r = run("check --help");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out.find("cannot find rules"), std::string::npos) << r.out;
}

TEST(CliOptionsTest, UnknownOptionsAreNamedWithExitTwo) {
    for (const std::string command : commands) {
        const auto r = run(command + " rules/roskilde-2025 --no-such-option");
        EXPECT_EQ(r.exit_code, 2) << command;
        EXPECT_NE(r.out.find("trappe " + command + ": unknown option '--no-such-option'"), std::string::npos) << r.out;
    }
}

TEST(CliOptionsTest, MissingValuesAndArgumentsAreUsageErrors) {
    const std::pair<const char*, const char*> cases[] = {
        {"explain rules/roskilde-2025 examples/profiles/worked-examples.jsonl --row", "--row needs a value"},
        {"check", "expects 1 argument, got 0"},
        {"eval rules/roskilde-2025 examples/profiles/worked-examples.jsonl --as-of 2025-13-01", "--as-of needs a date"},
        {"batch rules/roskilde-2025 --in a.csv", "--in and --out are needed"},
        {"synth --n 5 --n 6 --out x.csv", "--n is given twice"}};
    for (const auto& [args, message] : cases) {
        const auto r = run(args);
        EXPECT_EQ(r.exit_code, 2) << args;
        EXPECT_NE(r.out.find(message), std::string::npos) << args << ": " << r.out;
    }
    // After "--" an argument is a path, even one that looks like an option.
    const auto r = run("check -- --help");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find("cannot find rules '--help'"), std::string::npos) << r.out;
}

TEST(CliOptionsTest, VersionIsTheProjectVersion) {
    const auto r = run("--version");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out, std::string("trappe ") + version_string + "\n");
}

}  // namespace
}  // namespace trappe
