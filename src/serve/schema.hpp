#pragma once
// JSON Schemas (draft 2020-12) of a pack's profile and decision, generated from its plan.

#include <string>

namespace trappe {
class plan;
}

namespace trappe::serve {

/// {"pack", "hash", "profile": schema, "decision": schema}. The profile schema
/// has one property per input, with the type, the range or the names the input
/// rules allow, and null where an item may be ikke vurderet; the decision schema
/// follows to_json(decision): every output with its type, or a range
/// {"one_of", "depends_on"} (a set) or {"from", "to", "depends_on"} (an interval) when
/// undetermined, with "exact": false beyond the split budget, and the offers.
[[nodiscard]] std::string schema_document(const plan& p);

}  // namespace trappe::serve
