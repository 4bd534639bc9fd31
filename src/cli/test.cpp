#include <iostream>

#include "commands.hpp"
#include "options.hpp"

namespace trappe::cli {

namespace {

const command_spec spec{"test",
                        "usage: trappe test <rules>\n"
                        "\n"
                        "Runs the test blocks written beside the rules. Exit 0 when every test passes, 1 when a test\n"
                        "fails or the rules have errors, 2 for wrong usage.\n",
                        {}, {}, 1, 1, {}};

}  // namespace

int test_command(const arguments& args) {
    const command_line parsed = parse_command_line(spec, args);
    if (parsed.help) return print_help(spec);
    const auto plan = load_plan(parsed.positional[0]);
    if (!plan) return 1;
    const std::vector<test_outcome> outcomes = run_tests(*plan);
    std::cout << report(outcomes, plan->rules().sources);
    for (const test_outcome& t : outcomes)
        if (!t.passed()) return 1;
    return 0;
}

}  // namespace trappe::cli
