#pragma once
// Rendering rule expressions in Danish with the values of a traced evaluation (private).

#include <optional>
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
/// into boolean definitions up to `depth` levels. Given the evaluated profile `in`,
/// a condition left open by items ikke vurderet also says which values of each
/// item would make it `wanted` (by evaluating the profile with each value).
std::vector<failed_condition> failed_conditions(const traced_decision& t, const checked_expr& e, bool wanted,
                                                const profile* in = nullptr, int depth = 3);

/// A run of values of a type for a reader: "niveau 2", "niveau 2 eller højere",
/// "let eller lavere", "ja".
std::string describe_values(const type_info& t, std::int64_t from, std::int64_t to);

/// The arm of a `first` or `match` expression that decided its value, as the
/// evaluator computed it (the arms' condition slots): the index of a `first`
/// rule (the otherwise value is the last index) or of a `match` arm. nullopt when
/// an unassessed item leaves it open.
std::optional<std::size_t> fired_arm(const traced_decision& t, const checked_expr& e);

/// "Egenomsorg" -> "egenomsorg"; an abbreviation ("VUM") stays.
std::string lower_first(std::string text);

/// A name as a citizen reads it inside a sentence: its description (lower-cased
/// first letter), or the name when it has none.
std::string label_of(const symbol& s);

/// Steps of the recommendation for a reader: "trin 4 (midlertidigt botilbud)",
/// "trin 4 (midlertidigt botilbud) eller 5 (længerevarende botilbud)".
std::string step_text(const program& rules, value_range steps);

/// A proposed assessment in Danish ("vurder egenomsorg: ved niveau 2 eller højere
/// bliver anbefalingen …; ved niveau 1 eller lavere …").
std::string describe_proposal(const program& rules, const assessment_proposal& proposal);

/// The unassessed inputs an expression's value depends on.
std::vector<symbol_id> unassessed_inputs(const traced_decision& t, const checked_expr& e);

}  // namespace trappe::detail
