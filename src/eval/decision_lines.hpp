#pragma once
// The lines written for evaluated rows of a caseload, CSV or JSON lines, from the
// result columns of evaluate_batch (private to the caseload run).

#include <array>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/text_buffer.hpp"
#include "common/text_escape.hpp"
#include "trappe/eval/batch.hpp"

namespace trappe::detail {

/// The results of a slice of rows as evaluate_batch writes them: per output its
/// value (or low end) and high end, in a column as narrow as the output's values
/// (so a slice's results stay in cache until its lines are written), and a
/// status per row.
class block_results {
public:
    /// Columns for the batch outputs of `p`, with room for `rows` rows.
    block_results(const plan& p, std::size_t rows);
    /// Results given as int64 columns (per output, per row), e.g. by a test.
    block_results(const plan& p, const std::vector<std::vector<std::int64_t>>& lo,
                  const std::vector<std::vector<std::int64_t>>& hi, std::vector<row_status> status);

    /// The columns for evaluate_batch, and its status column.
    [[nodiscard]] std::span<const output_column> columns() const noexcept { return columns_; }
    [[nodiscard]] row_status* status_data() noexcept { return status_.data(); }

    [[nodiscard]] row_status status(std::size_t k) const noexcept { return status_[k]; }
    [[nodiscard]] std::int64_t lo(std::size_t o, std::size_t k) const noexcept { return load(o, lo_[o], k); }
    [[nodiscard]] std::int64_t hi(std::size_t o, std::size_t k) const noexcept { return load(o, hi_[o], k); }

private:
    [[nodiscard]] std::int64_t load(std::size_t o, const std::vector<std::uint8_t>& column, std::size_t k) const noexcept {
        const std::uint8_t* at = column.data();
        switch (types_[o]) {
            case element_type::i8: return static_cast<std::int8_t>(at[k]);
            case element_type::i16: return read<std::int16_t>(at + 2 * k);
            case element_type::i32: return read<std::int32_t>(at + 4 * k);
            case element_type::i64: return read<std::int64_t>(at + 8 * k);
        }
        return 0;
    }
    template <class T>
    static std::int64_t read(const std::uint8_t* at) noexcept {
        T v;
        std::memcpy(&v, at, sizeof v);
        return v;
    }

    std::vector<element_type> types_;
    std::vector<std::vector<std::uint8_t>> lo_, hi_;
    std::vector<output_column> columns_;
    std::vector<row_status> status_;
};

/// Formats results: CSV with a header (row, borger_id, each batch output,
/// determined; an undetermined value as "lo..hi"), or JSON lines ({"schema":
/// "trappe.batch-row/1", "row", "borger_id", "outputs": {name: value or {"from",
/// "to"}}, "determined"}; docs/schema/batch-row.schema.json).
/// Every piece that does not depend on the row (names, enum values, booleans) is
/// escaped once, here; a line is written through a raw cursor into room reserved
/// for its worst case.
class decision_lines {
public:
    decision_lines(const plan& p, bool json, csv_style style = {});

    /// The CSV header line; "" for JSON lines.
    [[nodiscard]] std::string header() const;

    /// Appends the line of input row `row` (case id `id`) from row k of `results`.
    void append(text_buffer& out, std::size_t row, std::string_view id, const block_results& results, std::size_t k) const;

private:
    // A piece of text made once; copied with a fixed-size move when it is short.
    struct piece {
        std::array<char, 32> bytes{};
        std::string text;
        [[nodiscard]] char* put(char* at) const noexcept {
            if (text.size() > bytes.size()) return copy(at, text);
            std::memcpy(at, bytes.data(), bytes.size());
            return at + text.size();
        }
        static char* copy(char* at, const std::string& text) noexcept;
    };
    [[nodiscard]] static piece make_piece(std::string text);
    [[nodiscard]] char* put_value(char* at, std::size_t o, std::int64_t v) const noexcept;
    /// Output o's key (JSON; the separator in CSV) and its value or range.
    [[nodiscard]] char* put_output(char* at, std::size_t o, std::int64_t lo, std::int64_t hi) const noexcept;
    /// Whether value v of output o is written from a piece (a boolean or an enum value).
    [[nodiscard]] bool named(std::size_t o, std::int64_t v) const noexcept {
        const std::int64_t index = v - first_value_[o];
        return index >= 0 && index < static_cast<std::int64_t>(values_[o].size());
    }

    bool json_;
    csv_style style_;
    std::vector<symbol_id> outputs_;
    std::vector<std::string> output_names_;
    std::vector<type_kind> kinds_;
    std::vector<std::int64_t> first_value_;       // per output: the value of values_[o][0]
    std::vector<piece> keys_;                     // per output: "," then, JSON, "name":
    std::vector<std::vector<piece>> values_;      // per output: each enum or boolean value, as written
    std::vector<std::vector<piece>> keyed_values_;  // the same after the output's key: one copy per output
    std::size_t line_bound_ = 0;                  // the longest line, but for the case id
};

}  // namespace trappe::detail
