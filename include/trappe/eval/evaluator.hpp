#pragma once
// Evaluating a plan on profiles.

#include <optional>
#include <variant>

#include "trappe/common/date.hpp"
#include "trappe/eval/decision.hpp"
#include "trappe/eval/profile.hpp"
#include "trappe/plan/plan.hpp"

namespace trappe {

/// A decision, or the reason the row could not be evaluated.
using evaluation = std::variant<decision, input_error>;

/// Evaluates one profile. A fully assessed profile takes the fast path on plain
/// values; one with unassessed inputs is evaluated on sets of possible values
/// (see docs/language.md, "Ikke vurderet"). `as_of` overrides the date that
/// selects dated parameter versions (default: the pack's as_of input).
/// Thread-safe: any number of threads may evaluate with one plan.
///
///     auto rules = trappe::check_rules("rules/roskilde-2025");
///     auto plan = trappe::compile(rules.checked);
///     trappe::profile p(*plan);  // ... p.set(...) ...
///     auto result = trappe::evaluate(*plan, p);
[[nodiscard]] evaluation evaluate(const plan& p, const profile& in, std::optional<day_number> as_of = std::nullopt);

}  // namespace trappe
