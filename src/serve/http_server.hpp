#pragma once
// The HTTP/1.1 server: a fixed pool of threads over Boost.Asio, keep-alive,
// a body limit, timeouts for idle and slow clients, SIGHUP and SIGTERM.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "http_exchange.hpp"

namespace trappe::serve {

struct server_options {
    std::string address = "127.0.0.1";
    std::uint16_t port = 8080;  // 0: any free port (the one chosen is announced)
    unsigned threads = 0;       // 0: one per core
    std::size_t body_limit = 64 * 1024 * 1024;  // a body read whole (every endpoint but a streamed batch)
    std::uint64_t batch_limit = std::uint64_t{16} << 30;  // a streamed batch body
    std::size_t batch_backlog = 32 * 1024 * 1024;  // answers of a stream not yet taken by the client; reading waits beyond
    std::chrono::milliseconds idle_timeout{10'000};     // from the end of one request to the next request's header
    std::chrono::milliseconds request_timeout{60'000};  // to receive a body, and to send a response
    // A streamed batch has no deadline as a whole: it is cut off when a request
    // timeout passes with less than this received and sent.
    static constexpr std::size_t stream_min_progress = 64 * 1024;
};

/// Called once the socket is bound: the address and port it listens on.
using on_listening = std::function<void(const std::string& address, std::uint16_t port)>;

/// Serves until SIGTERM or SIGINT, then drains: stops accepting, closes idle
/// connections, lets requests in progress finish and returns. SIGHUP calls
/// `reload` (on one of the pool's threads; the others go on serving). Throws
/// std::runtime_error when the address cannot be bound.
void run_server(const server_options& options, http_handler& handler, const std::function<void()>& reload,
                const on_listening& listening);

}  // namespace trappe::serve
