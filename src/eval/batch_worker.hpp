#pragma once
// One batch evaluation's shared state, and the worker loop that each thread runs
// (private to src/eval). The worker is compiled once per instruction set, with
// the block kernels (see block_kernels.hpp).

#include <atomic>
#include <mutex>
#include <span>

#include "plan/block_program.hpp"
#include "trappe/eval/batch.hpp"

namespace trappe::detail {

struct batch_job {
    const plan& p;
    const plan_internals& code;
    const block_program& bp;
    std::span<const input_column> inputs;
    std::span<const output_column> outputs;
    row_status* status;
    std::size_t rows;
    std::atomic<std::size_t> next_block{0};
    std::mutex problems_mutex;
    batch_summary summary;
};

namespace kernels_avx2 {
void run_worker(batch_job& job);
}
namespace kernels_baseline {
void run_worker(batch_job& job);
}

/// Runs one thread's share of the job with the worker compiled for this CPU.
void run_worker(batch_job& job);

}  // namespace trappe::detail
