#pragma once
// Analyses of a lowered plan, run once by compile().

#include <cstdint>
#include <span>
#include <vector>

#include "plan/plan_internals.hpp"

namespace trappe::detail {

/// Fills code.input_rules, code.input_of_symbol, code.static_ranges (the
/// possible-values semantics run over every input's whole valid range), folds
/// every value with one possible value into a constant, then fills
/// code.constant_image, code.runtime_code, code.fused_code, code.threaded_code,
/// code.unguarded and code.reaches_decision.
void analyse(const plan& p, plan_internals& code);

/// Per slot, the inputs (a bitset of input_words words) that can change its value
/// when left unassessed, other than through known(): a select whose condition is
/// known(x) (or a conjunction of such) reads its first branch only when x was
/// assessed. A value none of whose unguarded inputs is unassessed is exactly its
/// plain-value result.
[[nodiscard]] std::vector<std::uint64_t> unguarded_inputs(const plan& p, const plan_internals& code);

}  // namespace trappe::detail
