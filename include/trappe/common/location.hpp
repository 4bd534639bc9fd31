#pragma once
// Positions in rule source text.

#include <cstdint>

namespace trappe {

/// Identifies one loaded source file inside a `source_manager`.
using file_id = std::uint32_t;

/// A position in a rule file: 1-based line and column (column counts Unicode
/// code points, so "æ" is one column). A default location means "no position".
struct location {
    file_id file = 0;
    std::uint32_t line = 0;
    std::uint32_t column = 0;

    [[nodiscard]] bool valid() const noexcept { return line != 0; }
    friend bool operator==(const location&, const location&) = default;
};

}  // namespace trappe
