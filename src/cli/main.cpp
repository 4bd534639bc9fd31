// trappe: check rule packs, evaluate profiles, run the rules' tests.

#include <iostream>

#include "commands.hpp"
#include "options.hpp"
#include "trappe/version.hpp"
#include "standard_output.hpp"

namespace {

constexpr const char* usage =
    "usage: trappe <command> [arguments]\n"
    "\n"
    "  check <rules>                          check a rule pack; exit 1 on errors\n"
    "  eval <rules> <profiles> [--json]       evaluate profiles (.json, .jsonl or .csv)\n"
    "       [--as-of YYYY-MM-DD]              date that selects parameter versions\n"
    "       [--set NAME=VALUE]...             override parameters (also on explain and batch)\n"
    "       [--manifest FILE]                 record the run: rules, parameters, input SHA-256, rows\n"
    "  test <rules>                           run the test blocks of a rule pack\n"
    "  explain <rules> <profiles>             explain decisions: trace, citations, draft justification\n"
    "       [--format text|json|html] [--why-not] [--counterfactual] [--row N]\n"
    "  batch <rules> --in FILE --out FILE     evaluate a large file on all cores, streaming\n"
    "       [--errors FILE] [--manifest FILE] every row is written to --out or reported in --errors\n"
    "       [--threads N]\n"
    "       [--chunk-rows N] [--progress-seconds S] [--quiet]\n"
    "  verify <rules> [--json]                explore every possible profile; exit 1 on findings\n"
    "  follow <rules> --previous DECISIONS    follow a caseload from one assessment to the next:\n"
    "       --current PROFILES [--json]       moves, indicators by age and step (follow --help)\n"
    "       [--citizens FILE] [--html FILE]\n"
    "  diff <rules-a> [<rules-b>]             the regions where two packs, or a pack and its reform, differ\n"
    "       [--set NAME=VALUE]... [--population FILE] [--json] [--html FILE]\n"
    "  synth --n N --seed S --out FILE.csv    write a synthetic population\n"
    "  serve <rules>... [--port N] ...        the packs over HTTP/JSON (serve --help; docs/service.md)\n"
    "  --version                              print the version\n"
    "\n"
    "`trappe <command> --help` describes a command. Exit status: 0 success; 1 rule errors, failed\n"
    "tests, bad rows or verify findings; 2 wrong usage or an I/O failure; 128 + N when batch is stopped by signal N.\n";

int run(const std::string& command, const trappe::cli::arguments& args) {
    if (command == "check") return trappe::cli::check_command(args);
    if (command == "eval") return trappe::cli::eval_command(args);
    if (command == "test") return trappe::cli::test_command(args);
    if (command == "explain") return trappe::cli::explain_command(args);
    if (command == "batch") return trappe::cli::batch_command(args);
    if (command == "verify") return trappe::cli::verify_command(args);
    if (command == "diff") return trappe::cli::diff_command(args);
    if (command == "synth") return trappe::cli::synth_command(args);
    if (command == "serve") return trappe::cli::serve_command(args);
    if (command == "follow") return trappe::cli::follow_command(args);
    if (command == "--version" || command == "version") {
        std::cout << "trappe " << trappe::version_string << '\n';
        return 0;
    }
    if (command == "--help" || command == "-h" || command == "help") {
        std::cout << usage;
        return 0;
    }
    std::cerr << "trappe: unknown command '" << command << "'\n" << usage;
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << usage;
        return 2;
    }
    const std::string command = argv[1];
    const trappe::cli::arguments args(argv + 2, argv + argc);
    try {
        const int status = run(command, args);
        // Every command's output is checked: a full disk is an error, not exit 0.
        trappe::cli::check_standard_output();
        return status;
    } catch (const trappe::cli::usage_error& e) {
        std::cerr << "trappe " << command << ": " << e.what() << '\n' << e.usage();
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "trappe: " << e.what() << '\n';
        return 2;
    }
}
