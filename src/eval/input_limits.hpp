#pragma once
// The one wording of each problem with an input value (private to the evaluators;
// what is valid is plan_internals::input_limits).

#include <cstdint>
#include <vector>

#include "trappe/eval/profile.hpp"
#include "plan/plan_internals.hpp"

namespace trappe::detail {

/// The problem with input i of a row: unassessed though required, or out of range.
[[nodiscard]] input_error input_problem(const plan& p, std::size_t i, std::size_t row, bool assessed);

/// The as-of date of a row is before the rules apply.
[[nodiscard]] input_error before_valid_from(const plan& p, std::size_t row);

}  // namespace trappe::detail
