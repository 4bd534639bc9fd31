#pragma once
// What a caseload run is asked to do and what one part of it gives (private to
// the caseload run, its workers and the service's batch stream).

#include <climits>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/text_buffer.hpp"
#include "common/text_escape.hpp"
#include "trappe/eval/profile_reader.hpp"

namespace trappe::detail {

enum class caseload_format : std::uint8_t { csv, json_lines };

/// The results of a part's evaluated rows, kept as values instead of (or beside)
/// their lines, for an analysis that reads them (`trappe follow`).
struct kept_rows {
    /// A kept input that was not assessed.
    static constexpr std::int64_t unassessed = INT64_MIN;
    std::vector<std::size_t> row;      // the row in the file
    std::string ids;                   // the case ids, one after another
    std::vector<std::size_t> id_end;   // where each row's case id ends in `ids`
    std::vector<std::int64_t> lo, hi;  // per row, every batch output in order
    std::vector<std::int64_t> inputs;  // per row, each of caseload_options::kept_inputs

    void clear() {
        row.clear();
        ids.clear();
        id_end.clear();
        lo.clear();
        hi.clear();
        inputs.clear();
    }
    [[nodiscard]] std::string_view id(std::size_t r) const noexcept {
        const std::size_t start = r == 0 ? 0 : id_end[r - 1];
        return std::string_view(ids).substr(start, id_end[r] - start);
    }
};

/// What one part of the input gave: the lines written for its rows that
/// evaluated, the errors of the others (by row in the file), and the tallies.
struct caseload_part {
    text_buffer out;
    std::vector<input_error> errors;
    std::size_t rows = 0, written = 0, reported = 0;
    kept_rows kept;  // when caseload_options::keep_results
};

struct caseload_options {
    caseload_format in = caseload_format::csv;
    std::string csv_header;  // the header line of a CSV input
    bool json_out = false;
    csv_style style;
    unsigned threads = 0;          // 0: all cores
    std::size_t part_rows = 65536;  // rows read and evaluated at a time, per thread
    /// Writes a row's errors into the output, in row order, instead of into
    /// caseload_part::errors (the service's JSON lines); null: not.
    std::function<void(text_buffer& out, std::size_t row, const std::vector<input_error>& errors)> error_line;
    /// Keeps each evaluated row's case id, outputs and `kept_inputs` (indexes among
    /// plan::inputs()) in caseload_part::kept; `write_lines` false writes no lines.
    bool keep_results = false;
    std::vector<std::size_t> kept_inputs;
    bool write_lines = true;
};

}  // namespace trappe::detail
