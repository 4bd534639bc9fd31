#pragma once
// The records of a caseload text: one per line, blank lines none (private to the
// columnar readers and the caseload run).

#include <cstddef>
#include <string_view>

namespace trappe::detail {

/// Whether a line holds nothing but spaces, tabs and a carriage return.
[[nodiscard]] inline bool blank_line(std::string_view line) noexcept {
    for (const char c : line)
        if (c != ' ' && c != '\t' && c != '\r') return false;
    return true;
}

/// Calls `read(line, row)` for each line of `text` that is not blank, rows
/// numbered from 1 (the last line may lack its line break); returns the rows.
template <class Read>
std::size_t for_each_record(std::string_view text, Read&& read) {
    std::size_t row = 0;
    for (std::size_t start = 0; start < text.size();) {
        std::size_t eol = text.find('\n', start);
        if (eol == std::string_view::npos) eol = text.size();
        const std::string_view line = text.substr(start, eol - start);
        start = eol + 1;
        if (!blank_line(line)) read(line, ++row);
    }
    return row;
}

}  // namespace trappe::detail
