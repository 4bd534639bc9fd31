#pragma once
// Profiles read from text straight into the typed columns evaluate_batch takes
// (private to the columnar readers and the caseload run).

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "column_value.hpp"
#include "field_reader.hpp"
#include "trappe/eval/batch.hpp"
#include "trappe/eval/profile_reader.hpp"

namespace trappe::detail {

/// A block of rows: the ones that read, as columns, and the errors of the ones
/// that did not. Rows are numbered within the block from 1 (`row_numbers`,
/// `errors`); the caller adds the block's place in the file. Buffers are kept
/// from one use to the next.
class profile_block {
public:
    explicit profile_block(const plan& p);

    /// Empties the block, with room for `rows` rows.
    void reset(std::size_t rows);

    /// Starts the next row that reads, numbered `row` within the block; returns its
    /// index. Every input starts not assessed.
    std::size_t begin_row(std::size_t row) {
        const std::size_t k = begin_full_row(row);
        for (const column_buffers& c : buffers_) c.valid[k] = 0;
        return k;
    }
    /// The same for a reader that sets every input of the row (with set, set_byte,
    /// set_text or set_unassessed) before it counts as read: nothing is cleared.
    std::size_t begin_full_row(std::size_t row) {
        row_numbers_.push_back(static_cast<std::uint32_t>(row));
        const std::size_t k = good_++;
        if (good_ > capacity_) grow(good_ * 2);
        return k;
    }
    /// Sets input i of row k (after begin_row).
    void set(std::size_t k, std::size_t i, std::int64_t value, bool assessed) {
        const column_buffers& c = buffers_[i];
        c.valid[k] = assessed ? 1 : 0;
        std::uint8_t* at = c.data;
        switch (c.type) {  // every valid value fits its column (field_reader::column_type)
            case element_type::i8: at[k] = static_cast<std::uint8_t>(value); return;
            case element_type::i16: store(at + 2 * k, static_cast<std::int16_t>(value)); return;
            case element_type::i32: store(at + 4 * k, static_cast<std::int32_t>(value)); return;
            case element_type::i64: store(at + 8 * k, value); return;
        }
    }
    /// Sets input i of row k, assessed, in a column of element_type::i8.
    void set_byte(std::size_t k, std::size_t i, std::uint8_t value) {
        const column_buffers& c = buffers_[i];
        c.valid[k] = 1;
        c.data[k] = value;
    }
    /// Marks input i of row k not assessed.
    void set_unassessed(std::size_t k, std::size_t i) { buffers_[i].valid[k] = 0; }
    /// Sets text input i of row k; texts of a row are set in input order.
    void set_text(std::size_t k, std::size_t i, std::string_view text) {
        buffers_[i].valid[k] = 1;
        texts_[i].resize(k);
        texts_[i].emplace_back(text);
    }
    /// Drops the row begun last (it turned out not to read).
    void drop_row() {
        --good_;
        row_numbers_.pop_back();
    }
    /// Adds a row read by the exact readers, numbered `row` within the block
    /// (its errors take that number too).
    void add(const profile_row& read, std::size_t row);
    /// Records the errors of row `row`, which did not read.
    void add_errors(std::vector<input_error> errors);

    /// Rows that read (the columns' length) and the rows with errors.
    [[nodiscard]] std::size_t rows() const noexcept { return good_; }
    [[nodiscard]] std::size_t error_rows() const noexcept { return error_rows_; }
    [[nodiscard]] std::uint32_t row_number(std::size_t k) const noexcept { return row_numbers_[k]; }
    /// Errors of the rows that did not read, by row within the block.
    [[nodiscard]] const std::vector<input_error>& errors() const noexcept { return errors_; }
    /// Text input i of row k ("" when not assessed or not a text input).
    [[nodiscard]] std::string_view text(std::size_t i, std::size_t k) const noexcept {
        return k < texts_[i].size() && valid_[i][k] ? std::string_view(texts_[i][k]) : std::string_view();
    }
    /// The columns, in the order of plan::inputs().
    [[nodiscard]] const std::vector<input_column>& columns();

private:
    template <class T>
    static void store(std::uint8_t* at, T value) noexcept {
        std::memcpy(at, &value, sizeof value);
    }
    void grow(std::size_t rows);

    // Where the columns are, for the per-cell stores (updated when they grow).
    struct column_buffers {
        std::uint8_t* data;
        std::uint8_t* valid;
        element_type type;
    };
    std::vector<column_buffers> buffers_;
    std::vector<std::size_t> widths_;
    std::vector<element_type> types_;
    std::vector<bool> is_text_;
    std::vector<std::vector<std::uint8_t>> data_, valid_;
    std::vector<std::vector<std::string>> texts_;  // per input; empty for non-text inputs
    std::vector<std::uint32_t> row_numbers_;
    std::vector<input_error> errors_;
    std::vector<input_column> columns_;
    std::size_t good_ = 0, capacity_ = 0, error_rows_ = 0;
};

}  // namespace trappe::detail
