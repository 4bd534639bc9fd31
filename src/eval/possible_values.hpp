#pragma once
// Private to the library: the two interpreters over caller-loaded slots, for
// analyses that choose the inputs' values themselves (src/analysis).

#include <cstddef>
#include <cstdint>
#include <span>

#include "plan/plan_internals.hpp"

namespace trappe::detail {

/// Runs every instruction of `code` on possible values. `v` (slot_count values)
/// holds the inputs, the known() flags and the as-of date on entry; `deps`
/// (slot_count * words, zeroed but for the inputs' own bits) receives per slot
/// the inputs an undetermined value depends on. Defined in evaluator.cpp.
void run_possible(const plan_internals& code, value_range* v, std::uint64_t* deps, std::size_t words);

/// Runs again, in order, the instructions of code.code at `indices` (those whose
/// results were undetermined over a larger region): over a subset of that region
/// every other instruction keeps its determined value. Defined in evaluator.cpp.
void run_possible_again(const plan_internals& code, std::span<const std::uint32_t> indices, value_range* v,
                        std::uint64_t* deps, std::size_t words);

/// Runs the unfused code on plain values: every slot is written, fused
/// comparisons' slots included. `v` starts from code.constant_image with the
/// inputs loaded. Defined in refine_possible.cpp.
void run_unfused(const plan_internals& code, std::int64_t* v);

}  // namespace trappe::detail
