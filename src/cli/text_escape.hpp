#pragma once
// Text as a JSON string or a CSV cell, for the lines the CLI writes itself.

#include <string>
#include <string_view>

namespace trappe::cli {

/// `s` as a JSON string with quotes, escaping '"', '\\' and control characters.
[[nodiscard]] std::string json_string(std::string_view s);

/// `s` as a CSV cell: quoted (quotes doubled) when it holds a separator (',' or
/// ';'), a quote or a line break ('\n' or '\r'), else as it is.
[[nodiscard]] std::string csv_field(std::string_view s);

}  // namespace trappe::cli
