#pragma once
// JSON encoding of values, shared by the decision and explanation renderers (private).

#include <boost/json.hpp>

#include "trappe/eval/decision.hpp"

namespace trappe::detail {

/// A determined value as plain JSON (enum: its name; date: "YYYY-MM-DD"); an
/// undetermined one as {"one_of": [...], "depends_on"} (a set of possible values)
/// or {"from", "to", "depends_on"} (an interval: dates, wide integers), with
/// "exact": false beyond the split budget.
boost::json::value json_value(const program& rules, symbol_id s, value_range v, const decision& d);
boost::json::value json_value(const program& rules, type_id type, value_range v, const std::vector<symbol_id>& depends_on);
boost::json::array json_names(const program& rules, const std::vector<symbol_id>& symbols);

/// The "schema" member of the JSON a decision and an explanation are written as
/// (docs/schema/decision.schema.json, explanation.schema.json). The number changes
/// only when a member is removed or changes meaning; new members keep it.
inline constexpr const char* decision_schema = "trappe.decision/1";
inline constexpr const char* explanation_schema = "trappe.explanation/1";

/// A decision as the JSON object to_json(decision) writes, for renderers that extend it.
boost::json::object decision_json(const decision& d, std::size_t row);

/// The one way the library writes JSON: compact text that is always valid UTF-8
/// (a byte that is not, which validated inputs never hold, becomes U+FFFD), so
/// writing never fails and nothing re-parses its output.
std::string write_json(const boost::json::value& v);

}  // namespace trappe::detail
