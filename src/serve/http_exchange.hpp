#pragma once
// One HTTP request and its response as the service sees them, free of Beast,
// so only http_server.cpp compiles the Beast headers.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trappe::serve {

struct http_request {
    std::string method;         // "GET", "POST", ...
    std::string target;         // path and query, as sent
    std::string authorization;  // the Authorization header, "" when absent
    std::string body;
};

struct http_response {
    unsigned status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // extra headers
};

using header_list = std::vector<std::pair<std::string, std::string>>;

/// How the body of a streamed request ended.
enum class stream_end : std::uint8_t {
    complete,     // every byte of it was read and fed
    too_large,    // it passed the limit of streamed bodies
    bad_body,     // its chunked encoding was broken
    stopped,      // feed() returned false
    timed_out,    // the client stopped sending or reading
    client_gone,  // the connection closed or failed
};

/// Where a stream's work runs: `run` runs a piece of work later on one of
/// `threads` threads of the server (the work must not throw); without `run`,
/// work runs at once on the caller's thread.
struct work_pool {
    std::function<void(std::function<void()>)> run;
    unsigned threads = 1;
};

/// A request whose body the handler takes in pieces as it arrives, answering as
/// it goes (the batch endpoint): the server sends head() at once, hands every
/// piece of the body to feed() and writes what comes back as chunks of one
/// response, and calls end() exactly once. The stream may hand work to the
/// work_pool it was made with; after each piece of work the server calls
/// collect(), and when done() after end(), it sends trailers(). Memory stays
/// that of a few pieces, not of the body. Called from one thread at a time.
class body_stream {
public:
    virtual ~body_stream() = default;
    /// The status and headers (a `Trailer` header names what trailers() gives); `body` is unused.
    [[nodiscard]] virtual http_response head() = 0;
    /// Takes the next piece; appends any output to `out`. `more_waiting`: more of
    /// the body has arrived already, so output may wait for it. False: the stream
    /// cannot go on (end() says why).
    [[nodiscard]] virtual bool feed(std::string_view piece, bool more_waiting, std::string& out) = 0;
    /// Appends the output of work finished since. A stream that cannot go on
    /// (work failed) is done() before end(); the server then ends it as `stopped`.
    virtual void collect(std::string& out) = 0;
    /// Whether the server may read more of the body now (little work is waiting).
    [[nodiscard]] virtual bool wants_more() const = 0;
    /// The body ended or was cut off: what is left is answered or dropped. After
    /// `timed_out` and `client_gone` nothing more is sent.
    virtual void end(stream_end how, std::string& out) = 0;
    /// The last output is out and no work's output is still to come: after end(),
    /// or before it when the stream stopped on its own.
    [[nodiscard]] virtual bool done() const = 0;
    /// When done(): the trailer fields.
    [[nodiscard]] virtual header_list trailers() const = 0;
};

/// The service behind the HTTP server: turns one request into one response.
/// Called concurrently from the server's threads.
class http_handler {
public:
    virtual ~http_handler() = default;
    [[nodiscard]] virtual http_response handle(http_request& request) = 0;
    /// A request whose header has arrived and whose body has not: a stream to
    /// feed the body to, or null to read it whole and call handle(). `request.body`
    /// is empty. The stream may hand work to `pool`, which outlives it.
    [[nodiscard]] virtual std::unique_ptr<body_stream> stream(const http_request& request, work_pool pool) = 0;
    /// A response for a request the server refused before the handler saw it
    /// (a body over the limit); recorded in the log and the metrics like any other.
    [[nodiscard]] virtual http_response refuse(unsigned status, const std::string& code, const std::string& message) = 0;
};

}  // namespace trappe::serve
