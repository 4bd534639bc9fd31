#pragma once
// Private to src/eval: exact possible values by splitting on unassessed inputs.

#include <cstdint>
#include <span>
#include <vector>

#include "plan/plan_internals.hpp"

namespace trappe::detail {

/// The budget of one split: at most this many unassessed inputs, and at most
/// this many completions (combinations of their values).
inline constexpr std::size_t split_input_limit = 4;
inline constexpr std::uint64_t completion_limit = 4096;

/// Whether one more input with `values` valid values keeps a split within the
/// budget, when it already has `inputs` inputs and `completions` completions. The
/// batch's block refinement uses it too, so both give the same hulls.
[[nodiscard]] constexpr bool within_split_budget(std::size_t inputs, std::uint64_t completions, std::uint64_t values) noexcept {
    return inputs < split_input_limit && values <= completion_limit && completions * values <= completion_limit;
}

/// Runs the plain interpreter (fused code) over slot values `v`: every symbol
/// and offer slot is written. Defined in evaluator.cpp.
void run_plain(const plan_internals& code, std::int64_t* v);
/// The same over `in`, a part of threaded_code ending in an instruction whose op is opcode_count.
void run_threaded(const plan_internals& code, const instruction* in, std::int64_t* v);

/// Narrows the undetermined values of `targets` (slots) to exactly the values
/// some completion of the unassessed inputs gives: the inputs each target
/// depends on (`deps`, input_words bits per slot) are split into every
/// combination of their valid values and the plan is run on plain values for
/// each: once for all targets when their inputs together are within the budget,
/// else once per set of inputs that targets share. Beyond the budget a target
/// keeps its interval and gets exact = false.
///
/// `points` holds every slot's plain value with the profile loaded (constants,
/// assessed values, known() flags, as-of date); it is used as scratch. `all_slots`
/// runs the unfused code, so targets may be any slot, not only symbols and offers.
void refine_possible(const plan& p, const plan_internals& code, std::span<value_range> values,
                     std::span<const std::uint64_t> deps, std::span<const std::uint32_t> targets,
                     std::span<std::int64_t> points, bool all_slots);

}  // namespace trappe::detail
