#pragma once
// Private to src/eval: single evaluation straight on the set path, for rows the
// batch evaluator already found to depend on unassessed items.

#include "trappe/eval/evaluator.hpp"

namespace trappe::detail {

evaluation evaluate_on_sets(const plan& p, const profile& in);
/// As above, into a reused decision (see evaluate(plan, profile, decision&)).
std::optional<input_error> evaluate_on_sets(const plan& p, const profile& in, decision& into);

}  // namespace trappe::detail
