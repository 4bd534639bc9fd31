#pragma once
// Reading profiles from JSON and CSV with the field names of the rule pack.

#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

#include "trappe/eval/profile.hpp"

namespace trappe {

class plan;

/// One input row: the profile, or every problem found in it. Rows with
/// errors are reported, never dropped, and never silently defaulted.
struct profile_row {
    std::size_t row = 0;  // 1-based data row
    std::optional<profile> values;
    std::vector<input_error> errors;
};

/// JSON: one object, an array of objects, or JSON lines (one object per line).
/// `null` or "ikke_vurderet" mean not assessed; a missing or unknown field is an error.
[[nodiscard]] std::vector<profile_row> read_json_profiles(const plan& p, std::string_view text);

/// CSV with a header row of field names, separated by ',' or ';' (detected
/// from the header), RFC 4180 quoting. An empty cell or "ikke_vurderet" means
/// not assessed.
[[nodiscard]] std::vector<profile_row> read_csv_profiles(const plan& p, std::string_view text);

/// Reads a file by its extension: .csv as CSV, anything else as JSON.
/// Throws std::runtime_error when the file cannot be read.
[[nodiscard]] std::vector<profile_row> read_profiles(const plan& p, const std::filesystem::path& path);

/// Converts one field's text to its value for input `index` of `p`: the rules
/// shared by CSV cells and JSON strings. Returns an error message, or "" on success.
[[nodiscard]] std::string parse_field(const plan& p, std::size_t index, std::string_view text, profile& into);

}  // namespace trappe
