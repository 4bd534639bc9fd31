#pragma once
// The JSON line of a row that could not be evaluated, shared by `trappe eval --json`
// and the C ABI's trappe_results_json_lines, so both write it alike.

#include <cstddef>
#include <span>
#include <string>

#include "trappe/eval/profile.hpp"

namespace trappe::detail {

/// The schema name of row_error_json's object (docs/schema/row-error.schema.json).
inline constexpr const char* row_error_schema = "trappe.row-error/1";

/// {"schema":"trappe.row-error/1","row":N,"errors":[{"field":...,"message":...}]}:
/// the row number, field names and messages only, never a value (personal data).
[[nodiscard]] std::string row_error_json(std::size_t row, std::span<const input_error> errors);

}  // namespace trappe::detail
