#pragma once
// The batch endpoint's JSON lines through the caseload workers that `trappe
// batch` uses (src/eval/caseload_worker.hpp), taken piece by piece as the body
// arrives: whole lines are cut into parts, and each part is evaluated on one of
// the server's threads while more of the body is read and earlier answers are
// written. Memory holds a few parts whatever the size of the body. Every row in
// is one line out, in input order; a last line sums the rows up.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "eval/caseload_worker.hpp"
#include "http_exchange.hpp"

namespace trappe::serve {

class batch_stream {
public:
    /// A line longer than this ends the batch (line_too_long): no profile is that long.
    static constexpr std::size_t max_line = 1 << 20;
    /// Whole lines are cut into parts of about this size while more of the body
    /// keeps coming: big enough that a part costs more than handing it over, small
    /// enough that every core gets one soon.
    static constexpr std::size_t part_bytes = 512 * 1024;

    /// `p` must outlive the stream (the request holds its pack snapshot). Parts
    /// are evaluated on `pool`, or at once on the calling thread without one.
    batch_stream(const plan& p, std::string pack, std::string hash, work_pool pool = {});
    /// Waits for the parts under way.
    ~batch_stream();
    batch_stream(const batch_stream&) = delete;
    batch_stream& operator=(const batch_stream&) = delete;

    /// Takes the next piece of the body; appends the lines of the parts finished
    /// so far. `more_waiting`: more has arrived already, so the rows may wait to
    /// be evaluated with it. False once the batch cannot go on (a line too long).
    [[nodiscard]] bool feed(std::string_view piece, bool more_waiting, std::string& out);

    /// The body ended: evaluates what is left; the summary line follows the last part.
    void finish(std::string& out);

    /// The body was cut off (`code`, `message`): evaluates the whole lines that
    /// did arrive (unless `evaluate_arrived` is false); the summary line, after
    /// the last part, says the batch is incomplete.
    void cut(std::string_view code, std::string_view message, std::string& out, bool evaluate_arrived = true);

    /// Ends the batch as "internal" whatever its state (after an exception in a
    /// call above): no more lines; the summary follows once the parts under way are in.
    void abandon(std::string& out);

    /// Appends the lines of the parts finished since, in input order, and the
    /// summary line once the batch has ended and every part is in. A part that
    /// failed ends the batch with the code "internal" and no more lines.
    void collect(std::string& out);

    /// Parts handed on whose lines have not been collected.
    [[nodiscard]] std::size_t parts_under_way() const noexcept { return parts_.size(); }
    /// Whether more of the body may come now: few enough parts are under way.
    [[nodiscard]] bool wants_more() const noexcept { return parts_.size() < max_parts_; }
    /// The summary line is out: the counts are final.
    [[nodiscard]] bool done() const noexcept { return summary_written_; }

    [[nodiscard]] std::size_t rows() const noexcept { return written_ + failed_; }
    [[nodiscard]] std::size_t written() const noexcept { return written_; }
    [[nodiscard]] std::size_t failed() const noexcept { return failed_; }
    /// "complete", or the code of what cut the batch short ("" while it runs).
    [[nodiscard]] const std::string& status() const noexcept { return status_; }

private:
    struct part;
    void submit_whole_lines();
    void submit(std::string_view text);
    void hand_on(std::unique_ptr<part> job);
    void evaluate(part& job) noexcept;
    void drain(std::string& out);
    void break_off();     // ends the batch as "internal": nothing more is sent
    void drop_pending();  // the body not yet handed on, and its memory
    void summary(std::string& out);

    const plan& p_;
    std::string pack_, hash_;
    work_pool pool_;
    detail::caseload_options options_;
    detail::decision_lines lines_;
    std::size_t max_parts_;

    std::string pending_;  // the body after the last line handed on
    std::string ready_;    // lines of parts evaluated at once (no pool), not yet handed out
    std::size_t rows_handed_on_ = 0;
    std::deque<std::unique_ptr<part>> parts_;  // under way, in input order
    std::size_t written_ = 0, failed_ = 0;
    std::string status_, message_;
    bool summary_written_ = false;
    bool broken_ = false;  // a part failed: nothing more is sent

    // Shared with the parts under way.
    std::mutex mutex_;
    std::vector<std::unique_ptr<detail::caseload_worker>> idle_;
    std::size_t running_ = 0;  // parts handed to the pool and not finished
    std::condition_variable none_running_;
};

/// The names of the fields batch_counts() gives, for the `Trailer` header.
inline constexpr const char* batch_count_names = "X-Trappe-Rows, X-Trappe-Rows-Written, X-Trappe-Rows-Failed, X-Trappe-Batch-Status";

/// The row counts as header (or trailer) fields: X-Trappe-Rows = X-Trappe-Rows-Written +
/// X-Trappe-Rows-Failed, and X-Trappe-Batch-Status ("complete" or the code that cut it short).
[[nodiscard]] header_list batch_counts(const batch_stream& batch);

}  // namespace trappe::serve
