#pragma once
// Profiles evaluated as one batch through int64 columns, without GoogleTest, so the
// tests and the fuzz harnesses share it.

#include <cstdint>
#include <vector>

#include "trappe/trappe.hpp"

namespace trappe::testing {

struct batch_run {
    std::vector<row_status> status;
    std::vector<std::vector<std::int64_t>> lo, hi;  // per batch output, per row
    batch_summary summary;
};

inline batch_run run_as_batch(const plan& p, const std::vector<profile>& rows) {
    const std::size_t inputs = p.inputs().size(), n = rows.size();
    std::vector<std::vector<std::int64_t>> values(inputs, std::vector<std::int64_t>(n));
    std::vector<std::vector<std::uint8_t>> valid(inputs, std::vector<std::uint8_t>(n));
    std::vector<input_column> columns(inputs);
    for (std::size_t i = 0; i < inputs; ++i) {
        for (std::size_t r = 0; r < n; ++r) {
            values[i][r] = rows[r].values[i];
            valid[i][r] = rows[r].assessed[i];
        }
        columns[i] = {element_type::i64, values[i].data(), valid[i].data()};
    }
    const std::size_t outputs = batch_outputs(p).size();
    batch_run run{std::vector<row_status>(n), std::vector<std::vector<std::int64_t>>(outputs, std::vector<std::int64_t>(n)),
                  std::vector<std::vector<std::int64_t>>(outputs, std::vector<std::int64_t>(n)), {}};
    std::vector<output_column> out;
    for (std::size_t o = 0; o < outputs; ++o) out.push_back({element_type::i64, run.lo[o].data(), run.hi[o].data()});
    run.summary = evaluate_batch(p, n, columns, out, run.status.data(), {1});
    return run;
}

}  // namespace trappe::testing
