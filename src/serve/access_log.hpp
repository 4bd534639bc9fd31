#pragma once
// The access log: one line per request, with no value from any profile.

#include <cstdio>
#include <mutex>

#include "exchange_record.hpp"

namespace trappe::serve {

/// Writes `time=... id=... method=... endpoint=... pack=... rows=... status=... ms=...`
/// lines to `out`, whole lines at a time from any thread. A null `out` writes nothing.
class access_log {
public:
    explicit access_log(std::FILE* out) : out_(out) {}
    void write(const exchange_record& r);

private:
    std::mutex mutex_;
    std::FILE* out_;
};

}  // namespace trappe::serve
