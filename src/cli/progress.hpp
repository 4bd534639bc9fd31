#pragma once
// Progress of a long run on stderr.

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <string>

namespace trappe::cli {

/// Reports how far a run has come: rows, rows per second, the share of the input
/// read and the time left, estimated from bytes. Never a value from a row. On a
/// terminal, a bar redrawn in place a few times a second:
///
///     [##########--------------]  42%  420000 rows, 395000 rows/s, about 2 s left
///
/// otherwise (cron, CI, a log file) a line every `every_seconds`, so a long run is
/// never silent:
///
///     trappe batch: progress: 420000 rows, 395000 rows/s, 42% of the input, about 2 s left
///
/// Nothing at all when `quiet`.
class progress_meter {
public:
    /// To stderr, as a bar when stderr is a terminal.
    progress_meter(std::string command, bool quiet, double every_seconds, std::uint64_t input_bytes);
    /// To `out`, as a bar when `terminal` (for tests).
    progress_meter(std::string command, bool quiet, double every_seconds, std::uint64_t input_bytes, std::ostream& out,
                   bool terminal);

    /// Called after each chunk; prints when a line is due.
    void update(std::uint64_t rows, std::uint64_t bytes_read);

    /// Clears the terminal line, before the summary.
    void finish();

private:
    using clock = std::chrono::steady_clock;
    std::string describe(std::uint64_t rows, std::uint64_t bytes_read, double seconds) const;
    std::string bar(std::uint64_t rows, std::uint64_t bytes_read, double seconds) const;

    std::string command_;
    std::ostream& out_;
    bool quiet_, terminal_;
    double every_;
    std::uint64_t input_bytes_;
    clock::time_point start_ = clock::now(), last_ = start_;
    bool drawn_ = false;
};

}  // namespace trappe::cli
