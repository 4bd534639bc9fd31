// Columnar batch evaluation: validation of the call, the threads, and the summary.
// The work itself is in batch_worker.cpp.

#include "trappe/eval/batch.hpp"
#include "trappe/common/error.hpp"

#include <algorithm>
#include <thread>

#include "eval/batch_worker.hpp"

namespace trappe {

namespace detail {

void run_worker(batch_job& job) {
#if defined(TRAPPE_KERNEL_AVX2)
    static const bool avx2 = __builtin_cpu_supports("avx2");
    if (avx2) return kernels_avx2::run_worker(job);
#endif
    kernels_baseline::run_worker(job);
}

}  // namespace detail

using detail::block_program;

std::vector<symbol_id> batch_outputs(const plan& p) { return detail::internals(p).batch->output_symbols; }

batch_summary evaluate_batch(const plan& p, std::size_t rows, std::span<const input_column> inputs,
                             std::span<const output_column> outputs, row_status* status, const batch_options& options) {
    if (inputs.size() != p.inputs().size()) throw misuse_error("evaluate_batch: one input column per plan input");
    if (rows > UINT32_MAX) throw misuse_error("evaluate_batch: at most 4,294,967,295 rows per call");
    const detail::plan_internals& code = detail::internals(p);
    const block_program& bp = *code.batch;
    if (outputs.size() != bp.outputs.size()) throw misuse_error("evaluate_batch: one output column per batch output");
    for (std::size_t i = 0; i < inputs.size(); ++i)
        if (inputs[i].data == nullptr && p.rules().type_of(p.inputs()[i]).kind != type_kind::string)
            throw misuse_error("evaluate_batch: input column '" + p.rules().symbols[p.inputs()[i]].name + "' has no data");

    detail::batch_job st{p, code, bp, inputs, outputs, status, rows, {}, {}, {}};
    unsigned threads = options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, (rows + bp.rows_per_block - 1) / bp.rows_per_block));
    if (threads <= 1) {
        detail::run_worker(st);
    } else {
        std::vector<std::thread> pool;
        for (unsigned t = 0; t < threads; ++t) pool.emplace_back([&st] { detail::run_worker(st); });
        for (std::thread& t : pool) t.join();
    }
    st.summary.rows = rows;
    st.summary.errors = st.summary.problems.size();
    std::sort(st.summary.problems.begin(), st.summary.problems.end(),
              [](const input_error& a, const input_error& b) { return a.row < b.row; });
    return std::move(st.summary);
}

}  // namespace trappe
