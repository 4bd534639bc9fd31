#pragma once
// The bearer token that guards a service listening beyond the loopback address.

#include <string>
#include <string_view>

namespace trappe::serve {

/// The token in `path` (surrounding whitespace and the line break removed).
/// Throws std::runtime_error naming the path when it cannot be read or holds
/// no token; the message never quotes the file.
[[nodiscard]] std::string read_token_file(const std::string& path);

/// Whether `authorization` is "Bearer <token>". Compares in time that depends
/// on the lengths only, never on where the texts first differ.
[[nodiscard]] bool bearer_matches(std::string_view authorization, std::string_view token) noexcept;

}  // namespace trappe::serve
