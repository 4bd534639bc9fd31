#pragma once
// CSV lines straight into a profile_block (private to the caseload run).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "csv_profile_reader.hpp"
#include "field_reader.hpp"
#include "profile_block.hpp"
#include "record_lines.hpp"

namespace trappe::detail {

/// Reads the data lines of a CSV file of profiles into columns, without a
/// profile or a string per field. A line the fast path cannot take (a bad value,
/// broken quoting, a wrong number of cells, a header with unknown, repeated or
/// missing columns) goes through csv_profile_reader, which words every problem
/// of the row; so a block holds exactly what read_csv_profiles would give.
/// Copy one per thread: reading is not thread-safe.
class csv_block_reader {
public:
    /// Throws like csv_profile_reader when `header_line` is not a header.
    csv_block_reader(const plan& p, std::string_view header_line);

    /// Reads the lines of `text` (whole lines; blank lines are no rows) into
    /// `block`, numbering its rows from 1. Returns the number of rows.
    std::size_t read(std::string_view text, profile_block& block);

private:
    // How a cell is read: the common spellings at once, the rest by field_reader.
    enum class cell_kind : std::uint8_t { digit, boolean, other, ignored };
    struct cell_plan {
        std::uint32_t input;
        cell_kind kind;
    };
    [[nodiscard]] cell_plan plan_cell(std::size_t input) const;
    bool read_cell(const cell_plan& c, std::string_view text, profile_block& block, std::size_t k) const;
    bool read_other_cell(std::size_t input, std::string_view text, profile_block& block, std::size_t k) const;
    bool read_line(std::string_view line, profile_block& block, std::size_t k);

    csv_profile_reader exact_;
    char separator_;
    std::optional<std::vector<std::size_t>> input_of_;  // per cell; none: every line takes the exact path
    std::vector<field_reader> fields_;
    std::vector<cell_plan> cells_;  // per cell of a clean header
    std::string unquoted_;  // scratch for a quoted cell holding ""
    std::array<std::uint64_t, 64> masks_{};  // scratch: where a line's separators are
};

}  // namespace trappe::detail
