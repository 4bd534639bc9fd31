// Every subcommand's command line: --help, unknown options named, wrong usage exit 2.

#include <filesystem>

#include "cli/options.hpp"
#include "cli/run_cli.hpp"
#include "test_support.hpp"

namespace trappe {
namespace {

using testing::run;
using testing::temp_path;

const char* const commands[] = {"check", "eval", "test", "explain", "batch", "synth", "serve"};

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
        {"serve", "expects at least 1 argument, got 0"},
        {"serve rules/roskilde-2025 --port 70000", "--port needs a number up to 65535"},
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

TEST(CliOptionsTest, RepeatableOptionsKeepEveryValueInOrder) {
    const cli::command_spec spec{"eval", "usage", {"--json"}, {"--as-of"}, 0, 2, {"--set"}};
    const cli::command_line line =
        cli::parse_command_line(spec, {"--set", "a=1", "r", "--json", "--set", "b=x=y", "--set", "a=2"});
    EXPECT_EQ(line.all("--set"), (std::vector<std::string>{"a=1", "b=x=y", "a=2"}));
    EXPECT_TRUE(line.all("--other").empty());
    EXPECT_EQ(line.positional, std::vector<std::string>{"r"});
    EXPECT_THROW((void)cli::parse_command_line(spec, {"--set"}), cli::usage_error);  // no value
    EXPECT_THROW((void)cli::parse_command_line(spec, {"--as-of", "x", "--as-of", "y"}), cli::usage_error);
}

const char* const examples = "examples/profiles/worked-examples.jsonl";

TEST(CliOptionsTest, SetOverridesParametersInEvalBatchAndExplain) {
    // Example A is at step 3 through § 85 (støttebehov højt); a threshold of
    // fuldstændigt takes § 85 away.
    const std::string set = " --set taerskel_85=fuldstaendigt --set opfoelgning_85=6 --quiet";
    auto r = run(std::string("eval rules/roskilde-2025 ") + examples + " --json" + set);
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find(R"("row":1,)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(R"("outputs":{"trin":2,"stoettebehov":"hoejt")"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find(R"("outputs":{"trin":3,"stoettebehov":"hoejt")"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(R"("parameters":{"opfoelgning_85":6,"taerskel_85":"fuldstaendigt"})"), std::string::npos) << r.out;

    const std::string out = temp_path("set_out.jsonl");
    r = run(std::string("batch rules/roskilde-2025 --in ") + examples + " --out " + out + set);
    EXPECT_EQ(r.exit_code, 0) << r.out;
    const std::string lines = testing::read_file(out);
    EXPECT_NE(lines.find(R"("row":1,"borger_id":"eksempel-A","outputs":{"trin":2,)"), std::string::npos) << lines;
    EXPECT_NE(lines.find(R"("parameters":{"opfoelgning_85":6,"taerskel_85":"fuldstaendigt"})"), std::string::npos);
    std::filesystem::remove(out);

    r = run(std::string("explain rules/roskilde-2025 ") + examples + " --row 1 --set taerskel_85=fuldstaendigt");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("taerskel_85 = fuldstændigt [ændret for denne beregning]"), std::string::npos) << r.out;
}

TEST(CliOptionsTest, BadSetIsAUsageErrorNamingTheParameterAndItsForm) {
    const std::pair<const char*, const char*> cases[] = {
        {"--set taerskel_58=hoejt", "'taerskel_58' is not a parameter of the rules (they have: s1_daglig, "},
        {"--set taerskel_85=meget",
         "--set: parameter 'taerskel_85': expected one of: intet, let, moderat, hoejt, fuldstaendigt"},
        {"--set s1_daglig=7", "--set: parameter 's1_daglig': value out of range 0..4 (type niveau)"},
        {"--set s1_daglig=x", "--set: parameter 's1_daglig': expected a level 0..4 or its name"},
        {"--set opfoelgning_85=seks", "--set: parameter 'opfoelgning_85': expected a whole number"},
        {"--set taerskel_85", "--set needs NAME=VALUE"},
        {"--set =hoejt", "--set needs NAME=VALUE"},
        {"--set taerskel_85=hoejt --set taerskel_85=let", "--set gives parameter 'taerskel_85' twice"}};
    const std::string out = temp_path("bad_set.jsonl");
    for (const std::string& command :
         {std::string("eval rules/roskilde-2025 ") + examples, std::string("explain rules/roskilde-2025 ") + examples,
          std::string("batch rules/roskilde-2025 --in ") + examples + " --out " + out}) {
        for (const auto& [set, message] : cases) {
            const auto r = run(command + " " + set);
            EXPECT_EQ(r.exit_code, 2) << command << " " << set << ": " << r.out;
            EXPECT_NE(r.out.find(message), std::string::npos) << command << " " << set << ": " << r.out;
            EXPECT_NE(r.out.find("--set NAME=VALUE"), std::string::npos) << "the usage follows: " << r.out;
            EXPECT_EQ(r.out.find("\"row\""), std::string::npos) << "nothing was evaluated: " << r.out;
        }
    }
    EXPECT_FALSE(std::filesystem::exists(out));
}

}  // namespace
}  // namespace trappe
