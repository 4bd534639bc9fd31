// Access log lines; see access_log.hpp.

#include "access_log.hpp"

#include <chrono>
#include <ctime>
#include <algorithm>
#include <string>

namespace trappe::serve {

access_log::access_log(std::FILE* out) : out_(out) {
    if (out_ == nullptr) return;
    std::setvbuf(out_, nullptr, _IOFBF, 1 << 16);
    flusher_ = std::jthread([this](const std::stop_token& stop) { flush_every_quarter_second(stop); });
}

access_log::~access_log() {
    if (out_ == nullptr) return;
    flusher_.request_stop();
    flusher_.join();
    std::fflush(out_);
}

void access_log::flush_every_quarter_second(const std::stop_token& stop) {
    std::unique_lock lock(mutex_);
    while (!stop.stop_requested()) {
        wake_.wait_for(lock, stop, std::chrono::milliseconds(250), [] { return false; });
        std::fflush(out_);
    }
}

void access_log::write(const exchange_record& r) {
    if (out_ == nullptr) return;
    const auto now = std::chrono::system_clock::now();
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm utc{};
    gmtime_r(&t, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &utc);
    char line[512];
    const int n = std::snprintf(line, sizeof line,
                                "time=%s.%03dZ id=%s method=%s endpoint=%s pack=%s rows=%zu failed_rows=%zu status=%u ms=%.3f\n",
                                stamp, static_cast<int>(ms), r.id.c_str(), r.method.c_str(), r.endpoint.c_str(),
                                r.pack.c_str(), r.rows, r.failed_rows, r.status, r.seconds * 1000);
    if (n <= 0) return;
    const std::lock_guard lock(mutex_);
    std::fwrite(line, 1, std::min(static_cast<std::size_t>(n), sizeof line - 1), out_);
}

}  // namespace trappe::serve
