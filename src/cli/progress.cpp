// Progress lines; see progress.hpp.

#include "progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace trappe::cli {
namespace {

constexpr int bar_width = 24;

std::uint64_t rate(std::uint64_t rows, double seconds) {
    return static_cast<std::uint64_t>(static_cast<double>(rows) / std::max(seconds, 1e-9));
}

double share_of(std::uint64_t bytes_read, std::uint64_t input_bytes) {
    return std::min(1.0, static_cast<double>(bytes_read) / static_cast<double>(input_bytes));
}

std::uint64_t seconds_left(double share, double seconds) {
    return static_cast<std::uint64_t>(std::ceil(seconds * (1 - share) / share));
}

}  // namespace

progress_meter::progress_meter(std::string command, bool quiet, double every_seconds, std::uint64_t input_bytes)
    : progress_meter(std::move(command), quiet, every_seconds, input_bytes, std::cerr, isatty(STDERR_FILENO) != 0) {}

progress_meter::progress_meter(std::string command, bool quiet, double every_seconds, std::uint64_t input_bytes,
                               std::ostream& out, bool terminal)
    : command_(std::move(command)),
      out_(out),
      quiet_(quiet),
      terminal_(terminal),
      every_(terminal_ ? std::min(every_seconds, 0.2) : every_seconds),
      input_bytes_(input_bytes) {}

std::string progress_meter::describe(std::uint64_t rows, std::uint64_t bytes_read, double seconds) const {
    std::ostringstream text;
    text << rows << " rows, " << rate(rows, seconds) << " rows/s";
    if (input_bytes_ > 0 && bytes_read > 0) {
        const double share = share_of(bytes_read, input_bytes_);
        text << ", " << static_cast<int>(share * 100) << "% of the input, about " << seconds_left(share, seconds)
             << " s left";
    }
    return text.str();
}

std::string progress_meter::bar(std::uint64_t rows, std::uint64_t bytes_read, double seconds) const {
    std::ostringstream text;
    if (input_bytes_ == 0 || bytes_read == 0) {
        text << rows << " rows, " << rate(rows, seconds) << " rows/s";
        return text.str();
    }
    const double share = share_of(bytes_read, input_bytes_);
    const int done = static_cast<int>(share * bar_width);
    text << '[' << std::string(static_cast<std::size_t>(done), '#')
         << std::string(static_cast<std::size_t>(bar_width - done), '-') << "] " << std::setw(3)
         << static_cast<int>(share * 100) << "%  " << rows << " rows, " << rate(rows, seconds) << " rows/s, about "
         << seconds_left(share, seconds) << " s left";
    return text.str();
}

void progress_meter::update(std::uint64_t rows, std::uint64_t bytes_read) {
    if (quiet_) return;
    const clock::time_point now = clock::now();
    if (std::chrono::duration<double>(now - last_).count() < every_) return;
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    if (terminal_) {
        out_ << "\r\x1b[K" << bar(rows, bytes_read, seconds) << std::flush;
        drawn_ = true;
    } else {
        out_ << "trappe " << command_ << ": progress: " << describe(rows, bytes_read, seconds) << '\n' << std::flush;
    }
}

void progress_meter::finish() {
    if (drawn_) out_ << "\r\x1b[K" << std::flush;
    drawn_ = false;
}

}  // namespace trappe::cli
