#pragma once
// --set name=value: parameter overrides on the command line (eval, batch, explain).

#include <map>
#include <memory>
#include <string>

#include "options.hpp"
#include "trappe/trappe.hpp"

namespace trappe::cli {

/// The help text of --set, its description starting at `column` like the command's other options.
[[nodiscard]] std::string set_usage(std::size_t column);

/// Checks and compiles the pack at `path` with the overrides of `line`'s --set
/// options, validated as the library validates overrides (read as text like
/// the C ABI, then compile()). Prints diagnostics to stderr and returns null when
/// the rules have errors. Throws usage_error naming the parameter and its
/// expected form for a --set that is not NAME=VALUE, names no parameter, is
/// given twice, or has a value its parameter cannot take.
[[nodiscard]] std::shared_ptr<const plan> load_plan(const std::string& path, const command_line& line,
                                                    const command_spec& spec);

}  // namespace trappe::cli
