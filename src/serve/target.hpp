#pragma once
// A request target split into path segments and query parameters.

#include <string>
#include <utility>
#include <vector>

namespace trappe::serve {

struct parsed_target {
    std::vector<std::string> segments;                        // "/v1/packs/x" -> {"v1", "packs", "x"}
    std::vector<std::pair<std::string, std::string>> query;  // percent-decoded, in order
    bool ok = true;                                           // false: a bad percent escape
};

[[nodiscard]] parsed_target parse_target(std::string_view target);

}  // namespace trappe::serve
