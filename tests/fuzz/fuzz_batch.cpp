// Mutated CSV: the rows the reader accepts, evaluated as one batch and one by one,
// must agree on every row's status and on every output's value or range.

#include <stdexcept>

#include "batch_of_profiles.hpp"
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
    const testing::batch_run batch = testing::run_as_batch(p, rows);
    const std::vector<symbol_id> outputs = batch_outputs(p);
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const evaluation single = evaluate(p, rows[r]);
        const auto* d = std::get_if<decision>(&single);
        if ((d == nullptr) != (batch.status[r] == row_status::error)) fuzz::broken("batch and evaluate() disagree on an error");
        if (d == nullptr) continue;
        for (std::size_t o = 0; o < outputs.size(); ++o) {
            const value_range v = d->value(outputs[o]);  // the batch writes the hull of the exact set
            if (v.lo != batch.lo[o][r] || v.hi != batch.hi[o][r]) fuzz::broken("batch and evaluate() disagree on an output");
        }
    }
    return 0;
}
