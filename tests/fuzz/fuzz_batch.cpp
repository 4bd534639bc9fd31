// Mutated CSV: the rows the reader accepts, evaluated as one batch and one by one,
// must agree on every row's status and on every output's value or range.

#include <stdexcept>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace trappe;
    const plan& p = fuzz::roskilde();
    std::vector<profile> rows;
    try {
        for (profile_row& row : read_csv_profiles(p, fuzz::as_text(data, size)))
            if (row.values) rows.push_back(std::move(*row.values));
    } catch (const std::runtime_error&) {
        return 0;
    }
    if (rows.empty()) return 0;
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
    const std::vector<symbol_id> outputs = batch_outputs(p);
    std::vector<std::vector<std::int64_t>> lo(outputs.size(), std::vector<std::int64_t>(n)),
        hi(outputs.size(), std::vector<std::int64_t>(n));
    std::vector<output_column> out;
    for (std::size_t o = 0; o < outputs.size(); ++o) out.push_back({element_type::i64, lo[o].data(), hi[o].data()});
    std::vector<row_status> status(n);
    (void)evaluate_batch(p, n, columns, out, status.data(), {1});
    for (std::size_t r = 0; r < n; ++r) {
        const evaluation single = evaluate(p, rows[r]);
        const auto* d = std::get_if<decision>(&single);
        if ((d == nullptr) != (status[r] == row_status::error)) fuzz::broken("batch and evaluate() disagree on an error");
        if (d == nullptr) continue;
        for (std::size_t o = 0; o < outputs.size(); ++o) {
            const value_range v = d->value(outputs[o]);
            if (v.lo != lo[o][r] || v.hi != hi[o][r]) fuzz::broken("batch and evaluate() disagree on an output");
        }
    }
    return 0;
}
