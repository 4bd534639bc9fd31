#pragma once
// A caseload through read → evaluate → write, in parts on all cores, with row
// accounting that cannot fail (private; used by `trappe batch` and `trappe
// follow`; the service's batch stream runs caseload workers on its own threads).

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "caseload_part.hpp"
#include "caseload_worker.hpp"
#include "decision_lines.hpp"
#include "trappe/eval/profile_reader.hpp"

namespace trappe::detail {

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
    const plan& p_;
    caseload_options o_;
    decision_lines lines_;
    std::vector<std::unique_ptr<caseload_worker>> workers_;
    std::size_t rows_ = 0;
};

}  // namespace trappe::detail
