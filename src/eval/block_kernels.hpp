#pragma once
// The block kernels of evaluate_batch: for each instruction, a loop over the
// rows of a block, derived from the semantics table for each pair of operand
// and result lanes. Compiled twice on x86-64 (AVX2 and the baseline), with the
// batch worker that calls them.

#include <cstddef>

#include "plan/block_program.hpp"

namespace trappe::detail {

/// Plain values: every slot of the block holds one value per row.
using point_kernel = void (*)(const block_instruction& in, const block_program& bp, const plan_internals& code,
                              std::byte* block, std::size_t rows);
/// Possible values: `lo` and `hi` blocks hold each row's interval.
using interval_kernel = void (*)(const block_instruction& in, const block_program& bp, const plan_internals& code,
                                 std::byte* lo, std::byte* hi, std::size_t rows);

struct block_kernels {
    point_kernel point = nullptr;
    interval_kernel interval = nullptr;
};

/// The kernels for an instruction's opcode and lanes, in each instruction set's
/// build (the batch worker of the same build calls them).
namespace kernels_avx2 {
block_kernels kernels_for(const block_instruction& in) noexcept;
}
namespace kernels_baseline {
block_kernels kernels_for(const block_instruction& in) noexcept;
}

}  // namespace trappe::detail
