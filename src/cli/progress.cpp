// Progress lines; see progress.hpp.

#include "progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <iostream>

namespace trappe::cli {

progress_meter::progress_meter(std::string command, bool quiet, double every_seconds, std::uint64_t input_bytes)
    : command_(std::move(command)),
      quiet_(quiet),
      terminal_(isatty(STDERR_FILENO) != 0),
      every_(terminal_ ? 0.2 : every_seconds),
      input_bytes_(input_bytes) {}

std::string progress_meter::describe(std::uint64_t rows, std::uint64_t bytes_read, double seconds) const {
    std::string text = std::to_string(rows) + " rows, " +
                       std::to_string(static_cast<std::uint64_t>(static_cast<double>(rows) / std::max(seconds, 1e-9))) +
                       " rows/s";
    if (input_bytes_ > 0 && bytes_read > 0) {
        const double share = std::min(1.0, static_cast<double>(bytes_read) / static_cast<double>(input_bytes_));
        text += ", " + std::to_string(static_cast<int>(share * 100)) + "% of the input";
        const double left = seconds * (1 - share) / share;
        text += ", about " + std::to_string(static_cast<std::uint64_t>(std::ceil(left))) + " s left";
    }
    return text;
}

void progress_meter::update(std::uint64_t rows, std::uint64_t bytes_read) {
    if (quiet_) return;
    const clock::time_point now = clock::now();
    if (std::chrono::duration<double>(now - last_).count() < every_) return;
    last_ = now;
    const std::string text = describe(rows, bytes_read, std::chrono::duration<double>(now - start_).count());
    if (terminal_) {
        std::cerr << "\r\x1b[K  " << text << std::flush;
        drawn_ = true;
    } else {
        std::cerr << "trappe " << command_ << ": progress: " << text << '\n';
    }
}

void progress_meter::finish() {
    if (drawn_) std::cerr << "\r\x1b[K" << std::flush;
    drawn_ = false;
}

}  // namespace trappe::cli
