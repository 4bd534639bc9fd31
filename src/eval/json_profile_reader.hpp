#pragma once
// JSON profiles one line or one document at a time (private to the readers).

#include <string_view>
#include <vector>

#include "json_document.hpp"
#include "trappe/eval/profile_reader.hpp"

namespace trappe::detail {

/// Row `row` from one line of JSON lines: the profile, or every problem found
/// (not valid JSON, not an object, a duplicated, unknown or missing key, a bad value).
[[nodiscard]] profile_row read_json_line(const plan& p, std::string_view line, std::size_t row);

/// The same through Boost.JSON alone, without the plain path (json_plain_line.hpp):
/// the definition the fast paths are tested against.
[[nodiscard]] profile_row read_json_line_exact(const plan& p, std::string_view line, std::size_t row);

/// The rows of a parsed document: each element of an array, or the one object.
[[nodiscard]] std::vector<profile_row> read_json_document(const plan& p, const json_document& document);

}  // namespace trappe::detail
