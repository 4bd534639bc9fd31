#pragma once
// Text as a JSON string, a CSV cell or HTML text, for every line and page the
// project writes itself (batch output, the CLI's own lines, the service's batch
// rows, the HTML explanation and diff report). Values built as
// Boost.JSON documents go through detail::write_json instead. Private to src/.

#include <string>
#include <string_view>

namespace trappe::detail {

/// Appends `s` as a JSON string with its quotes, escaping '"', '\\' and control
/// characters. `s` is expected to be valid UTF-8 (the readers check text inputs).
void append_json_string(std::string& out, std::string_view s);

/// `s` as a JSON string with its quotes.
[[nodiscard]] std::string json_string(std::string_view s);

/// How a CSV cell is written.
struct csv_style {
    /// Neutralises a cell that a spreadsheet would run as a formula (it starts
    /// with '=', '+', '-' or '@', or a tab or carriage return before one) by
    /// putting a single quote in front of it, as OWASP advises for CSV injection.
    bool spreadsheet_safe = false;
};

/// Appends `s` as a CSV cell: quoted (quotes doubled) when it holds a separator
/// (',' or ';'), a quote, a line feed or a carriage return, else as it is.
void append_csv_cell(std::string& out, std::string_view s, csv_style style = {});

/// The most bytes append_json_string or put_csv_cell writes for `size` bytes of text.
[[nodiscard]] constexpr std::size_t json_string_bound(std::size_t size) noexcept { return 6 * size + 2; }
[[nodiscard]] constexpr std::size_t csv_cell_bound(std::size_t size) noexcept { return 2 * size + 3; }

/// Writes `s` as a JSON string or a CSV cell at `at` (with room for the bound
/// above) and returns the end: the same text as append_json_string and
/// append_csv_cell, for writers with a raw cursor (text_buffer.hpp).
char* put_json_string(char* at, std::string_view s) noexcept;
char* put_csv_cell(char* at, std::string_view s, csv_style style = {}) noexcept;

/// `s` as a CSV cell.
[[nodiscard]] std::string csv_cell(std::string_view s, csv_style style = {});

/// `s` as HTML text or an attribute value in quotes: '&', '<', '>', '"' and '\''
/// become character references.
[[nodiscard]] std::string html_escape(std::string_view s);

}  // namespace trappe::detail
