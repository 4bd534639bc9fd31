#pragma once
// The meaning of every instruction, defined once.
//
// For each opcode, `semantics<op>` says which operands it reads, its value on
// plain values (`point`), and its value on possible values (`possible`, sound
// intervals: every completion of the unassessed inputs lies inside). Every
// interpreter is derived from this table: single evaluation on plain values, the
// possible-values interpreter with its dependency tracking, the range analysis of
// the compiler, and the block kernels of evaluate_batch. An opcode in
// TRAPPE_OPCODES without a specialization here fails to compile in
// with_semantics().

#include <algorithm>
#include <cstdint>
#include <type_traits>

#include "plan/plan_internals.hpp"
#include "plan/arithmetic.hpp"

namespace trappe::detail {

/// Operand bits: which of a, b, c an instruction reads as values.
enum : unsigned { reads_a = 1, reads_b = 2, reads_c = 4 };

/// What an instruction reads besides its operand slots: its immediate, set or table.
struct instruction_data {
    const plan_internals& p;
    std::int64_t imm;
    [[nodiscard]] const std::vector<std::int64_t>& set() const { return p.sets[static_cast<std::size_t>(imm)]; }
    [[nodiscard]] const std::vector<table_entry>& table() const { return p.tables[static_cast<std::size_t>(imm)].entries; }
};

/// Integer arithmetic on a lane type: saturating on int64 (the `integer` type's
/// bounds), plain on narrower lanes, which the range analysis chose only where
/// the result provably fits.
template <class T> T lane_add(T a, T b) noexcept {
    if constexpr (std::is_same_v<T, std::int64_t>) return add(a, b);
    else return static_cast<T>(a + b);
}
template <class T> T lane_sub(T a, T b) noexcept {
    if constexpr (std::is_same_v<T, std::int64_t>) return sub(a, b);
    else return static_cast<T>(a - b);
}
template <class T> T lane_mul(T a, T b) noexcept {
    if constexpr (std::is_same_v<T, std::int64_t>) return mul(a, b);
    else return static_cast<T>(a * b);
}
template <class T> T lane_negate(T a) noexcept {
    if constexpr (std::is_same_v<T, std::int64_t>) return negate(a);
    else return static_cast<T>(-a);
}

/// Possible values on any lane type: value_range (int64) in single evaluation and
/// the range analysis, interval<T> in the block kernels. Narrow lanes are chosen
/// only where the range analysis proved the values fit, as for `point`.
template <class T> struct interval {
    T lo, hi;
    [[nodiscard]] bool determined() const noexcept { return lo == hi; }
};
template <class R> using lane_of_t = decltype(R::lo);

template <class R> R make_range(bool lo, bool hi) noexcept {
    return {static_cast<lane_of_t<R>>(lo), static_cast<lane_of_t<R>>(hi)};
}

/// Kleene truth of comparisons on intervals, branch-free so the block kernels
/// vectorize: true for every pair (lo = 1), for none (hi = 0), or for some.
template <class R> R possibly_equal(R a, R b) noexcept {
    return make_range<R>((a.lo == a.hi) & (b.lo == b.hi) & (a.lo == b.lo), (a.lo <= b.hi) & (b.lo <= a.hi));
}
template <class R> R possibly_less(R a, R b) noexcept { return make_range<R>(a.hi < b.lo, a.lo < b.hi); }
template <class R> R possibly_less_equal(R a, R b) noexcept { return make_range<R>(a.hi <= b.lo, a.lo <= b.hi); }
template <class R> R possibly_not(R a) noexcept {
    return {static_cast<lane_of_t<R>>(1 - a.hi), static_cast<lane_of_t<R>>(1 - a.lo)};
}

template <opcode Op> struct semantics;  // one specialization per opcode, below

template <> struct semantics<opcode::constant> {
    static constexpr unsigned reads = 0;
    template <class T> static T point(const instruction_data& x, T, T, T) noexcept { return static_cast<T>(x.imm); }
    template <class R> static R possible(const instruction_data& x, R, R, R) noexcept {
        using T = lane_of_t<R>;
        return {static_cast<T>(x.imm), static_cast<T>(x.imm)};
    }
};

template <> struct semantics<opcode::copy> {
    static constexpr unsigned reads = reads_a;
    template <class T> static T point(const instruction_data&, T a, T, T) noexcept { return a; }
    template <class R> static R possible(const instruction_data&, R a, R, R) noexcept { return a; }
};

template <> struct semantics<opcode::negate> {
    static constexpr unsigned reads = reads_a;
    template <class T> static T point(const instruction_data&, T a, T, T) noexcept { return lane_negate(a); }
    template <class R> static R possible(const instruction_data&, R a, R, R) noexcept {
        return {lane_negate(a.hi), lane_negate(a.lo)};
    }
};

template <> struct semantics<opcode::logical_not> {
    static constexpr unsigned reads = reads_a;
    template <class T> static T point(const instruction_data&, T a, T, T) noexcept { return static_cast<T>(a ^ 1); }
    template <class R> static R possible(const instruction_data&, R a, R, R) noexcept {
        return possibly_not(a);
    }
};

template <> struct semantics<opcode::add> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept { return lane_add(a, b); }
    template <class R> static R possible(const instruction_data&, R a, R b, R) noexcept {
        return {lane_add(a.lo, b.lo), lane_add(a.hi, b.hi)};
    }
};

