#pragma once
// Reading profiles from JSON and CSV with the field names of the rule pack.

#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

#include "trappe/checker/program.hpp"
#include "trappe/common/error.hpp"
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
/// `null` or "ikke_vurderet" mean not assessed; a missing, unknown or duplicated
/// key is an error of its row (a second value never silently wins).
[[nodiscard]] std::vector<profile_row> read_json_profiles(const plan& p, std::string_view text);

/// CSV with a header row of field names, separated by ',' or ';' (detected
/// from the header), RFC 4180 quoting within a line. An empty cell or
/// "ikke_vurderet" means not assessed. A record is one line: a quote left open at
/// the end of a line, a quote inside an unquoted cell or text after a closing
/// quote is an error of that row, and reading goes on at the next line. A column
/// given twice, or named by no input, is an error on every row. Throws
/// io_error when the first line is not a header (none of its cells is a
/// field name); the message names no cell.
[[nodiscard]] std::vector<profile_row> read_csv_profiles(const plan& p, std::string_view text);

/// Reads a file by its extension: .csv as CSV, anything else as JSON (see
/// profile_stream to read a large file in pieces). Throws io_error
/// naming the path when the file cannot be read, is a directory or a special
/// file, or is a CSV without a header.
[[nodiscard]] std::vector<profile_row> read_profiles(const plan& p, const std::filesystem::path& path);

/// Converts one field's text to its value for input `index` of `p` and checks it
/// with check_input (see input_check.hpp): the rules shared by CSV cells and JSON
/// strings. An empty text or "ikke_vurderet" means not assessed. Returns an error
/// message naming no value, or "" on success (then `into` holds the value).
[[nodiscard]] std::string parse_field(const plan& p, std::size_t index, std::string_view text, profile& into);

/// A value read from text, not yet checked against its input_rule.
struct parsed_value {
    std::int64_t value = 0;
    std::string problem;  // "" when the text is a value of the type, else expected_form()
};

/// Reads `text` as a value of type `t`: a level's number or name, an enum value's
/// name or label, a boolean as true/false, ja/nej or 1/0 (any case), a date as
/// YYYY-MM-DD, an integer as a whole number. A whole number too large for int64
/// reads as INT64_MAX (or INT64_MIN), so that check_input reports it out of
/// range like any other. For every type but string; never range-checks.
[[nodiscard]] parsed_value parse_value(const type_info& t, std::string_view text);

/// What a value of type `t` must look like, as the message for a value that is
/// not one: "expected a level 0..4 or its name", "expected one of: intet, let,
/// ...", "expected true/false (or ja/nej, 1/0)", "expected a date as YYYY-MM-DD",
/// "expected a whole number", "expected text".
[[nodiscard]] std::string expected_form(const type_info& t);

}  // namespace trappe
