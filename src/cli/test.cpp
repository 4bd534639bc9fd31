#include <iostream>

#include "commands.hpp"

namespace trappe::cli {

int test_command(const arguments& args) {
    if (args.size() != 1) {
        std::cerr << "usage: trappe test <rules>\n";
        return 2;
    }
    const auto plan = load_plan(args[0]);
    if (!plan) return 1;
    const std::vector<test_outcome> outcomes = run_tests(*plan);
    std::cout << report(outcomes, plan->rules().sources);
    for (const test_outcome& t : outcomes)
        if (!t.passed()) return 1;
    return 0;
}

}  // namespace trappe::cli
