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

/// Kleene truth of `a = b` and `a < b` on intervals: true for every pair, for none, or for some.
inline value_range possibly_equal(value_range a, value_range b) noexcept {
    if (a.determined() && b.determined() && a.lo == b.lo) return {1, 1};
    if (a.hi < b.lo || b.hi < a.lo) return {0, 0};
    return {0, 1};
}
inline value_range possibly_less(value_range a, value_range b) noexcept {
    if (a.hi < b.lo) return {1, 1};
    if (a.lo >= b.hi) return {0, 0};
    return {0, 1};
}
inline value_range possibly_not(value_range a) noexcept { return {1 - a.hi, 1 - a.lo}; }
inline value_range plus_one(value_range a) noexcept { return {add(a.lo, 1), add(a.hi, 1)}; }

template <opcode Op> struct semantics;  // one specialization per opcode, below

template <> struct semantics<opcode::constant> {
    static constexpr unsigned reads = 0;
    template <class T> static T point(const instruction_data& x, T, T, T) noexcept { return static_cast<T>(x.imm); }
    static value_range possible(const instruction_data& x, value_range, value_range, value_range) noexcept {
        return {x.imm, x.imm};
    }
};

template <> struct semantics<opcode::copy> {
    static constexpr unsigned reads = reads_a;
    template <class T> static T point(const instruction_data&, T a, T, T) noexcept { return a; }
    static value_range possible(const instruction_data&, value_range a, value_range, value_range) noexcept { return a; }
};

template <> struct semantics<opcode::negate> {
    static constexpr unsigned reads = reads_a;
    template <class T> static T point(const instruction_data&, T a, T, T) noexcept { return lane_negate(a); }
    static value_range possible(const instruction_data&, value_range a, value_range, value_range) noexcept {
        return {negate(a.hi), negate(a.lo)};
    }
};

template <> struct semantics<opcode::logical_not> {
    static constexpr unsigned reads = reads_a;
    template <class T> static T point(const instruction_data&, T a, T, T) noexcept { return static_cast<T>(a ^ 1); }
    static value_range possible(const instruction_data&, value_range a, value_range, value_range) noexcept {
        return possibly_not(a);
    }
};

template <> struct semantics<opcode::add> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept { return lane_add(a, b); }
    static value_range possible(const instruction_data&, value_range a, value_range b, value_range) noexcept {
        return {add(a.lo, b.lo), add(a.hi, b.hi)};
    }
};

template <> struct semantics<opcode::sub> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept { return lane_sub(a, b); }
    static value_range possible(const instruction_data&, value_range a, value_range b, value_range) noexcept {
        return {sub(a.lo, b.hi), sub(a.hi, b.lo)};
    }
};

template <> struct semantics<opcode::mul> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept { return lane_mul(a, b); }
    static value_range possible(const instruction_data&, value_range a, value_range b, value_range) noexcept {
        const std::int64_t c[] = {mul(a.lo, b.lo), mul(a.lo, b.hi), mul(a.hi, b.lo), mul(a.hi, b.hi)};
        return {*std::min_element(c, c + 4), *std::max_element(c, c + 4)};
    }
};

template <> struct semantics<opcode::eq> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept { return a == b; }
    static value_range possible(const instruction_data&, value_range a, value_range b, value_range) noexcept {
        return possibly_equal(a, b);
    }
};

template <> struct semantics<opcode::ne> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept { return a != b; }
    static value_range possible(const instruction_data&, value_range a, value_range b, value_range) noexcept {
        return possibly_not(possibly_equal(a, b));
    }
};

template <> struct semantics<opcode::lt> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept { return a < b; }
    static value_range possible(const instruction_data&, value_range a, value_range b, value_range) noexcept {
        return possibly_less(a, b);
    }
};

template <> struct semantics<opcode::le> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept { return a <= b; }
    static value_range possible(const instruction_data&, value_range a, value_range b, value_range) noexcept {
        return possibly_less(a, plus_one(b));
    }
};

template <> struct semantics<opcode::gt> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept { return a > b; }
    static value_range possible(const instruction_data&, value_range a, value_range b, value_range) noexcept {
        return possibly_less(b, a);
    }
};

template <> struct semantics<opcode::ge> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept { return a >= b; }
    static value_range possible(const instruction_data&, value_range a, value_range b, value_range) noexcept {
        return possibly_less(b, plus_one(a));
    }
};

