#pragma once
// One part of a caseload, read → evaluate → write on the calling thread: its
// lines in input order, every row either written or reported (private to the
// caseload run and the service's batch stream). A worker keeps its buffers from
// part to part; one part at a time.

#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "caseload_part.hpp"
#include "csv_block_reader.hpp"
#include "decision_lines.hpp"
#include "json_block_reader.hpp"
#include "profile_block.hpp"

namespace trappe::detail {

class caseload_worker {
public:
    /// `p`, `options` and `lines` must outlive the worker.
    caseload_worker(const plan& p, const caseload_options& options, const decision_lines& lines);

    /// Reads, evaluates and writes `text` (whole lines holding `rows` rows, the
    /// first numbered first_row + 1) into part(); an exception is kept in failed().
    void run(std::string_view text, std::size_t rows, std::size_t first_row);
    /// The same for rows already read (a JSON document read whole), numbered from first_row + 1.
    void run(const std::vector<profile_row>& rows, std::size_t first_row);

    [[nodiscard]] caseload_part& part() noexcept { return part_; }
    [[nodiscard]] const caseload_part& part() const noexcept { return part_; }
    [[nodiscard]] std::exception_ptr failed() const noexcept { return failed_; }

private:
    static std::variant<csv_block_reader, json_block_reader> reader_for(const plan& p, const caseload_options& o);
    void clear();
    void read(std::string_view text, std::size_t rows);

    void read(const std::vector<profile_row>& rows);

    // Evaluates the rows of the block from k on, a slice at a time: the slice's
    // results are written out while they are still in cache.
    void evaluate_slice(std::size_t k);

    void report(std::size_t row, std::vector<input_error> errors);

    // The values of row `at` of the slice (row k of the block), for an analysis.
    void keep(std::size_t row, std::string_view id, std::size_t at, std::size_t k);

    // Every row of the part, in order: written, or reported with its errors.
    void write(std::size_t first_row);

    const plan& p_;
    const caseload_options& options_;
    const decision_lines& lines_;
    std::variant<csv_block_reader, json_block_reader> reader_;
    profile_block block_;
    // Rows evaluated at a time: their results_ (as narrow as the outputs) stay in
    // cache until their lines_ are written.
    static constexpr std::size_t slice_rows = 2048;
    block_results results_;
    std::vector<input_column> slice_inputs_;
    std::size_t slice_start_ = 0, slice_end_ = 0;  // the rows of the block_ in `results_`
    batch_summary summary_;                     // of the slice; `problem_` points into it
    std::vector<const input_error*> problem_;   // per row of the slice: its problem_, if any
    std::optional<std::size_t> borger_id_;
    caseload_part part_;
    std::exception_ptr failed_;
};

}  // namespace trappe::detail
