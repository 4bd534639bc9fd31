// Rows to columns, evaluate_batch, and the results per row; see batch_chunk.hpp.

#include "batch_chunk.hpp"

#include <algorithm>

namespace trappe::cli {

chunk_evaluator::chunk_evaluator(const plan& p, unsigned threads)
    : p_(p), threads_(threads), outputs_(batch_outputs(p).size()), values_(p.inputs().size()), valid_(p.inputs().size()),
      lo_(outputs_), hi_(outputs_) {}

void chunk_evaluator::evaluate(const std::vector<profile_row>& rows) {
    index_.assign(rows.size(), npos);
    std::size_t good = 0;
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (rows[i].values) index_[i] = good++;

    // evaluate_batch refuses a column without data, and an empty vector's data()
    // may be null: a chunk in which no row parsed used to abort the whole run. So
    // every buffer holds at least one element, zero-filled and not assessed.
    const std::size_t slots = std::max<std::size_t>(good, 1);
    const std::size_t inputs = p_.inputs().size();
    for (std::size_t i = 0; i < inputs; ++i) {
        values_[i].assign(slots, 0);
        valid_[i].assign(slots, 0);
    }
    for (std::size_t r = 0; r < rows.size(); ++r) {
        if (index_[r] == npos) continue;
        const profile& pr = *rows[r].values;
        for (std::size_t i = 0; i < inputs; ++i) {
            values_[i][index_[r]] = pr.values[i];
            valid_[i][index_[r]] = pr.assessed[i];
        }
    }
    std::vector<input_column> in(inputs);
    for (std::size_t i = 0; i < inputs; ++i) in[i] = {element_type::i64, values_[i].data(), valid_[i].data()};
    std::vector<output_column> out(outputs_);
    for (std::size_t o = 0; o < outputs_; ++o) {
        lo_[o].assign(slots, 0);
        hi_[o].assign(slots, 0);
        out[o] = {element_type::i64, lo_[o].data(), hi_[o].data()};
    }
    status_.assign(slots, row_status::error);
    summary_ = evaluate_batch(p_, good, in, out, status_.data(), {threads_});
    problem_.assign(slots, nullptr);
    for (const input_error& e : summary_.problems) problem_[e.row - 1] = &e;
}

}  // namespace trappe::cli
