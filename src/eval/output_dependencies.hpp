#pragma once
// Private to src/eval: for one row, the batch outputs' possible values and the
// unassessed inputs each depends on, as single evaluation finds them
// (run_possible's dependency tracking), over only the instructions the outputs read.

#include <cstdint>
#include <span>
#include <vector>

#include "plan/plan_internals.hpp"

namespace trappe::detail {

class output_dependencies {
public:
    /// For plans of at most 64 inputs (one word of input bits); `outputs` are plan slots.
    output_dependencies(const plan& p, const plan_internals& code, std::span<const std::uint32_t> outputs);

    /// Runs one row: its inputs' values (any value when unassessed) and assessed
    /// flags, in the order of plan::inputs(), and its as-of date when the plan reads one.
    void run(std::span<const std::int64_t> values, std::span<const std::uint8_t> assessed, std::int64_t as_of);

    /// Output o's possible values (an interval) after run().
    [[nodiscard]] value_range range(std::size_t o) const noexcept { return {lo_[outputs_[o]], hi_[outputs_[o]]}; }
    /// The unassessed inputs (bit i: input i) output o's undetermined value depends on.
    [[nodiscard]] std::uint64_t depends_on(std::size_t o) const noexcept { return deps_[outputs_[o]]; }

private:
    const plan& p_;
    const plan_internals& code_;
    std::vector<std::uint32_t> outputs_;
    std::vector<instruction> cone_;  // what the outputs read of code.code, in order, but constants
    // Per slot: possible values (constants' filled once) and the inputs they depend on.
    std::vector<std::int64_t> lo_, hi_;
    std::vector<std::uint64_t> deps_;
};

}  // namespace trappe::detail
