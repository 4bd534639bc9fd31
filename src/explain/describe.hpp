#pragma once
// Rendering rule expressions in Danish with the values of a traced evaluation (private).

#include <string>
#include <vector>

#include "trappe/explain/explanation.hpp"

namespace trappe::detail {

/// The value of a checked expression, formatted for a reader ("højt", "ja", "2025-03-02").
std::string describe_value(const traced_decision& t, const checked_expr& e);

/// An operand as "name value" (a symbol), the value alone (a constant), or the
/// expression's text with its value.
std::string describe_operand(const traced_decision& t, const checked_expr& e);

/// The conditions that make `e` not `wanted` (empty when it is `wanted`), drilling
/// into boolean definitions up to `depth` levels.
std::vector<failed_condition> failed_conditions(const traced_decision& t, const checked_expr& e, bool wanted,
                                                int depth = 3);

/// The unassessed inputs an expression's value depends on.
std::vector<symbol_id> unassessed_inputs(const traced_decision& t, const checked_expr& e);

}  // namespace trappe::detail
