// A caseload worker; see caseload_worker.hpp.

#include "caseload_worker.hpp"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <stdexcept>
#include <string>

#include "trappe/plan/plan.hpp"

namespace trappe::detail {

caseload_worker::caseload_worker(const plan& p, const caseload_options& options, const decision_lines& lines)
    : p_(p), options_(options), lines_(lines), reader_(reader_for(p, options)), block_(p), results_(p, slice_rows),
      borger_id_(p.input_index("borger_id")) {}

std::variant<csv_block_reader, json_block_reader> caseload_worker::reader_for(const plan& p, const caseload_options& o) {
    if (o.in == caseload_format::csv) return csv_block_reader(p, o.csv_header);
    return json_block_reader(p);
}

void caseload_worker::clear() {
    part_.out.clear();
    part_.errors.clear();
    part_.rows = part_.written = part_.reported = 0;
    part_.kept.clear();
    failed_ = nullptr;
}

void caseload_worker::read(std::string_view text, std::size_t rows) {
    block_.reset(rows);
    part_.rows = std::visit([&](auto& r) { return r.read(text, block_); }, reader_);
}

void caseload_worker::read(const std::vector<profile_row>& rows) {
    block_.reset(rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r) block_.add(rows[r], r + 1);
    part_.rows = rows.size();
}

// Evaluates the rows of the block from k on, a slice at a time: the slice's
// results are written out while they are still in cache.
void caseload_worker::evaluate_slice(std::size_t k) {
    const std::size_t n = std::min(slice_rows, block_.rows() - k);
    const std::vector<input_column>& columns = block_.columns();
    slice_inputs_.resize(columns.size());
    for (std::size_t i = 0; i < columns.size(); ++i)
        slice_inputs_[i] = {columns[i].type, static_cast<const std::uint8_t*>(columns[i].data) + k * element_size(columns[i].type),
                           columns[i].valid + k};
    summary_ = evaluate_batch(p_, n, slice_inputs_, results_.columns(), results_.status_data(), {1});
    problem_.assign(slice_rows, nullptr);
    for (const input_error& e : summary_.problems) problem_[e.row - 1] = &e;
    slice_start_ = k;
    slice_end_ = k + n;
}

void caseload_worker::report(std::size_t row, std::vector<input_error> errors) {
    ++part_.reported;
    for (input_error& e : errors) e.row = row;
    if (options_.error_line) options_.error_line(part_.out, row, errors);
    else std::move(errors.begin(), errors.end(), std::back_inserter(part_.errors));
}

// The values of row `at` of the slice (row k of the block), for an analysis.
void caseload_worker::keep(std::size_t row, std::string_view id, std::size_t at, std::size_t k) {
    kept_rows& kept = part_.kept;
    kept.row.push_back(row);
    kept.ids += id;
    kept.id_end.push_back(kept.ids.size());
    const std::size_t outputs = results_.columns().size();
    for (std::size_t o = 0; o < outputs; ++o) {
        kept.lo.push_back(results_.lo(o, at));
        kept.hi.push_back(results_.hi(o, at));
    }
    const std::vector<input_column>& columns = block_.columns();
    for (const std::size_t i : options_.kept_inputs) {
        const input_column& c = columns[i];
        kept.inputs.push_back(c.valid != nullptr && c.valid[k] == 0 ? kept_rows::unassessed : column_value(c, k));
    }
}

// Every row of the part, in order: written, or reported with its errors.
void caseload_worker::write(std::size_t first_row) {
    slice_start_ = slice_end_ = 0;
    const std::vector<input_error>& errors = block_.errors();
    std::size_t k = 0, e = 0;
    for (std::size_t r = 1; r <= part_.rows; ++r) {
        const std::size_t row = first_row + r;
        if (e < errors.size() && errors[e].row == r) {
            std::vector<input_error> of_row;
            while (e < errors.size() && errors[e].row == r) of_row.push_back(errors[e++]);
            report(row, std::move(of_row));
            continue;
        }
        if (k >= block_.rows() || block_.row_number(k) != r)
            throw std::logic_error("row accounting: row " + std::to_string(row) + " neither read nor reported");
        if (k >= slice_end_) evaluate_slice(k);
        const std::size_t at = k - slice_start_;
        if (results_.status(at) == row_status::error) {
            if (problem_[at] == nullptr) throw std::logic_error("row accounting: an error without its problem");
            report(row, {*problem_[at]});
        } else {
            const std::string_view id = borger_id_ ? block_.text(*borger_id_, k) : std::string_view();
            if (options_.write_lines) lines_.append(part_.out, row, id, results_, at);
            if (options_.keep_results) keep(row, id, at, k);
            ++part_.written;
        }
        ++k;
    }
    if (k != block_.rows() || e != errors.size() || part_.rows != part_.written + part_.reported)
        throw std::logic_error("row accounting: " + std::to_string(part_.rows) + " rows in, " +
                               std::to_string(part_.written) + " written, " + std::to_string(part_.reported) +
                               " reported");
}

void caseload_worker::run(std::string_view text, std::size_t rows, std::size_t first_row) {
    clear();
    try {
        read(text, rows);
        write(first_row);
    } catch (...) {
        failed_ = std::current_exception();
    }
}

void caseload_worker::run(const std::vector<profile_row>& rows, std::size_t first_row) {
    clear();
    try {
        read(rows);
        write(first_row);
    } catch (...) {
        failed_ = std::current_exception();
    }
}

}  // namespace trappe::detail
