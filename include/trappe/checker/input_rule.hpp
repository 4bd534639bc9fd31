#pragma once
// The one definition of a valid input value, from a checked program's types.
// Every entry point checks values with it: the profile readers, evaluate() on a
// profile built in code, evaluate_batch, and the Python bindings.

#include <cstdint>
#include <string>

#include "trappe/checker/program.hpp"
#include "trappe/common/date.hpp"

namespace trappe {

/// The bounds of the built-in `integer` type: the rule language's arithmetic
/// saturates there, so no rule text or input can overflow.
inline constexpr std::int64_t integer_bound = INT64_MAX / 4;

/// What a valid value of one input is, resolved once from its type.
///
/// Every assessed value must lie in lo..hi (inclusive):
/// - levels, enums and booleans: their ordinals (booleans 0..1);
/// - integers declared with a range (`integer 0..150`): that range; other
///   integers: ±integer_bound;
/// - dates: earliest_date..latest_date (1800-01-01..2200-12-31, see date.hpp), as
///   day numbers, so that date arithmetic on inputs stays far from overflow;
/// - strings: the whole int64 range, so the test never fails (the plan never
///   reads a string input's number; only whether it was assessed).
/// A `required` input must be assessed, and so must the pack's as-of date (it
/// selects the rules that apply).
struct input_rule {
    type_kind kind = type_kind::integer;
    std::int64_t lo = 0, hi = 0;
    bool required = false;
};

/// What is wrong with one value. `none` is 0, so arrays of problems can start zeroed.
enum class input_problem : std::uint8_t { none = 0, required = 1, out_of_range = 2 };

/// The rule for symbol `s` of `rules`: an input, or a parameter (whose values
/// obey the same rule, without `required`).
[[nodiscard]] input_rule input_rule_for(const program& rules, symbol_id s);

/// Checks one value: `assessed` false means "ikke vurderet" (then `value` is
/// ignored). Inline and branch-light, for the batch evaluator's row loops.
///
///     const auto rules = trappe::input_rules(plan);  // eval/input_check.hpp
///     if (trappe::check_input(rules[i], assessed, v) != trappe::input_problem::none) ...
[[nodiscard]] constexpr input_problem check_input(const input_rule& rule, bool assessed, std::int64_t value) noexcept {
    if (!assessed) return rule.required ? input_problem::required : input_problem::none;
    return value < rule.lo || value > rule.hi ? input_problem::out_of_range : input_problem::none;
}

/// The one wording of a problem, for input_error::message: "is required and
/// cannot be ikke vurderet", "value out of range 0..4", "date out of range
/// 1800-01-01..2200-12-31". Names the valid range (type information), never the
/// value, since profiles are personal data. "" for input_problem::none.
[[nodiscard]] std::string describe(input_problem problem, const input_rule& rule);

}  // namespace trappe
