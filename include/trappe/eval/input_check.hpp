#pragma once
// Input rules for a plan, and the check of a profile built in code
// (the rules themselves: checker/input_rule.hpp).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "trappe/checker/input_rule.hpp"
#include "trappe/common/error.hpp"
#include "trappe/eval/profile.hpp"

namespace trappe {

class plan;

/// One rule per input, in the order of plan::inputs(). Build it once per plan
/// (or per batch) and check values against it in the hot loop.
[[nodiscard]] std::vector<input_rule> input_rules(const plan& p);

/// The first problem with a profile built in code, in the order of
/// plan::inputs(), as an input_error with row 0 and the field's name; nullopt
/// when every value is valid. Does not compare the as-of date with
/// plan::valid_from(), since evaluate() may be given another as-of date; the
/// evaluator reports that. Throws misuse_error when the profile was not
/// made for `p` (API misuse). Thread-safe.
[[nodiscard]] std::optional<input_error> check_profile(const plan& p, const profile& in);

}  // namespace trappe
