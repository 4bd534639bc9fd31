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

/// As evaluate(), into a caller-owned decision that is overwritten and reused:
/// its buffers are kept, so a loop that evaluates into the same decision with one
/// plan allocates nothing once warm (profiles whose unassessed items do not
/// matter included). Returns the input error instead, leaving `into` unusable
/// until the next successful evaluation.
///
///     trappe::decision d;
///     for (const trappe::profile& p : caseload)
///         if (auto error = trappe::evaluate(*plan, p, d)) report(*error); else use(d);
[[nodiscard]] std::optional<input_error> evaluate(const plan& p, const profile& in, decision& into,
                                                  std::optional<day_number> as_of = std::nullopt);

/// A decision with the value of every slot of the plan, so explanations can
/// show each intermediate value.
struct traced_decision {
    decision result;
    std::vector<value_range> slots;

    /// The value of a checked expression of the rules, e.g. one condition of a criterion.
    [[nodiscard]] value_range value_of(const checked_expr& e) const;
};

using traced_evaluation = std::variant<traced_decision, input_error>;

/// As evaluate(), keeping every intermediate value. A separate entry point, so
/// evaluation without a trace costs nothing extra.
[[nodiscard]] traced_evaluation evaluate_traced(const plan& p, const profile& in,
                                                std::optional<day_number> as_of = std::nullopt);

}  // namespace trappe
