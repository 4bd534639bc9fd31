#pragma once
// The service: routes requests to the endpoints, checks the bearer token, and
// records every request in the access log and the metrics.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "access_log.hpp"
#include "http_exchange.hpp"
#include "metrics.hpp"
#include "pack_set.hpp"

namespace trappe::serve {

class service : public http_handler {
public:
    /// `token` "" serves without authentication (loopback only; the CLI enforces that).
    service(pack_registry& packs, access_log& log, std::string token);

    [[nodiscard]] http_response handle(http_request& request) override;
    /// A batch request with a known pack and a good query (and token): its body
    /// is evaluated as it arrives. Anything else is null, answered by handle().
    [[nodiscard]] std::unique_ptr<body_stream> stream(const http_request& request, work_pool pool) override;
    [[nodiscard]] http_response refuse(unsigned status, const std::string& code, const std::string& message) override;

    /// SIGHUP: loads the packs again; on errors the packs in service stay.
    void reload();

private:
    [[nodiscard]] http_response route(http_request& request, exchange_record& record);
    [[nodiscard]] http_response finish(http_response response, exchange_record& record, double started);
    [[nodiscard]] std::string next_id();

    pack_registry& packs_;
    access_log& log_;
    metrics metrics_;
    std::string token_;
    std::string id_prefix_;
    std::atomic<std::uint64_t> requests_{0};
};

}  // namespace trappe::serve