// Kleene logic on {0,1} intervals: false and x = false, true or x = true.
template <> struct semantics<opcode::logical_and> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept { return a & b; }
    static value_range possible(const instruction_data&, value_range a, value_range b, value_range) noexcept {
        return {a.lo & b.lo, a.hi & b.hi};
    }
};

template <> struct semantics<opcode::logical_or> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept { return a | b; }
    static value_range possible(const instruction_data&, value_range a, value_range b, value_range) noexcept {
        return {a.lo | b.lo, a.hi | b.hi};
    }
};

template <> struct semantics<opcode::max> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept { return std::max(a, b); }
    static value_range possible(const instruction_data&, value_range a, value_range b, value_range) noexcept {
        return {std::max(a.lo, b.lo), std::max(a.hi, b.hi)};
    }
};

template <> struct semantics<opcode::min> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept { return std::min(a, b); }
    static value_range possible(const instruction_data&, value_range a, value_range b, value_range) noexcept {
        return {std::min(a.lo, b.lo), std::min(a.hi, b.hi)};
    }
};

// `a ? b : c`. A determined condition reads only the branch it takes, so only
// that branch's unassessed inputs are what the result depends on.
template <> struct semantics<opcode::select> {
    static constexpr unsigned reads = reads_a | reads_b | reads_c;
    static unsigned relevant(value_range a) noexcept {
        return a.lo == 1 ? reads_b : a.hi == 0 ? reads_c : reads_a | reads_b | reads_c;
    }
    template <class T> static T point(const instruction_data&, T a, T b, T c) noexcept { return a ? b : c; }
    static value_range possible(const instruction_data&, value_range a, value_range b, value_range c) noexcept {
        if (a.lo == 1) return b;
        if (a.hi == 0) return c;
        return {std::min(b.lo, c.lo), std::max(b.hi, c.hi)};
    }
};

template <> struct semantics<opcode::in_set> {
    static constexpr unsigned reads = reads_a;
    template <class T> static T point(const instruction_data& x, T a, T, T) noexcept {
        const auto& set = x.set();
        return std::binary_search(set.begin(), set.end(), static_cast<std::int64_t>(a));
    }
    static value_range possible(const instruction_data& x, value_range a, value_range, value_range) noexcept {
        const auto& set = x.set();
        const auto first = std::lower_bound(set.begin(), set.end(), a.lo);
        const auto last = std::upper_bound(set.begin(), set.end(), a.hi);
        const auto members = last - first;
        if (members == 0) return {0, 0};
        if (members == a.hi - a.lo + 1) return {1, 1};  // the set is sorted and unique
        return {0, 1};
    }
};

template <> struct semantics<opcode::add_months> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept {
        return static_cast<T>(date_add_months(a, b));
    }
    // Adding months is monotone in the date and in the months.
    static value_range possible(const instruction_data&, value_range a, value_range b, value_range) noexcept {
        return {date_add_months(a.lo, b.lo), date_add_months(a.hi, b.hi)};
    }
};

template <> struct semantics<opcode::add_days> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept {
        return static_cast<T>(date_add_days(a, b));
    }
    static value_range possible(const instruction_data&, value_range a, value_range b, value_range) noexcept {
        return {date_add_days(a.lo, b.lo), date_add_days(a.hi, b.hi)};
    }
};

// age(birth, at): falls as the birth date rises, rises with the date it is taken at.
template <> struct semantics<opcode::age> {
    static constexpr unsigned reads = reads_a | reads_b;
    template <class T> static T point(const instruction_data&, T a, T b, T) noexcept {
        return static_cast<T>(date_age(a, b));
    }
    static value_range possible(const instruction_data&, value_range a, value_range b, value_range) noexcept {
        return {date_age(a.hi, b.lo), date_age(a.lo, b.hi)};
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
    static value_range possible(const instruction_data& x, value_range a, value_range, value_range) noexcept {
        value_range out{INT64_MAX, INT64_MIN};
        for (const table_entry& e : x.table())
            if (e.hi >= a.lo && e.lo <= a.hi) {
                out.lo = std::min(out.lo, e.value);
                out.hi = std::max(out.hi, e.value);
            }
        return out;
    }
};

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
