#pragma once
// A caseload through read → evaluate → write, in parts on all cores, with row
// accounting that cannot fail (private; used by `trappe batch` and the service's
// batch endpoint).

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "decision_lines.hpp"
#include "trappe/eval/profile_reader.hpp"

namespace trappe::detail {

enum class caseload_format : std::uint8_t { csv, json_lines };

/// What one part of the input gave: the lines written for its rows that
/// evaluated, the errors of the others (by row in the file), and the tallies.
struct caseload_part {
    text_buffer out;
    std::vector<input_error> errors;
    std::size_t rows = 0, written = 0, reported = 0;
};

struct caseload_options {
    caseload_format in = caseload_format::csv;
    std::string csv_header;  // the header line of a CSV input
    bool json_out = false;
    csv_style style;
    unsigned threads = 0;          // 0: all cores
    std::size_t part_rows = 65536;  // rows read and evaluated at a time, per thread
    /// Text smaller than this per thread is not split (a thread costs more than
    /// it saves on a few rows); 0: always one part per thread.
    std::size_t min_part_bytes = 0;
    /// Writes a row's errors into the output, in row order, instead of into
    /// caseload_part::errors (the service's JSON lines); null: not.
    std::function<void(text_buffer& out, std::size_t row, const std::vector<input_error>& errors)> error_line;
};

/// Runs whole lines of input through the columnar readers, evaluate_batch and
/// decision_lines. Every row in is either written or reported, in input order;
/// rows are numbered from 1 across every call, blank lines are no rows. Not
/// thread-safe (it runs its own threads).
class caseload_run {
public:
    /// Throws io_error when the CSV header is not a header of the pack's fields.
    caseload_run(const plan& p, caseload_options options);
    ~caseload_run();

    /// The CSV header of the output ("" for JSON lines).
    [[nodiscard]] std::string output_header() const;

    /// Processes `text` (whole lines, the last one may lack its line break) and
    /// hands each part to `sink`, in order.
    void process(std::string_view text, const std::function<void(caseload_part&)>& sink);

    /// Processes rows already read (a JSON document read whole), in one part.
    void process(const std::vector<profile_row>& rows, const std::function<void(caseload_part&)>& sink);

    /// Rows so far.
    [[nodiscard]] std::size_t rows() const noexcept { return rows_; }

private:
    struct worker;
    const plan& p_;
    caseload_options o_;
    decision_lines lines_;
    std::vector<std::unique_ptr<worker>> workers_;
    std::size_t rows_ = 0;
};

}  // namespace trappe::detail
