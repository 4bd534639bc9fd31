// Prometheus counters; see metrics.hpp.

#include "metrics.hpp"

#include <cstdio>

namespace trappe::serve {

void metrics::record(const exchange_record& r) {
    const std::lock_guard lock(mutex_);
    ++requests_[{r.endpoint, r.status}];
    histogram& h = latency_[r.endpoint];
    std::size_t b = 0;
    while (b < bounds.size() && r.seconds > bounds[b]) ++b;
    if (b < bounds.size()) ++h.buckets[b];
    ++h.count;
    h.sum += r.seconds;
    if (r.pack != "-" && r.rows != 0) {
        auto& [evaluated, failed] = rows_[r.pack];
        evaluated += r.rows - r.failed_rows;
        failed += r.failed_rows;
    }
}

void metrics::reloaded(bool ok) {
    const std::lock_guard lock(mutex_);
    ++(ok ? reloads_ok_ : reloads_failed_);
}

std::string metrics::render(std::size_t packs) const {
    const std::lock_guard lock(mutex_);
    std::string out;
    char number[64];
    const auto add = [&](const std::string& name, const std::string& labels, double v) {
        std::snprintf(number, sizeof number, "%.17g", v);
        out += name + (labels.empty() ? "" : "{" + labels + "}") + ' ' + number + '\n';
    };
    out += "# HELP trappe_requests_total HTTP requests by endpoint and status.\n# TYPE trappe_requests_total counter\n";
    for (const auto& [key, n] : requests_)
        add("trappe_requests_total", "endpoint=\"" + key.first + "\",status=\"" + std::to_string(key.second) + "\"",
            static_cast<double>(n));
    out += "# HELP trappe_request_duration_seconds Time from a request's arrival to its response.\n"
           "# TYPE trappe_request_duration_seconds histogram\n";
    for (const auto& [endpoint, h] : latency_) {
        std::uint64_t cumulative = 0;
        for (std::size_t b = 0; b < bounds.size(); ++b) {
            cumulative += h.buckets[b];
            std::snprintf(number, sizeof number, "%g", bounds[b]);
            add("trappe_request_duration_seconds_bucket", "endpoint=\"" + endpoint + "\",le=\"" + number + "\"",
                static_cast<double>(cumulative));
        }
        add("trappe_request_duration_seconds_bucket", "endpoint=\"" + endpoint + "\",le=\"+Inf\"", static_cast<double>(h.count));
        add("trappe_request_duration_seconds_sum", "endpoint=\"" + endpoint + "\"", h.sum);
        add("trappe_request_duration_seconds_count", "endpoint=\"" + endpoint + "\"", static_cast<double>(h.count));
    }
    out += "# HELP trappe_rows_total Profile rows by pack and outcome.\n# TYPE trappe_rows_total counter\n";
    for (const auto& [pack, counts] : rows_) {
        add("trappe_rows_total", "pack=\"" + pack + "\",outcome=\"evaluated\"", static_cast<double>(counts.first));
        add("trappe_rows_total", "pack=\"" + pack + "\",outcome=\"error\"", static_cast<double>(counts.second));
    }
    out += "# HELP trappe_reloads_total Reloads of the rule packs (SIGHUP) by result.\n# TYPE trappe_reloads_total counter\n";
    add("trappe_reloads_total", "result=\"ok\"", static_cast<double>(reloads_ok_));
    add("trappe_reloads_total", "result=\"failed\"", static_cast<double>(reloads_failed_));
    out += "# HELP trappe_packs_loaded Rule packs being served.\n# TYPE trappe_packs_loaded gauge\n";
    add("trappe_packs_loaded", "", static_cast<double>(packs));
    return out;
}

}  // namespace trappe::serve
