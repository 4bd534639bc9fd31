// Included last by the files built once per instruction set (batch_worker.cpp,
// block_kernels.cpp): in the AVX2 build, every function defined after this point
// is compiled for AVX2. The headers before it stay baseline, so their inline
// functions, which the linker may share with the baseline build, never carry AVX2
// code into a CPU without it. (No include guard: it switches a mode, once per file.)

#if defined(TRAPPE_KERNEL_TARGET_AVX2)
#include <immintrin.h>
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2"))), apply_to = function)
#define TRAPPE_KERNEL_TARGET_END _Pragma("clang attribute pop")
#else
#pragma GCC target("avx2")
#define TRAPPE_KERNEL_TARGET_END
#endif
#else
#define TRAPPE_KERNEL_TARGET_END
#endif
