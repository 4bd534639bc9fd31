#pragma once
// Input errors as the evaluators report them (private): the one wording of
// checker/input_rule.hpp, with the row and the field's name, never the value.

#include "trappe/checker/input_rule.hpp"
#include "trappe/eval/profile.hpp"
#include "trappe/plan/plan.hpp"

namespace trappe::detail {

/// The problem with input i of a row (1-based; 0 when not from a file).
[[nodiscard]] inline input_error input_error_of(const plan& p, std::size_t i, std::size_t row, input_problem problem,
                                                const input_rule& rule) {
    return {row, p.rules().symbols[p.inputs()[i]].name, describe(problem, rule)};
}

/// The as-of date of a row is before the first date the rules apply.
[[nodiscard]] inline input_error before_valid_from(const plan& p, std::size_t row) {
    return {row, p.rules().symbols[p.inputs()[*p.as_of_input()]].name,
            "is before the first date the rules apply (" + format_date(p.valid_from()) + ")"};
}

}  // namespace trappe::detail
