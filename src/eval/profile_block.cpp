// Columns of a block of rows; see profile_block.hpp.

#include "profile_block.hpp"

#include <algorithm>

#include "trappe/plan/plan.hpp"

namespace trappe::detail {

profile_block::profile_block(const plan& p) {
    const std::size_t inputs = p.inputs().size();
    for (std::size_t i = 0; i < inputs; ++i) {
        const field_reader f(p, i);
        types_.push_back(f.column_type());
        widths_.push_back(element_size(f.column_type()));
        is_text_.push_back(f.is_text());
    }
    data_.resize(inputs);
    valid_.resize(inputs);
    texts_.resize(inputs);
    columns_.resize(inputs);
    buffers_.resize(inputs);
}

void profile_block::grow(std::size_t rows) {
    // At least one element per column: evaluate_batch refuses a column without
    // data, so a block in which no row read must still have some.
    capacity_ = std::max<std::size_t>(rows, 1);
    for (std::size_t i = 0; i < data_.size(); ++i) {
        data_[i].resize(capacity_ * widths_[i]);
        valid_[i].resize(capacity_);
        buffers_[i] = {data_[i].data(), valid_[i].data(), types_[i]};
    }
}

void profile_block::reset(std::size_t rows) {
    good_ = 0;
    error_rows_ = 0;
    row_numbers_.clear();
    errors_.clear();
    for (auto& t : texts_) t.clear();
    if (rows > capacity_ || capacity_ == 0) grow(rows);
}

void profile_block::add(const profile_row& read, std::size_t row) {
    if (!read.values) {
        std::vector<input_error> errors = read.errors;
        for (input_error& e : errors) e.row = row;
        add_errors(std::move(errors));
        return;
    }
    const profile& pr = *read.values;
    const std::size_t k = begin_row(row);
    for (std::size_t i = 0; i < data_.size(); ++i) {
        if (is_text_[i]) {
            if (pr.assessed[i]) set_text(k, i, pr.texts[i]);
        } else {
            set(k, i, pr.assessed[i] ? pr.values[i] : 0, pr.assessed[i] != 0);
        }
    }
}

void profile_block::add_errors(std::vector<input_error> errors) {
    ++error_rows_;
    std::move(errors.begin(), errors.end(), std::back_inserter(errors_));
}

const std::vector<input_column>& profile_block::columns() {
    for (std::size_t i = 0; i < data_.size(); ++i) columns_[i] = {types_[i], data_[i].data(), valid_[i].data()};
    return columns_;
}

}  // namespace trappe::detail
