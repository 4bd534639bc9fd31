#pragma once
// JSON lines straight into a profile_block (private to the caseload run).

#include <memory>
#include <string_view>

#include "profile_block.hpp"

namespace trappe::detail {

/// Reads JSON lines into columns, with no JSON value and no profile built: first
/// with the plain scanner (json_plain_scan.hpp), which takes the flat objects of
/// printable ASCII that programs write, then with Boost.JSON's streaming (SAX)
/// parser, whose strings come unescaped. A line neither takes (not valid JSON or
/// UTF-8, not a flat object, an unknown, missing or repeated key, a bad value) goes
/// through read_json_line_exact, which words every problem of the row; so a block
/// holds exactly what read_json_profiles would give for JSON lines. Copy-free; one
/// per thread: reading is not thread-safe.
class json_block_reader {
public:
    explicit json_block_reader(const plan& p);
    ~json_block_reader();
    json_block_reader(json_block_reader&&) noexcept;

    /// Reads the lines of `text` (whole lines; blank lines are no rows) into
    /// `block`, numbering its rows from 1. Returns the number of rows.
    std::size_t read(std::string_view text, profile_block& block);

    /// The lines the plain scanner has read so far (the rest took the slower paths).
    [[nodiscard]] std::size_t plain_lines() const noexcept;

private:
    struct state;
    std::unique_ptr<state> s_;
};

}  // namespace trappe::detail
