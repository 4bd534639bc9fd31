#pragma once
// The access log: one line per request, with no value from any profile.

#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

#include "exchange_record.hpp"

namespace trappe::serve {

/// Writes `time=... id=... method=... endpoint=... pack=... rows=... status=... ms=...`
/// lines to `out`, whole lines at a time from any thread. A null `out` writes
/// nothing. Lines are buffered and flushed every quarter second and when the log
/// is destroyed, so a request costs no write of its own.
class access_log {
public:
    explicit access_log(std::FILE* out);
    ~access_log();
    access_log(const access_log&) = delete;
    access_log& operator=(const access_log&) = delete;

    void write(const exchange_record& r);

private:
    void flush_every_quarter_second(const std::stop_token& stop);

    std::mutex mutex_;
    std::condition_variable_any wake_;
    std::FILE* out_;
    std::jthread flusher_;
};

}  // namespace trappe::serve
