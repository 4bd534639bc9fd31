#pragma once
// CSV profiles one line at a time, after the header (private to the readers).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trappe/eval/profile_reader.hpp"

namespace trappe::detail {

/// The header of a CSV file of profiles, and the reading of its data lines. Each
/// data line is one record (see csv_line.hpp), so a caller may feed lines from
/// anywhere: the whole text, or a file read in pieces.
class csv_profile_reader {
public:
    /// Reads the header line (a byte-order mark before it is skipped; ';' is the
    /// separator when the header has a ';' and no ','). Throws std::runtime_error
    /// when the line is not a header: it breaks the quoting, or none of its cells
    /// names an input of `p`. The message names no cell, as the line may be data.
    csv_profile_reader(const plan& p, std::string_view header_line);

    /// Row `row` from one data line: the profile, or every problem found. A
    /// column that is no input, a column given twice, an input without a column,
    /// a wrong number of cells and broken quoting are errors of the row.
    [[nodiscard]] profile_row read(std::string_view line, std::size_t row);

    [[nodiscard]] char separator() const noexcept { return separator_; }
    /// The input of each header cell (ignored_column for a field the pack ignores),
    /// when no cell is unknown or repeated and every input has a cell (otherwise
    /// every row is an error: see read()).
    [[nodiscard]] std::optional<std::vector<std::size_t>> clean_columns() const;
    static constexpr std::size_t ignored_column = static_cast<std::size_t>(-1);

private:
    const plan& p_;
    char separator_ = ',';
    std::vector<std::string> header_;
    std::vector<std::optional<std::size_t>> column_of_;  // per input
    std::vector<std::string> unknown_, duplicated_;      // column names reported on every row
    std::vector<std::string> cells_;                     // scratch, reused line to line
};

}  // namespace trappe::detail
