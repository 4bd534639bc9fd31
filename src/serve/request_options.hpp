#pragma once
// The query parameters of the pack endpoints: as_of, param.NAME overrides,
// and the explanation's format, why_not and counterfactual.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "http_exchange.hpp"
#include "pack_set.hpp"
#include "target.hpp"

namespace trappe::serve {

struct request_options {
    std::shared_ptr<const plan> compiled;  // the pack's plan, or one with the overrides
    std::optional<day_number> as_of;
    std::string format = "json";
    bool why_not = false;
    bool counterfactual = false;
};

/// Reads the query of a request to `pk`. `allowed` names the keys this endpoint
/// takes ("as_of", "param" for every param.NAME, "format", "why_not",
/// "counterfactual"). A key not allowed, a value of the wrong form or an
/// override the rules refuse is a 400 response with code "bad_query" or
/// "bad_parameter" (the message names the key, not the value).
[[nodiscard]] std::variant<request_options, http_response> read_options(const pack& pk, const parsed_target& target,
                                                                        const std::vector<std::string_view>& allowed);

}  // namespace trappe::serve
