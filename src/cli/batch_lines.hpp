#pragma once
// The lines `trappe batch` writes for evaluated rows: CSV or JSON lines.

#include <string>
#include <string_view>
#include <vector>

#include "batch_chunk.hpp"

namespace trappe::cli {

/// Formats results: CSV with a header (row, borger_id, each batch output,
/// determined; an undetermined value as "lo..hi"), or JSON lines
/// ({"row", "borger_id", "outputs": {name: value or {"from", "to"}}, "determined"}).
class batch_lines {
public:
    batch_lines(const plan& p, bool json);

    /// The CSV header line; "" for JSON lines.
    [[nodiscard]] std::string header() const;

    /// Appends the line of input row `row` (case id `id`), evaluated row k of `results`.
    void append(std::string& out, std::size_t row, std::string_view id, const chunk_evaluator& results, std::size_t k) const;

private:
    [[nodiscard]] std::string text(std::size_t o, std::int64_t v) const;
    void append_json(std::string& out, std::size_t o, std::int64_t v) const;

    const plan& p_;
    bool json_;
    std::vector<symbol_id> outputs_;
    // JSON lines are written from pieces made once: each output's "name": and the
    // quoted names of an enum output's values (lo first).
    std::vector<std::string> keys_;
    std::vector<std::vector<std::string>> enum_names_;
};

}  // namespace trappe::cli