template <> struct semantics<opcode::sub> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept { return lane_sub(a, b); }
    template <class R> static R possible(const instruction_data&, R a, R b, R) noexcept {
        return {lane_sub(a.lo, b.hi), lane_sub(a.hi, b.lo)};
    }
};

template <> struct semantics<opcode::mul> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept { return lane_mul(a, b); }
    template <class R> static R possible(const instruction_data&, R a, R b, R) noexcept {
        const auto c1 = lane_mul(a.lo, b.lo), c2 = lane_mul(a.lo, b.hi), c3 = lane_mul(a.hi, b.lo), c4 = lane_mul(a.hi, b.hi);
        return {std::min(std::min(c1, c2), std::min(c3, c4)), std::max(std::max(c1, c2), std::max(c3, c4))};
    }
};

// The exact forms: the range analysis proved the result stays within the
// integer type's bounds, so plain arithmetic gives what saturating would.
template <> struct semantics<opcode::negate_exact> {
    static constexpr unsigned reads = reads_a;
    template <class T> static T point(const instruction_data&, T a, T, T) noexcept { return static_cast<T>(-a); }
    template <class R> static R possible(const instruction_data&, R a, R, R) noexcept {
        using T = lane_of_t<R>;
        return {static_cast<T>(-a.hi), static_cast<T>(-a.lo)};
    }
};

template <> struct semantics<opcode::add_exact> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept { return static_cast<T>(a + b); }
    template <class R> static R possible(const instruction_data&, R a, R b, R) noexcept {
        using T = lane_of_t<R>;
        return {static_cast<T>(a.lo + b.lo), static_cast<T>(a.hi + b.hi)};
    }
};

template <> struct semantics<opcode::sub_exact> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept { return static_cast<T>(a - b); }
    template <class R> static R possible(const instruction_data&, R a, R b, R) noexcept {
        using T = lane_of_t<R>;
        return {static_cast<T>(a.lo - b.hi), static_cast<T>(a.hi - b.lo)};
    }
};

template <> struct semantics<opcode::mul_exact> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept { return static_cast<T>(a * b); }
    template <class R> static R possible(const instruction_data&, R a, R b, R) noexcept {
        using T = lane_of_t<R>;
        const auto c1 = static_cast<T>(a.lo * b.lo), c2 = static_cast<T>(a.lo * b.hi), c3 = static_cast<T>(a.hi * b.lo),
                   c4 = static_cast<T>(a.hi * b.hi);
        return {std::min(std::min(c1, c2), std::min(c3, c4)), std::max(std::max(c1, c2), std::max(c3, c4))};
    }
};

template <> struct semantics<opcode::eq> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept { return a == b; }
    template <class R> static R possible(const instruction_data&, R a, R b, R) noexcept {
        return possibly_equal(a, b);
    }
};

template <> struct semantics<opcode::ne> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept { return a != b; }
    template <class R> static R possible(const instruction_data&, R a, R b, R) noexcept {
        return possibly_not(possibly_equal(a, b));
    }
};

template <> struct semantics<opcode::lt> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept { return a < b; }
    template <class R> static R possible(const instruction_data&, R a, R b, R) noexcept {
        return possibly_less(a, b);
    }
};

template <> struct semantics<opcode::le> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept { return a <= b; }
    template <class R> static R possible(const instruction_data&, R a, R b, R) noexcept {
        return possibly_less_equal(a, b);
    }
};

template <> struct semantics<opcode::gt> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept { return a > b; }
    template <class R> static R possible(const instruction_data&, R a, R b, R) noexcept {
        return possibly_less(b, a);
    }
};

template <> struct semantics<opcode::ge> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept { return a >= b; }
    template <class R> static R possible(const instruction_data&, R a, R b, R) noexcept {
        return possibly_less_equal(b, a);
    }
};

