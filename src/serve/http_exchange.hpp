#pragma once
// One HTTP request and its response as the service sees them, free of Beast,
// so only http_server.cpp compiles the Beast headers.

#include <cstddef>
#include <string>
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

/// The service behind the HTTP server: turns one request into one response.
/// Called concurrently from the server's threads.
class http_handler {
public:
    virtual ~http_handler() = default;
    [[nodiscard]] virtual http_response handle(http_request& request) = 0;
    /// A response for a request the server refused before the handler saw it
    /// (a body over the limit); recorded in the log and the metrics like any other.
    [[nodiscard]] virtual http_response refuse(unsigned status, const std::string& code, const std::string& message) = 0;
};

}  // namespace trappe::serve
