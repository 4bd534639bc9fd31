#pragma once
// Private to src/analysis: a copy of a checked program in which one input is a
// constant, so a plan compiled from it computes every result at that value.

#include <cstdint>
#include <memory>

#include "trappe/checker/program.hpp"

namespace trappe::analysis {

/// `rules` with input `input` turned into a parameter of value `value` (an
/// assessed value: known(input) reads true). The input is then no profile field
/// of the compiled plan, and every other input keeps its place by name.
[[nodiscard]] std::shared_ptr<const program> with_input_fixed(const program& rules, symbol_id input, std::int64_t value);

}  // namespace trappe::analysis
