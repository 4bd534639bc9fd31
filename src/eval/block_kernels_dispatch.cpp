// Picks the block kernels compiled for this CPU: AVX2 where it has it (x86-64
// builds with TRAPPE_KERNEL_AVX2), the baseline otherwise. A plain runtime check
// rather than ifunc resolvers, which sanitizers cannot run before they start.

#include "eval/block_kernels.hpp"

namespace trappe::detail {

block_kernels kernels_for(const block_instruction& in) noexcept {
#if defined(TRAPPE_KERNEL_AVX2)
    static const bool avx2 = __builtin_cpu_supports("avx2");
    if (avx2) return kernels_avx2::kernels_for(in);
#endif
    return kernels_baseline::kernels_for(in);
}

}  // namespace trappe::detail
