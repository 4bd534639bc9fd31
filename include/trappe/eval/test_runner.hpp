#pragma once
// Runs the test blocks written beside the rules.

#include <string>
#include <vector>

#include "trappe/plan/plan.hpp"

namespace trappe {

struct test_failure {
    std::string name;      // the checked name
    std::string expected;  // as the rule author reads it
    std::string actual;
};

struct test_outcome {
    std::string title;
    location where;
    std::vector<test_failure> failures;  // empty = passed
    std::string error;                   // the profile could not be evaluated
    [[nodiscard]] bool passed() const noexcept { return failures.empty() && error.empty(); }
};

/// Evaluates every test of the pack and compares each expectation: a single
/// value must be determined; a range `lo .. hi` must be exactly the possible values.
/// A test with `with { parameter = value }` runs on `p` compiled with those values
/// (beside p's own overrides); one with `expect error on field` passes when the
/// profile is an input error naming that field. `p` must be owned by compile()'s
/// shared_ptr, as every plan is.
[[nodiscard]] std::vector<test_outcome> run_tests(const plan& p);

/// Human-readable report: a line per test, a diff per failure, and the
/// closing line "N passed, M failed".
[[nodiscard]] std::string report(const std::vector<test_outcome>& outcomes, const source_manager& sources);

}  // namespace trappe
