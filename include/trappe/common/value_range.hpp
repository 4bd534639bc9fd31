#pragma once
// The possible values of a result, shared by the plan's analyses and decisions.

#include <cstdint>

namespace trappe {

/// The possible values of a result: one value when determined, else the values
/// between lo and hi (the hull) that `mask` allows.
///
/// - `mask == 0`: every value of [lo, hi] is possible. For booleans, enums,
///   levels and integers with a declared range of at most 64 values this is the
///   set {lo, ..., hi}; for dates and wide integers it is an interval, whose
///   inner values need not all be reached.
/// - `mask != 0` (only when hi - lo < 64): exactly the values lo + k whose bit k
///   is set are possible (bits 0 and hi - lo are always set). A set with every
///   bit set is stored as mask 0, so {lo, hi} compares equal to it.
/// - `exact`: false when the unassessed inputs behind the value were too many to
///   split on (see docs/language.md, "Præcise mulige værdier"): then every
///   value a completion gives is still inside, but some inside may not be reached.
struct value_range {
    std::int64_t lo = 0, hi = 0;
    std::uint64_t mask = 0;
    bool exact = true;

    [[nodiscard]] bool determined() const noexcept { return lo == hi; }
    /// Whether v is one of the possible values.
    [[nodiscard]] bool contains(std::int64_t v) const noexcept {
        if (v < lo || v > hi) return false;
        return mask == 0 || ((mask >> static_cast<unsigned>(v - lo)) & 1) != 0;
    }
    /// The set of `bits` (bit k: value base + k), normalized: hull, mask 0 when contiguous. `bits` != 0.
    [[nodiscard]] static value_range of_bits(std::int64_t base, std::uint64_t bits) noexcept {
        const int first = __builtin_ctzll(bits), last = 63 - __builtin_clzll(bits);
        value_range out{base + first, base + last, bits >> first};
        const unsigned width = static_cast<unsigned>(last - first) + 1;
        if (out.mask == (width == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << width) - 1)) out.mask = 0;
        return out;
    }
    friend bool operator==(const value_range&, const value_range&) = default;
};

}  // namespace trappe
