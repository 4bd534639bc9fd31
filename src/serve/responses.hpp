#pragma once
// The service's JSON answers: errors with a stable code, and rows in error.
// Never a profile value: errors name the row and field only.

#include <string>
#include <string_view>
#include <vector>

#include "http_exchange.hpp"
#include "trappe/eval/profile.hpp"

namespace trappe::serve {

/// {"code", "message"}; codes are listed in docs/service.md and never change meaning.
[[nodiscard]] http_response error_response(unsigned status, std::string_view code, std::string_view message);

/// {"code", "message", "errors": [{"row", "field", "message"}]}: a profile that cannot be evaluated.
[[nodiscard]] http_response profile_error_response(const std::vector<input_error>& errors);

/// {"row", "errors": [{"code": "invalid_row", "field", "message"}]}: one row in a result list or batch.
[[nodiscard]] std::string row_error_json(std::size_t row, const std::vector<input_error>& errors);

/// A response with a JSON body and the hash of the pack that answered it.
[[nodiscard]] http_response pack_response(std::string body, const std::string& hash,
                                          std::string content_type = "application/json");

}  // namespace trappe::serve
