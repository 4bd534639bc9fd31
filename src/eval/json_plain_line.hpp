#pragma once
// A fast path for JSON lines (private to the readers).

#include <optional>
#include <string_view>

#include "trappe/eval/profile.hpp"

namespace trappe::detail {

/// The profile of a JSON line in the plain form that writers produce: one flat
/// object holding every input of `p` once, with null, true/false, whole numbers
/// or strings of printable ASCII without escapes, each a valid value (by
/// parse_field, as the exact reader checks it). Anything else gives nullopt, and
/// the caller reads the line with the exact reader, which words every problem;
/// so a line read here gets the profile the exact reader would give it.
[[nodiscard]] std::optional<profile> read_plain_json_line(const plan& p, std::string_view line);

}  // namespace trappe::detail
