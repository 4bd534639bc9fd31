#pragma once
// One chunk of profile rows through evaluate_batch.

#include <cstdint>
#include <vector>

#include "trappe/trappe.hpp"

namespace trappe::cli {

/// Evaluates the rows of a chunk that parsed, as columns, on `threads` threads.
/// Buffers are kept from chunk to chunk. Any chunk shape works, including one in
/// which no row parsed.
class chunk_evaluator {
public:
    chunk_evaluator(const plan& p, unsigned threads);

    /// Evaluates the rows of `rows` that have values; afterwards index(i) is row
    /// i's place in the results (or none, when it did not parse).
    void evaluate(const std::vector<profile_row>& rows);

    /// The place of rows[i] in the results, or npos when it had no values.
    [[nodiscard]] std::size_t index(std::size_t i) const { return index_[i]; }
    [[nodiscard]] row_status status(std::size_t k) const { return status_[k]; }
    /// The problem of an evaluated row with row_status::error (row left as in the chunk).
    [[nodiscard]] const input_error& problem(std::size_t k) const { return *problem_[k]; }
    /// Output o of evaluated row k: its value, or its low and high end.
    [[nodiscard]] std::int64_t lo(std::size_t o, std::size_t k) const { return lo_[o][k]; }
    [[nodiscard]] std::int64_t hi(std::size_t o, std::size_t k) const { return hi_[o][k]; }

    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

private:
    const plan& p_;
    unsigned threads_;
    std::size_t outputs_;
    std::vector<std::size_t> index_;
    std::vector<std::vector<std::int64_t>> values_;
    std::vector<std::vector<std::uint8_t>> valid_;
    std::vector<std::vector<std::int64_t>> lo_, hi_;
    std::vector<row_status> status_;
    batch_summary summary_;
    std::vector<const input_error*> problem_;
};

}  // namespace trappe::cli
