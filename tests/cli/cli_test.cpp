// Runs the `trappe` executable as a user would.

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "cli/run_cli.hpp"
#include "test_support.hpp"

namespace trappe {
namespace {

using testing::run;
using testing::run_result;
using testing::temp_path;

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
    EXPECT_EQ(count(r.out, "{\"schema\":\"trappe.decision/1\",\"row\":"), 5u) << r.out;
    EXPECT_NE(r.out.find("\"trin\":3"), std::string::npos);
    EXPECT_NE(r.out.find("\"trin\":{\"one_of\":[0,1,2],\"depends_on\":[\"relationer\"]}"), std::string::npos) << r.out;
}

// The second shipped pack: profiles with only the fields its outputs use, and none of
// the national pack's sel_* reported.
TEST(CliTest, EvalOfTheCrossAuthorityPackNeedsOnlyItsOwnFields) {
    const run_result r = run("eval --json rules/tvaergaende-2025 examples/profiles/tvaergaende-2025.jsonl");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_EQ(count(r.out, "\"outputs\":{\"borger_id\":"), 6u) << r.out;
    EXPECT_EQ(r.out.find("sel_"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("stoettebehov"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\"borger_id\":\"eksempel-F\",\"maalgruppe_tvaergaende\":true,\"antal_udfordringer\":2,"
                         "\"prioritet\":\"ung\",\"sparede_kontakter\":1}"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("\"borger_id\":\"eksempel-H\",\"maalgruppe_tvaergaende\":false"), std::string::npos) << r.out;
    // Example J: undetermined only in antal_udfordringer (how a range is written is the evaluator's).
    EXPECT_NE(r.out.find("\"borger_id\":\"eksempel-J\",\"maalgruppe_tvaergaende\":true,\"antal_udfordringer\":{"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("\"depends_on\":[\"sundhedsudfordring\"]},\"prioritet\":\"ung\",\"sparede_kontakter\":1}"),
              std::string::npos)
        << r.out;
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
    EXPECT_EQ(count(text, "\n"), 6u) << "the manifest, then a line per row";
    EXPECT_EQ(text.rfind("{\"schema\":\"trappe.manifest/1\",", 0), 0u) << text;
    EXPECT_EQ(count(text, "{\"schema\":\"trappe.batch-row/1\",\"row\":"), 5u) << text;
    EXPECT_NE(text.find("\"borger_id\":\"eksempel-A\",\"outputs\":{\"trin\":3,"), std::string::npos) << text;
    EXPECT_NE(text.find("\"trin\":{\"from\":0,\"to\":2}"), std::string::npos) << text;
    std::filesystem::remove(out);
}

TEST(CliTest, BatchKilledMidwayLeavesNoOutputUnderTheFinalName) {
    const std::string in = temp_path("batch_big.csv"), out = temp_path("batch_big_out.jsonl");
    ASSERT_EQ(run("synth --n 600000 --seed 1 --out " + in).exit_code, 0);
    std::filesystem::remove(out);
    // Killed as soon as it writes (its temporary file appears): a fixed sleep lost
    // the race once the batch got fast. One thread and JSON lines keep it running.
    const std::string command = "sh -c '" + std::string(TRAPPE_CLI) + " batch rules/roskilde-2025 --in " + in +
                                " --out " + out + " --errors /dev/null --threads 1 --quiet & pid=$!; " +
                                "n=0; while [ ! -e " + out + ".partial ] && [ $n -lt 2000 ]; do sleep 0.005; n=$((n+1)); done; " +
                                "kill -9 $pid; wait $pid' 2>/dev/null";
    [[maybe_unused]] const int status = std::system(command.c_str());
    EXPECT_FALSE(std::filesystem::exists(out)) << "a killed run must not leave a file under the final name";
    std::filesystem::remove(in);
    std::filesystem::remove(out + ".partial");
}


// Runs trappe with its standard output sent to `stdout_path`; `out` holds stderr only.
run_result run_with_stdout(const std::string& args, const std::string& stdout_path) {
    return run(args + " 2>&1 >" + stdout_path + " #");
}

// A trappe process started without a shell, so that the test can signal it and
// read its peak memory. Its stdout and stderr go to `log_path`.
pid_t spawn_trappe(const std::vector<std::string>& args, const std::string& log_path) {
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&files, 1, 2);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGINT);
    sigaddset(&defaults, SIGTERM);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF);
    std::vector<std::string> all{TRAPPE_CLI};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    const int failed = posix_spawn(&pid, TRAPPE_CLI, &files, &attributes, argv.data(), environ);
    posix_spawn_file_actions_destroy(&files);
    posix_spawnattr_destroy(&attributes);
    return failed == 0 ? pid : -1;
}

struct finished {
    int status = 0;
    long peak_kb = 0;  // the child's peak resident memory
};

finished wait_for(pid_t pid) {
    finished f;
    rusage usage{};
    wait4(pid, &f.status, 0, &usage);
    f.peak_kb = usage.ru_maxrss;
    return f;
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    for (std::size_t at = 0, next; at < text.size(); at = next + 1) {
        next = text.find('\n', at);
        if (next == std::string::npos) next = text.size();
        lines.push_back(text.substr(at, next - at));
    }
    return lines;
}

std::vector<std::string> split_cells(const std::string& line) {
    std::vector<std::string> cells;
    for (std::size_t at = 0;;) {
        const std::size_t comma = line.find(',', at);
        cells.push_back(line.substr(at, comma - at));
        if (comma == std::string::npos) return cells;
        at = comma + 1;
    }
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

TEST(CliTest, BatchWritesOrReportsEveryRowWhenNoRowOfAChunkIsValid) {
    // A one-row file with a bad date: the only chunk has no valid row.
    const std::string in = temp_path("all_bad.csv"), out = temp_path("all_bad_out.csv"), errors = temp_path("all_bad_err.csv");
    const std::string synth = temp_path("all_bad_synth.csv");
    ASSERT_EQ(run("synth --n 3 --seed 2 --out " + synth).exit_code, 0);
    std::vector<std::string> lines = split_lines(testing::read_file(synth));
    std::vector<std::string> cells = split_cells(lines[1]);
    cells[1] = "1990-02-31";
    std::string bad = cells[0];
    for (std::size_t c = 1; c < cells.size(); ++c) bad += "," + cells[c];
    write_file(in, lines[0] + "\n" + bad + "\n");
    run_result r = run("batch rules/roskilde-2025 --in " + in + " --out " + out + " --errors " + errors);
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_NE(r.out.find("1 rows: 0 written, 1 with errors"), std::string::npos) << r.out;
    EXPECT_EQ(testing::read_file(out).substr(0, 14), "row,borger_id,");
    EXPECT_NE(testing::read_file(errors).find("\n1,foedselsdato,"), std::string::npos);

    // A misspelled header: every row is reported, none aborts the run.
    std::string header = lines[0];
    header.replace(header.find("relationer"), 10, "relationen");
    write_file(in, header + "\n" + lines[1] + "\n" + lines[2] + "\n" + lines[3] + "\n");
    r = run("batch rules/roskilde-2025 --in " + in + " --out " + out + " --errors " + errors);
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_NE(r.out.find("3 rows: 0 written, 3 with errors"), std::string::npos) << r.out;
    const std::string err = testing::read_file(errors);
    EXPECT_EQ(count(err, ",relationer,missing field"), 3u) << err;
    for (const auto& f : {in, out, errors, synth}) std::filesystem::remove(f);
}

TEST(CliTest, BatchReportsOneRowForAStrayQuoteAndEvaluatesTheRest) {
    const std::string in = temp_path("stray.csv"), out = temp_path("stray_out.csv"), errors = temp_path("stray_err.csv");
    ASSERT_EQ(run("synth --n 1000 --seed 6 --out " + in).exit_code, 0);
    std::vector<std::string> lines = split_lines(testing::read_file(in));
    lines[11].insert(0, "\"");
    std::string text;
    for (const std::string& l : lines)
        if (!l.empty()) text += l + "\n";
    write_file(in, text);
    const run_result r = run("batch rules/roskilde-2025 --in " + in + " --out " + out + " --errors " + errors);
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_NE(r.out.find("1000 rows: 999 written, 1 with errors"), std::string::npos) << r.out;
    EXPECT_EQ(line_count(out), 1000u);
    EXPECT_NE(testing::read_file(errors).find("\n11,borger_id,unterminated quote"), std::string::npos);
    for (const auto& f : {in, out, errors}) std::filesystem::remove(f);
}

TEST(CliTest, ADirectoryOrSpecialFileAsInputIsRefused) {
    const std::string dir = temp_path("input_dir"), out = temp_path("input_dir_out.jsonl");
    std::filesystem::create_directories(dir);
    std::filesystem::remove(out);
    run_result r = run("batch rules/roskilde-2025 --in " + dir + " --out " + out);
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_NE(r.out.find("is a directory"), std::string::npos) << r.out;
    EXPECT_FALSE(std::filesystem::exists(out));
    r = run("batch rules/roskilde-2025 --in /dev/zero --out " + out);
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_NE(r.out.find("not a regular file"), std::string::npos) << r.out;
    EXPECT_FALSE(std::filesystem::exists(out));
    r = run("eval rules/roskilde-2025 " + dir);
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_NE(r.out.find("is a directory"), std::string::npos) << r.out;
    std::filesystem::remove(dir);
}

TEST(CliTest, BatchRefusesOutputsThatAreTheInputOrEachOther) {
    const std::string in = temp_path("same_in.csv"), link = temp_path("same_link.csv"), other = temp_path("same_other.csv");
    ASSERT_EQ(run("synth --n 50 --seed 2 --out " + in).exit_code, 0);
    const std::string original = testing::read_file(in);
    std::filesystem::remove(link);
    std::filesystem::remove(other);
    std::filesystem::create_symlink(in, link);
    const std::string respelled = (std::filesystem::path(in).parent_path() / "." / std::filesystem::path(in).filename()).string();
    const std::vector<std::string> cases = {
        "--in " + in + " --out " + other + " --errors " + in,        // errors over the input
        "--in " + in + " --out " + in,                               // output over the input
        "--in " + in + " --out " + link,                             // the input through a symlink
        "--in " + in + " --out " + respelled,                        // the input spelled differently
        "--in " + in + " --out " + other + " --errors " + other,     // errors over the output
        "--in " + in + " --out " + other + " --errors " + respelled, // errors over the input, respelled
    };
    for (const std::string& c : cases) {
        const run_result r = run("batch rules/roskilde-2025 " + c);
        EXPECT_EQ(r.exit_code, 2) << c << "\n" << r.out;
        EXPECT_NE(r.out.find("the same file"), std::string::npos) << c << "\n" << r.out;
        EXPECT_EQ(testing::read_file(in), original) << c;
        EXPECT_FALSE(std::filesystem::exists(other)) << c;
        EXPECT_TRUE(std::filesystem::is_symlink(link)) << c;
    }
    // The partial file of the output must not be the input either.
    const std::string partial_in = temp_path("same_partial.csv.partial");
    std::filesystem::copy_file(in, partial_in, std::filesystem::copy_options::overwrite_existing);
    const run_result r = run("batch rules/roskilde-2025 --in " + partial_in + " --out " + temp_path("same_partial.csv"));
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_EQ(testing::read_file(partial_in), original);
    EXPECT_FALSE(std::filesystem::exists(temp_path("same_partial.csv")));
    for (const auto& f : {in, link, partial_in, temp_path("same_partial.csv")}) std::filesystem::remove(f);
}

TEST(CliTest, AFailedWriteToStandardOutputIsAnErrorNamingTheFile) {
    for (const std::string args : {"eval rules/roskilde-2025 examples/profiles/worked-examples.jsonl --json",
                                   "eval rules/roskilde-2025 examples/profiles/worked-examples.jsonl",
                                   "explain rules/roskilde-2025 examples/profiles/worked-examples.jsonl",
                                   "test rules/roskilde-2025", "check rules/roskilde-2025"}) {
        const run_result r = run_with_stdout(args, "/dev/full");
        EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.out;
        EXPECT_NE(r.out.find("'/dev/full'"), std::string::npos) << args << "\n" << r.out;
        EXPECT_EQ(r.out.find(" evaluated, "), std::string::npos) << args << "\n" << r.out;
    }
}

TEST(CliTest, BatchFailsWhenItsOutputOrErrorsCannotBeWritten) {
    // Written in place: a device is never replaced through a temporary file.
    run_result r = run("batch rules/roskilde-2025 --in examples/profiles/worked-examples.jsonl --out /dev/full");
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_NE(r.out.find("'/dev/full'"), std::string::npos) << r.out;
    EXPECT_FALSE(std::filesystem::exists("/dev/full.partial"));
    const std::string in = temp_path("full_in.jsonl"), out = temp_path("full_out.jsonl");
    write_file(in, "{\"borger_id\": 1}\n");
    r = run("batch rules/roskilde-2025 --in " + in + " --out " + out + " --errors /dev/full");
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_NE(r.out.find("'/dev/full'"), std::string::npos) << r.out;
    EXPECT_FALSE(std::filesystem::exists(out)) << "a failed run must not leave an output";
    EXPECT_FALSE(std::filesystem::exists(out + ".partial"));
    std::filesystem::remove(in);
}

TEST(CliTest, BatchInterruptedBySigintOrSigtermLeavesNoPartialFile) {
    const std::string in = temp_path("signal_in.csv"), out = temp_path("signal_out.csv"), log = temp_path("signal.log");
    ASSERT_EQ(run("synth --n 2000000 --seed 3 --out " + in).exit_code, 0);
    for (const int signal : {SIGINT, SIGTERM}) {
        std::filesystem::remove(out);
        std::filesystem::remove(out + ".partial");
        const pid_t pid = spawn_trappe({"batch", "rules/roskilde-2025", "--in", in, "--out", out, "--errors", "/dev/null"}, log);
        ASSERT_GT(pid, 0);
        // Wait until decisions are being written, then interrupt.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        std::error_code ec;
        while (std::filesystem::file_size(out + ".partial", ec) == 0 || ec) {
            if (std::chrono::steady_clock::now() > deadline) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        kill(pid, signal);
        const finished f = wait_for(pid);
        EXPECT_TRUE(WIFEXITED(f.status) && WEXITSTATUS(f.status) != 0) << "signal " << signal << ": " << testing::read_file(log);
        EXPECT_FALSE(std::filesystem::exists(out + ".partial")) << "signal " << signal;
        EXPECT_FALSE(std::filesystem::exists(out)) << "signal " << signal;
        EXPECT_NE(testing::read_file(log).find("interrupted"), std::string::npos) << testing::read_file(log);
    }
    // A partial file that a running batch still writes is not taken for a stale one.
    const pid_t pid = spawn_trappe({"batch", "rules/roskilde-2025", "--in", in, "--out", out, "--errors", "/dev/null"}, log);
    ASSERT_GT(pid, 0);
    while (!std::filesystem::exists(out + ".partial")) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    const run_result second = run("batch rules/roskilde-2025 --in " + in + " --out " + out + " --errors /dev/null");
    EXPECT_EQ(second.exit_code, 2) << second.out;
    EXPECT_NE(second.out.find("another trappe run is writing"), std::string::npos) << second.out;
    kill(pid, SIGTERM);
    wait_for(pid);
    EXPECT_FALSE(std::filesystem::exists(out + ".partial"));
    for (const auto& f : {in, log}) std::filesystem::remove(f);
}

TEST(CliTest, BatchReplacesAStalePartialFileFromAKilledRun) {
    const std::string out = temp_path("stale_out.jsonl");
    std::filesystem::remove(out);
    write_file(out + ".partial", "decisions of a run killed with SIGKILL\n");
    const run_result r = run("batch rules/roskilde-2025 --in examples/profiles/worked-examples.jsonl --out " + out);
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("replacing '" + out + ".partial'"), std::string::npos) << r.out;
    const std::string text = testing::read_file(out);
    EXPECT_EQ(count(text, "\n"), 6u);  // the manifest and 5 rows
    EXPECT_EQ(text.find("SIGKILL"), std::string::npos);
    EXPECT_FALSE(std::filesystem::exists(out + ".partial"));
    std::filesystem::remove(out);
}

// JSON lines built from the worked examples, `n` rows with ids r0, r1, ...
std::string json_lines(std::size_t n, bool escaped_quote_first) {
    const std::vector<std::string> examples = split_lines(testing::read_file("examples/profiles/worked-examples.jsonl"));
    std::string text;
    for (std::size_t r = 0; r < n; ++r) {
        std::string line = examples[r % 5];
        const std::size_t id = line.find("\"eksempel-");
        line.replace(id, 12, r == 0 && escaped_quote_first ? "\"r \\\"0\"" : "\"r" + std::to_string(r) + "\"");
        text += line + "\n";
    }
    return text;
}

TEST(CliTest, BatchCutsJsonLinesAtNewlinesDespiteEscapedQuotes) {
    // An escaped quote must not make the chunk reader take the rest of the file as
    // one chunk: memory must stay that of a file without one. The first line has an
    // odd number of quote characters, which fooled a reader counting them.
    constexpr std::size_t rows = 200000;
    const std::string plain = temp_path("plain.jsonl"), escaped = temp_path("escaped.jsonl");
    const std::string out = temp_path("escaped_out.jsonl"), log = temp_path("escaped.log");
    write_file(plain, json_lines(rows, false));
    write_file(escaped, json_lines(rows, true));
    long peak_kb[2] = {0, 0};
    for (int k = 0; k < 2; ++k) {
        const pid_t pid = spawn_trappe({"batch", "rules/roskilde-2025", "--in", k == 0 ? plain : escaped, "--out", out}, log);
        ASSERT_GT(pid, 0);
        const finished f = wait_for(pid);
        const std::string text = testing::read_file(log);
        EXPECT_TRUE(WIFEXITED(f.status) && WEXITSTATUS(f.status) == 0) << text;
        EXPECT_NE(text.find("200000 rows: 200000 written, 0 with errors"), std::string::npos) << text;
        peak_kb[k] = f.peak_kb;
    }
    EXPECT_NE(testing::read_file(out).find("\"row\":1,\"borger_id\":\"r \\\"0\","), std::string::npos);
    // The bug took the whole file as one chunk (7x the memory); how far the reader
    // runs ahead of the writers varies with the load on the machine, hence 2x.
    EXPECT_LT(peak_kb[1], peak_kb[0] * 2 + 16 * 1024) << "peak with an escaped quote " << peak_kb[1]
                                                            << " kB, without " << peak_kb[0] << " kB";
    for (const auto& f : {plain, escaped, out, log}) std::filesystem::remove(f);
}

TEST(CliTest, BatchLogsProgressWithoutATerminalAndNoneWhenQuiet) {
    const std::string in = temp_path("progress.csv"), out = temp_path("progress_out.csv");
    ASSERT_EQ(run("synth --n 100000 --seed 5 --out " + in).exit_code, 0);
    const std::string base = "batch rules/roskilde-2025 --in " + in + " --out " + out + " --chunk-rows 10000 --progress-seconds 0";
    run_result r = run(base);
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_GE(count(r.out, "trappe batch: progress: "), 5u) << r.out;
    EXPECT_NE(r.out.find(" rows/s"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("syn-"), std::string::npos) << "progress must never show a value from a row";
    r = run(base + " --quiet");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_EQ(count(r.out, "progress"), 0u) << r.out;
    EXPECT_NE(r.out.find("100000 rows: 100000 written, 0 with errors"), std::string::npos) << r.out;
    for (const auto& f : {in, out}) std::filesystem::remove(f);
}


// The text `trappe batch` writes for a value of an output (see batch.cpp).
std::string output_text(const type_info& t, std::int64_t v) {
    switch (t.kind) {
        case type_kind::boolean: return v ? "true" : "false";
        case type_kind::date: return format_date(static_cast<day_number>(v));
        case type_kind::enumeration: return t.value_name(v);
        default: return std::to_string(v);
    }
}

// One synthetic population row broken in one of the ways real files are.
class row_breaker {
public:
    row_breaker(const std::vector<std::string>& header, std::mt19937_64& rng) : header_(header), rng_(rng) {}

    // The CSV line for `cells`, broken when `bad`.
    std::string csv(std::vector<std::string> cells, bool bad) {
        if (bad) {
            const std::size_t c = pick(cells.size()), v = value_column();
            switch (pick(4)) {
                case 0: cells[v] = bad_value(v); break;                                   // out of range, or no date
                case 1: cells[c] = pick(2) ? "\"" + cells[c] : cells[c] + "x\"y"; break;  // broken quoting
                case 2: cells.erase(cells.begin() + static_cast<std::ptrdiff_t>(c)); break;  // a missing field
                default: cells[v] = wrong_type(v); break;                                 // a wrong type
            }
        }
        std::string line;
        for (std::size_t c = 0; c < cells.size(); ++c) line += (c ? "," : "") + cells[c];
        return line;
    }

    // The JSON line for `cells` (null for empty cells), broken when `bad`.
    std::string json(const std::vector<std::string>& cells, bool bad) {
        std::vector<std::string> members;
        for (std::size_t c = 0; c < cells.size(); ++c) members.push_back("\"" + header_[c] + "\": " + json_value(c, cells[c]));
        int kind = bad ? static_cast<int>(pick(5)) : -1;
        const std::size_t c = pick(cells.size()), v = value_column();
        if (kind == 0) members[v] = "\"" + header_[v] + "\": " + json_value(v, bad_value(v));
        if (kind == 2) members.erase(members.begin() + static_cast<std::ptrdiff_t>(c));
        if (kind == 3) members[v] = "\"" + header_[v] + "\": " + (is_date(v) ? std::string("20210101") : "[1]");
        if (kind == 4) members.push_back(members[c]);  // a duplicated key
        std::string line = "{";
        for (std::size_t m = 0; m < members.size(); ++m) line += (m ? ", " : "") + members[m];
        line += "}";
        if (kind == 1) {  // broken quoting: an unescaped quote inside a string, or a line cut short
            if (pick(2)) line.insert(line.find("\"borger_id\": \"") + 14, "\"");
            else line.resize(1 + pick(line.size() - 2));
        }
        return line;
    }

private:
    std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }
    // Any column but borger_id (the first), which as free text has no bad value.
    std::size_t value_column() { return 1 + pick(header_.size() - 1); }
    bool is_date(std::size_t c) const { return header_[c].find("dato") != std::string::npos; }
    bool is_id(std::size_t c) const { return header_[c] == "borger_id"; }
    std::string bad_value(std::size_t c) const { return is_date(c) ? "2021-02-30" : "9"; }
    std::string wrong_type(std::size_t c) const { return is_date(c) ? "17" : "abc"; }
    std::string json_value(std::size_t c, const std::string& cell) const {
        if (cell.empty()) return is_id(c) ? "\"\"" : "null";
        if (cell == "true" || cell == "false" || (!is_id(c) && !is_date(c) && std::isdigit(static_cast<unsigned char>(cell[0]))))
            return cell;
        return "\"" + cell + "\"";
    }

    const std::vector<std::string>& header_;
    std::mt19937_64& rng_;
};

// The profile of population row `r`, read from its columns: the truth to compare with.
profile profile_of(const plan& p, const population& pop, std::size_t r) {
    profile out(p);
    const std::vector<input_column> columns = pop.columns_for(p);
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (p.rules().type_of(p.inputs()[i]).kind == type_kind::string) {
            out.set_text(i, pop.borger_id[r]);
            continue;
        }
        if (columns[i].valid != nullptr && columns[i].valid[r] == 0) continue;
        const std::int64_t v = columns[i].type == element_type::i32 ? static_cast<const std::int32_t*>(columns[i].data)[r]
                                                                    : static_cast<const std::int8_t*>(columns[i].data)[r];
        out.set(i, v);
    }
    return out;
}

TEST(CliTest, RandomizedBadRowsAreReportedAndGoodRowsMatchSingleEvaluation) {
    const auto plan = testing::roskilde();
    const std::uint64_t seed = std::random_device{}();
    std::mt19937_64 rng(seed);
    SCOPED_TRACE("seed " + std::to_string(seed));
    const std::string in_csv = temp_path("random.csv"), in_json = temp_path("random.jsonl");
    const std::string out = temp_path("random_out.csv"), errors = temp_path("random_err.csv");
    // Shapes: empty files, all bad, all good, then mixed with chunks of random size.
    const std::vector<double> bad_rates = {0, 0, 1, 1, 0, 0, 0.02, 0.2, 0.5, 0.9};
    for (std::size_t round = 0; round < bad_rates.size(); ++round) {
        const bool json = round % 2 == 1;
        const std::size_t n = round < 2 ? 0 : 1 + std::uniform_int_distribution<std::size_t>(0, 2500)(rng);
        const population pop = synthetic_population(n, seed + round);
        std::ostringstream csv_text;
        write_csv(pop, csv_text);
        const std::vector<std::string> lines = split_lines(csv_text.str());
        const std::vector<std::string> header = split_cells(lines.at(0));
        ASSERT_EQ(header.at(0), "borger_id");
        row_breaker breaker(header, rng);
        std::vector<bool> broken(n);
        std::string text = json || round == 0 ? "" : lines[0] + "\n";  // round 0: a CSV of zero bytes
        for (std::size_t r = 0; r < n; ++r) {
            broken[r] = std::bernoulli_distribution(bad_rates[round])(rng);
            const std::vector<std::string> cells = split_cells(lines[r + 1]);
            text += (json ? breaker.json(cells, broken[r]) : breaker.csv(cells, broken[r])) + "\n";
        }
        const std::string& in = json ? in_json : in_csv;
        write_file(in, text);
        const std::size_t chunk = 1 + std::uniform_int_distribution<std::size_t>(0, 300)(rng);
        const run_result r = run("batch rules/roskilde-2025 --in " + in + " --out " + out + " --errors " + errors +
                                 " --chunk-rows " + std::to_string(chunk) + " --threads 2");
        SCOPED_TRACE("round " + std::to_string(round) + (json ? " (JSON lines)" : " (CSV)") + ", " + std::to_string(n) +
                     " rows, chunks of " + std::to_string(chunk));
        ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.out;

        // Rows written, by row number, and rows reported.
        std::map<std::size_t, std::vector<std::string>> written;
        const std::vector<std::string> out_lines = split_lines(testing::read_file(out));
        ASSERT_FALSE(out_lines.empty());
        const std::vector<std::string> out_header = split_cells(out_lines[0]);
        for (std::size_t l = 1; l < out_lines.size(); ++l) {
            std::vector<std::string> cells = split_cells(out_lines[l]);
            const std::size_t row = std::stoul(cells[0]);
            EXPECT_TRUE(written.emplace(row, std::move(cells)).second) << "row " << row << " written twice";
        }
        std::set<std::size_t> reported;
        for (const std::string& line : split_lines(testing::read_file(errors)))
            if (!line.empty() && std::isdigit(static_cast<unsigned char>(line[0]))) reported.insert(std::stoul(line));
        EXPECT_NE(r.out.find(std::to_string(n) + " rows: " + std::to_string(written.size()) + " written, " +
                             std::to_string(reported.size()) + " with errors"),
                  std::string::npos)
            << r.out;
        EXPECT_EQ(written.size() + reported.size(), n) << "rows in = rows written + rows reported";
        EXPECT_EQ(r.exit_code, reported.empty() ? 0 : 1);

        for (std::size_t row = 1; row <= n; ++row) {
            const bool is_written = written.count(row) != 0, is_reported = reported.count(row) != 0;
            ASSERT_NE(is_written, is_reported) << "row " << row << " must be written or reported, once";
            if (broken[row - 1]) {
                EXPECT_TRUE(is_reported) << "broken row " << row << " was written";
                continue;
            }
            const evaluation single = evaluate(*plan, profile_of(*plan, pop, row - 1));
            const auto* d = std::get_if<decision>(&single);
            ASSERT_EQ(is_written, d != nullptr) << "row " << row;
            if (d == nullptr) continue;
            const std::vector<std::string>& cells = written[row];
            ASSERT_EQ(cells.size(), out_header.size());
            EXPECT_EQ(cells[1], pop.borger_id[row - 1]);
            for (std::size_t c = 2; c + 1 < out_header.size(); ++c) {
                const symbol_id s = *plan->rules().find(out_header[c]);
                const value_range v = d->value(s);
                const type_info& t = plan->rules().type_of(s);
                const std::string expected = v.determined() ? output_text(t, v.lo) : output_text(t, v.lo) + ".." + output_text(t, v.hi);
                EXPECT_EQ(cells[c], expected) << "row " << row << ", " << out_header[c];
            }
            EXPECT_EQ(cells.back(), d->determined() ? "true" : "false") << "row " << row;
        }
    }
    for (const auto& f : {in_csv, in_json, out, errors}) std::filesystem::remove(f);
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
