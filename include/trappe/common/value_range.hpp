#pragma once
// The possible values of a result, shared by the plan's analyses and decisions.

#include <cstdint>

namespace trappe {

/// The possible values of a result: one value when determined, else the
/// interval [lo, hi] (for booleans [0, 1] means "ja eller nej").
struct value_range {
    std::int64_t lo = 0, hi = 0;
    [[nodiscard]] bool determined() const noexcept { return lo == hi; }
    friend bool operator==(const value_range&, const value_range&) = default;
};

}  // namespace trappe
