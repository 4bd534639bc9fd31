#pragma once
// What the access log and the metrics learn about one request: never a value
// from its body, only which endpoint and pack, how many rows, and the outcome.

#include <cstddef>
#include <string>

namespace trappe::serve {

struct exchange_record {
    std::string id;              // the request id, also sent back as X-Request-Id
    std::string method = "-";    // a known method, else "-"
    std::string endpoint = "-";  // the route's name: "evaluate", "packs", ...; "-" for no route
    std::string pack = "-";      // a loaded pack's name, never the text of the URL
    std::size_t rows = 0;        // rows evaluated or in error
    std::size_t failed_rows = 0; // rows in error
    unsigned status = 0;
    double seconds = 0;
};

}  // namespace trappe::serve
