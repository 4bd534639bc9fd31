#pragma once
// Rendering decisions for people (Danish text) and machines (JSON).

#include <functional>
#include <optional>
#include <string>
#include <vector>
#include <string_view>

#include "trappe/eval/decision.hpp"

namespace trappe {

/// A value as a rule author reads it: "ja"/"nej", a level with its label
/// ("3 (svært nedsat funktionsevne)"), an enum's label ("højt"), a date. When
/// undetermined, a set of possible values lists them, "eller" before the last
/// ("moderat, højt eller fuldstændigt"); an interval (dates, wide integers)
/// reads "(2025-01-01 til 2025-12-31)". A value beyond the split budget
/// (value_range::exact false) adds " (ikke præcist afgrænset)".
[[nodiscard]] std::string format_value(const program& rules, symbol_id s, value_range v, const decision* d = nullptr);
/// As above for a value of type `t` (not a string).
[[nodiscard]] std::string format_value(const type_info& t, value_range v);

/// Replaces each `{name}` in an explanation or scope template with the value of
/// `name`. `extra`, when given, is asked first and may supply other placeholders
/// (the justification's {tilbud}, {hvorfor:name}, ...).
[[nodiscard]] std::string render_template(
    const decision& d, std::string_view text,
    const std::function<std::optional<std::string>(const std::string&)>& extra = nullptr);

/// Names of symbols joined by ", ".
[[nodiscard]] std::string names_of(const program& rules, const std::vector<symbol_id>& symbols);

/// A human-readable, Danish summary: recommendation, offers with scope, outputs,
/// and what undetermined results depend on.
[[nodiscard]] std::string to_text(const decision& d);

/// One line of JSON with every output, the offers, and the pack's name and
/// content hash (field names documented in docs/cli.md). `row` is 1-based, 0 to omit.
[[nodiscard]] std::string to_json(const decision& d, std::size_t row = 0);

}  // namespace trappe
