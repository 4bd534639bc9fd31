#pragma once
// JSON encoding of values, shared by the decision and explanation renderers (private).

#include <boost/json.hpp>

#include "trappe/eval/decision.hpp"

namespace trappe::detail {

/// A determined value as plain JSON (enum: its name; date: "YYYY-MM-DD"); an
/// undetermined one as {"from", "to", "depends_on"}.
boost::json::value json_value(const program& rules, symbol_id s, value_range v, const decision& d);
boost::json::value json_value(const program& rules, type_id type, value_range v, const std::vector<symbol_id>& depends_on);
boost::json::array json_names(const program& rules, const std::vector<symbol_id>& symbols);

}  // namespace trappe::detail
