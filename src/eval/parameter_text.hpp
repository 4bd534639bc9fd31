#pragma once
// Parameter overrides given as text: the one reading shared by the CLI's --set
// and the C ABI's trappe_rules_with_parameters.

#include <map>
#include <string>

#include "trappe/checker/program.hpp"
#include "trappe/plan/plan.hpp"

namespace trappe::detail {

/// Reads each `name -> text` as parse_value() reads a profile field of the
/// parameter's type (a level's number or name, an enum value's name, true/false,
/// YYYY-MM-DD, a whole number). Throws parameter_error naming the parameter when
/// the rules declare no parameter of that name (the message lists those they
/// have), when it is text, or when the text is no value of its type (with the
/// type's expected_form()). Ranges and tables are checked by compile(), which
/// takes the result and throws parameter_error too.
[[nodiscard]] parameter_overrides read_parameter_overrides(const program& rules,
                                                           const std::map<std::string, std::string>& texts);

/// What an override of parameter `s` must look like: its type's expected_form()
/// and, for a bounded type, the range ("expected a whole number 0..150").
[[nodiscard]] std::string parameter_form(const program& rules, symbol_id s);

}  // namespace trappe::detail
