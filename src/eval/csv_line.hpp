#pragma once
// Splitting one CSV line into cells (private to the profile readers).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trappe::detail {

/// Where a line breaks the quoting rules: the cell (0-based) and what is wrong,
/// in words that name no value.
struct csv_quote_problem {
    std::size_t cell = 0;
    const char* message = "";
};

/// Splits `line` (without its line break; a trailing '\r' is dropped) into
/// `cells`, with RFC 4180 quoting inside the line: a cell that starts with '"'
/// runs to the next lone '"', and "" inside it is one quote. A record never
/// continues on the next line: a quote still open at the end of the line, a quote
/// inside an unquoted cell, or text after a closing quote is a problem of this
/// line only, and the reader goes on at the next one. That keeps one stray quote
/// from swallowing the rest of a file, and lets a reader cut a file into chunks at
/// any line break. Returns the first problem, if any.
std::optional<csv_quote_problem> split_csv_line(std::string_view line, char separator, std::vector<std::string>& cells);

}  // namespace trappe::detail
