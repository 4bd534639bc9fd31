#pragma once
// Counters for GET /metrics in the Prometheus text format: requests and their
// latencies by endpoint and status, rows by pack, reloads. No value from a profile.

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "exchange_record.hpp"

namespace trappe::serve {

class metrics {
public:
    void record(const exchange_record& r);
    void reloaded(bool ok);
    /// The exposition text; `packs` is the number of packs loaded now.
    [[nodiscard]] std::string render(std::size_t packs) const;

private:
    static constexpr std::array<double, 12> bounds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                   0.05,   0.1,   0.25,   0.5,   1,    5};
    struct histogram {
        std::array<std::uint64_t, bounds.size()> buckets{};  // counts per bucket, not cumulative
        std::uint64_t count = 0;
        double sum = 0;
    };
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, unsigned>, std::uint64_t> requests_;  // (endpoint, status)
    std::map<std::string, histogram> latency_;                           // by endpoint
    std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> rows_; // pack: (evaluated, in error)
    std::uint64_t reloads_ok_ = 0, reloads_failed_ = 0;
};

}  // namespace trappe::serve