// Kleene logic on {0,1} intervals: false and x = false, true or x = true.
template <> struct semantics<opcode::logical_and> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept { return a & b; }
    template <class R> static R possible(const instruction_data&, R a, R b, R) noexcept {
        using T = lane_of_t<R>;
        return {static_cast<T>(a.lo & b.lo), static_cast<T>(a.hi & b.hi)};
    }
};

template <> struct semantics<opcode::logical_or> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept { return a | b; }
    template <class R> static R possible(const instruction_data&, R a, R b, R) noexcept {
        using T = lane_of_t<R>;
        return {static_cast<T>(a.lo | b.lo), static_cast<T>(a.hi | b.hi)};
    }
};

template <> struct semantics<opcode::max> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept { return std::max(a, b); }
    template <class R> static R possible(const instruction_data&, R a, R b, R) noexcept {
        return {std::max(a.lo, b.lo), std::max(a.hi, b.hi)};
    }
};

template <> struct semantics<opcode::min> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept { return std::min(a, b); }
    template <class R> static R possible(const instruction_data&, R a, R b, R) noexcept {
        return {std::min(a.lo, b.lo), std::min(a.hi, b.hi)};
    }
};

// `a ? b : c`. A determined condition reads only the branch it takes, so only
// that branch's unassessed inputs are what the result depends on.
template <> struct semantics<opcode::select> {
    static constexpr unsigned reads = reads_a | reads_b | reads_c;
    template <class R> static unsigned relevant(R a) noexcept {
        return a.lo == 1 ? reads_b : a.hi == 0 ? reads_c : reads_a | reads_b | reads_c;
    }
    template <class T> static T point(const instruction_data&, T a, T b, T c) noexcept { return a ? b : c; }
    template <class R> static R possible(const instruction_data&, R a, R b, R c) noexcept {
        // Both branches joined, then narrowed by a determined condition: plain selects,
        // which the block kernels turn into blends.
        auto lo = std::min(b.lo, c.lo), hi = std::max(b.hi, c.hi);
        lo = a.lo == 1 ? b.lo : lo;
        hi = a.lo == 1 ? b.hi : hi;
        lo = a.hi == 0 ? c.lo : lo;
        hi = a.hi == 0 ? c.hi : hi;
        return {lo, hi};
    }
};

template <> struct semantics<opcode::in_set> {
    static constexpr unsigned reads = reads_a;
    template <class T> static T point(const instruction_data& x, T a, T, T) noexcept {
        const auto& set = x.set();
        return std::binary_search(set.begin(), set.end(), static_cast<std::int64_t>(a));
    }
    template <class R> static R possible(const instruction_data& x, R a, R, R) noexcept {
        const auto& set = x.set();
        const auto first = std::lower_bound(set.begin(), set.end(), static_cast<std::int64_t>(a.lo));
        const auto last = std::upper_bound(set.begin(), set.end(), static_cast<std::int64_t>(a.hi));
        const auto members = last - first;
        // The set is sorted and unique: all of lo..hi are members when as many are.
        return make_range<R>(members == static_cast<std::int64_t>(a.hi) - a.lo + 1, members != 0);
    }
};

// Membership of small values: bit v of imm says whether v (0..63) is a member.
template <> struct semantics<opcode::in_mask> {
    static constexpr unsigned reads = reads_a;
    template <class T> static T point(const instruction_data& x, T a, T, T) noexcept {
        const auto v = static_cast<std::uint64_t>(static_cast<std::int64_t>(a));
        return static_cast<T>(v < 64 && ((static_cast<std::uint64_t>(x.imm) >> v) & 1) != 0);
    }
    template <class R> static R possible(const instruction_data& x, R a, R, R) noexcept {
        // The members among lo..hi: every value when as many bits as values, none when no bit.
        const std::int64_t lo = std::max<std::int64_t>(a.lo, 0), hi = std::min<std::int64_t>(a.hi, 63);
        if (lo > hi) return make_range<R>(false, false);
        const std::uint64_t span = (hi - lo == 63 ? ~std::uint64_t{0} : ((std::uint64_t{1} << (hi - lo + 1)) - 1)) << lo;
        const int members = __builtin_popcountll(static_cast<std::uint64_t>(x.imm) & span);
        return make_range<R>(members == static_cast<std::int64_t>(a.hi) - a.lo + 1, members != 0);
    }
};

template <> struct semantics<opcode::add_months> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept {
        return static_cast<T>(date_add_months(a, b));
    }
    // Adding months is monotone in the date and in the months.
    template <class R> static R possible(const instruction_data&, R a, R b, R) noexcept {
        using T = lane_of_t<R>;
        return {static_cast<T>(date_add_months(a.lo, b.lo)), static_cast<T>(date_add_months(a.hi, b.hi))};
    }
};

