#pragma once
// The batch endpoint's JSON lines through the caseload run that `trappe batch`
// uses (src/eval/caseload_run.hpp), taken piece by piece as the body arrives:
// whole lines are evaluated once enough have gathered, or at once when no more
// has arrived, so memory holds a few MiB whatever the size of the body. Every
// row in is one line out, in input order; a last line sums the rows up.

#include <cstddef>
#include <string>
#include <string_view>

#include "eval/caseload_run.hpp"
#include "http_exchange.hpp"

namespace trappe::serve {

class batch_stream {
public:
    /// A line longer than this ends the batch (line_too_long): no profile is that long.
    static constexpr std::size_t max_line = 1 << 20;

    /// `p` must outlive the stream (the request holds its pack snapshot).
    batch_stream(const plan& p, std::string pack, std::string hash);

    /// Takes the next piece of the body; appends the lines of the rows it
    /// completes. `more_waiting`: more has arrived already, so the rows may wait
    /// to be evaluated with it. False once the batch cannot go on (a line too long).
    [[nodiscard]] bool feed(std::string_view piece, bool more_waiting, std::string& out);

    /// The body ended: evaluates what is left and appends the summary line.
    void finish(std::string& out);

    /// The body was cut off (`code`, `message`): evaluates the whole lines that
    /// did arrive (unless `evaluate_arrived` is false) and appends a summary line
    /// that says the batch is incomplete.
    void cut(std::string_view code, std::string_view message, std::string& out, bool evaluate_arrived = true);

    [[nodiscard]] std::size_t rows() const noexcept { return written_ + failed_; }
    [[nodiscard]] std::size_t written() const noexcept { return written_; }
    [[nodiscard]] std::size_t failed() const noexcept { return failed_; }
    /// "complete", or the code of what cut the batch short ("" while it runs).
    [[nodiscard]] const std::string& status() const noexcept { return status_; }

private:
    void run(std::string_view text, std::string& out);
    void run_whole_lines(std::string& out);
    void summary(std::string_view message, std::string& out);

    std::string pack_, hash_;
    detail::caseload_run run_;
    std::string pending_;  // the body after the last line evaluated
    std::size_t written_ = 0, failed_ = 0;
    std::string status_;
};

/// The names of the fields batch_counts() gives, for the `Trailer` header.
inline constexpr const char* batch_count_names = "X-Trappe-Rows, X-Trappe-Rows-Written, X-Trappe-Rows-Failed, X-Trappe-Batch-Status";

/// The row counts as header (or trailer) fields: X-Trappe-Rows = X-Trappe-Rows-Written +
/// X-Trappe-Rows-Failed, and X-Trappe-Batch-Status ("complete" or the code that cut it short).
[[nodiscard]] header_list batch_counts(const batch_stream& batch);

}  // namespace trappe::serve