template <> struct semantics<opcode::add_days> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept {
        return static_cast<T>(date_add_days(a, b));
    }
    template <class R> static R possible(const instruction_data&, R a, R b, R) noexcept {
        using T = lane_of_t<R>;
        return {static_cast<T>(date_add_days(a.lo, b.lo)), static_cast<T>(date_add_days(a.hi, b.hi))};
    }
};

// age(birth, at): falls as the birth date rises, rises with the date it is taken at.
template <> struct semantics<opcode::age> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept {
        return static_cast<T>(date_age(a, b));
    }
    template <class R> static R possible(const instruction_data&, R a, R b, R) noexcept {
        using T = lane_of_t<R>;
        return {static_cast<T>(date_age(a.hi, b.lo)), static_cast<T>(date_age(a.lo, b.hi))};
    }
};

template <> struct semantics<opcode::lookup> {
    static constexpr unsigned reads = reads_a;
    template <class T> static T point(const instruction_data& x, T a, T, T) noexcept {
        const auto& entries = x.table();
        const auto key = static_cast<std::int64_t>(a);
        const auto it = std::upper_bound(entries.begin(), entries.end(), key,
                                         [](std::int64_t k, const table_entry& e) { return k < e.lo; });
        // The checker proved every table covers its whole key type, so `it` is never begin().
        return static_cast<T>(it == entries.begin() ? entries.front().value : std::prev(it)->value);
    }
    template <class R> static R possible(const instruction_data& x, R a, R, R) noexcept {
        std::int64_t lo = INT64_MAX, hi = INT64_MIN;
        for (const table_entry& e : x.table())
            if (e.hi >= a.lo && e.lo <= a.hi) {
                lo = std::min(lo, e.value);
                hi = std::max(hi, e.value);
            }
        using T = lane_of_t<R>;
        return {static_cast<T>(lo), static_cast<T>(hi)};
    }
};

/// The fused shapes, defined by the table itself: c combined with (a compared to b).
template <opcode Combine, opcode Compare> struct combined {
    static constexpr unsigned reads = reads_a | reads_b | reads_c;
    template <class T> static T point(const instruction_data& x, T a, T b, T c) noexcept {
        return semantics<Combine>::point(x, c, static_cast<T>(semantics<Compare>::point(x, a, b, c)), T{});
    }
    template <class R> static R possible(const instruction_data& x, R a, R b, R c) noexcept {
        return semantics<Combine>::possible(x, c, semantics<Compare>::possible(x, a, b, c), R{});
    }
};
#define TRAPPE_COMBINED(combine, combine_op)                                                                      \
    template <> struct semantics<opcode::combine##_eq> : combined<opcode::combine_op, opcode::eq> {};            \
    template <> struct semantics<opcode::combine##_ne> : combined<opcode::combine_op, opcode::ne> {};            \
    template <> struct semantics<opcode::combine##_lt> : combined<opcode::combine_op, opcode::lt> {};            \
    template <> struct semantics<opcode::combine##_le> : combined<opcode::combine_op, opcode::le> {};            \
    template <> struct semantics<opcode::combine##_gt> : combined<opcode::combine_op, opcode::gt> {};            \
    template <> struct semantics<opcode::combine##_ge> : combined<opcode::combine_op, opcode::ge> {};
TRAPPE_COMBINED(add, add_exact)
TRAPPE_COMBINED(all, logical_and)
TRAPPE_COMBINED(any, logical_or)
#undef TRAPPE_COMBINED

/// Calls f(semantics<op>{}) for the opcode of an instruction: the one dispatch
/// every interpreter uses. Always inlined, so an interpreter's loop is one switch.
template <class F> [[gnu::always_inline]] inline decltype(auto) with_semantics(opcode op, F&& f) {
    switch (op) {
#define TRAPPE_DISPATCH(name) \
    case opcode::name: return f(semantics<opcode::name>{});
        TRAPPE_OPCODES(TRAPPE_DISPATCH)
#undef TRAPPE_DISPATCH
    }
    __builtin_unreachable();
}

/// The operands whose unassessed inputs a result depends on, given the
/// condition's possible values (only a select narrows this).
template <class S> unsigned relevant_operands(value_range a) noexcept {
    if constexpr (requires { S::relevant(a); }) return S::relevant(a);
    else return S::reads;
}

/// Operand slot numbers of an instruction, by operand bit.
inline std::uint32_t operand_slot(const instruction& in, unsigned bit) noexcept {
    return bit == reads_a ? in.a : bit == reads_b ? in.b : in.c;
}

}  // namespace trappe::detail
