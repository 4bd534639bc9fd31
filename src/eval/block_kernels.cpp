// Instantiates the block kernels from the semantics table. This file is compiled
// once per instruction set with TRAPPE_KERNEL_NS naming the namespace (see
// CMakeLists.txt): kernels_avx2 with -mavx2, kernels_baseline without.

#include <limits>

#include <type_traits>

#include "eval/block_kernels.hpp"
#include "common/calendar_tables.hpp"
#include "plan/semantics.hpp"
#include "eval/kernel_target.hpp"  // last: what follows is built for this instruction set

#ifndef TRAPPE_KERNEL_NS
#define TRAPPE_KERNEL_NS kernels_baseline
#endif

namespace trappe::detail::TRAPPE_KERNEL_NS {
namespace {

template <lane L> struct lane_type;
template <> struct lane_type<lane::i8> { using type = std::int8_t; };
template <> struct lane_type<lane::i16> { using type = std::int16_t; };
template <> struct lane_type<lane::i32> { using type = std::int32_t; };
template <> struct lane_type<lane::i64> { using type = std::int64_t; };

template <class T> T* slot_ptr(std::byte* block, const block_program& bp, std::uint32_t s) {
    return reinterpret_cast<T*>(block + bp.slots[s].offset);
}

// An operand the instruction reads, or a zero it ignores (never dereferenced).
template <unsigned Bit, unsigned Reads, class T> T operand(const T* p, std::size_t r) {
    if constexpr ((Reads & Bit) != 0) return p[r];
    else return T{};
}

template <opcode Op, class TA> using condition_type = std::conditional_t<Op == opcode::select, std::int8_t, TA>;

// The row loops take their slots as __restrict parameters (GCC honours restrict
// there, not on locals), so they vectorize without run-time alias checks: a result
// is never an operand's slot (the block layout places it before releasing any).
template <opcode Op, class TA, class TD>
void point_rows(const instruction_data& x, const condition_type<Op, TA>* __restrict a, const TA* __restrict b,
                const TA* __restrict c, TD* __restrict d, std::size_t n) {
    using S = semantics<Op>;
    constexpr unsigned reads = S::reads;
    for (std::size_t r = 0; r < n; ++r)
        d[r] = static_cast<TD>(S::template point<TA>(x, static_cast<TA>(operand<reads_a, reads>(a, r)),
                                                     operand<reads_b, reads>(b, r), operand<reads_c, reads>(c, r)));
}

template <opcode Op, class TA, class TD>
void point_loop(const block_instruction& in, const block_program& bp, const plan_internals& code, std::byte* block,
                std::size_t n) {
    constexpr unsigned reads = semantics<Op>::reads;
    point_rows<Op, TA, TD>({code, in.imm},
                           reads & reads_a ? slot_ptr<condition_type<Op, TA>>(block, bp, in.a) : nullptr,
                           reads & reads_b ? slot_ptr<TA>(block, bp, in.b) : nullptr,
                           reads & reads_c ? slot_ptr<TA>(block, bp, in.c) : nullptr, slot_ptr<TD>(block, bp, in.dst), n);
}

// The members of an in_mask set, as its vector forms need them.
struct mask_members {
    int count = 0, first = 0, last = 0;
    explicit mask_members(std::uint64_t mask)
        : count(__builtin_popcountll(mask)),
          first(mask == 0 ? 0 : __builtin_ctzll(mask)),
          last(mask == 0 ? 0 : 63 - __builtin_clzll(mask)) {}
    [[nodiscard]] bool run() const noexcept { return count > 0 && last - first + 1 == count; }
    template <class TA> [[nodiscard]] bool fit() const noexcept {
        return count > 0 && static_cast<std::int64_t>(last) <= std::numeric_limits<TA>::max();
    }
};

// Membership of small values as comparisons that vectorize in any lane: a run of
// consecutive members is a range test, up to four members an equality each.
template <class TA>
void in_mask_loop(const block_instruction& in, const block_program& bp, const plan_internals& code, std::byte* block,
                  std::size_t n) {
    const auto mask = static_cast<std::uint64_t>(in.imm);
    std::int8_t* __restrict d = slot_ptr<std::int8_t>(block, bp, in.dst);
    const TA* __restrict a = slot_ptr<TA>(block, bp, in.a);
    const mask_members members(mask);
    if (!members.fit<TA>()) return point_loop<opcode::in_mask, TA, std::int8_t>(in, bp, code, block, n);
    if (members.run()) {
        const auto lo = static_cast<TA>(members.first), hi = static_cast<TA>(members.last);
        for (std::size_t r = 0; r < n; ++r) d[r] = static_cast<std::int8_t>((a[r] >= lo) & (a[r] <= hi));
        return;
    }
    if (members.count <= 4) {
        TA m[4];
        std::uint64_t rest = mask;
        for (int i = 0; i < 4; ++i) {
            m[i] = static_cast<TA>(rest == 0 ? members.last : __builtin_ctzll(rest));
            if (rest != 0) rest &= rest - 1;
        }
        for (std::size_t r = 0; r < n; ++r)
            d[r] = static_cast<std::int8_t>((a[r] == m[0]) | (a[r] == m[1]) | (a[r] == m[2]) | (a[r] == m[3]));
        return;
    }
    point_loop<opcode::in_mask, TA, std::int8_t>(in, bp, code, block, n);
}

// A step function as a sum of steps: value(k) = first value + every rise whose
// start is <= k. Branch-free, so it vectorizes; same values as the search.
template <class TA, class TD>
void lookup_loop(const block_instruction& in, const block_program& bp, const plan_internals& code, std::byte* block,
                 std::size_t n) {
    const auto& entries = code.tables[static_cast<std::size_t>(in.imm)].entries;
    if (entries.size() > 16) return point_loop<opcode::lookup, TA, TD>(in, bp, code, block, n);
    TD* __restrict d = slot_ptr<TD>(block, bp, in.dst);
    const TA* __restrict a = slot_ptr<TA>(block, bp, in.a);
    const auto first = static_cast<TD>(entries.front().value);
    for (std::size_t r = 0; r < n; ++r) d[r] = first;
    for (std::size_t e = 1; e < entries.size(); ++e) {
        // Starts beyond the lane's range are never reached by a valid key.
        if (entries[e].lo > static_cast<std::int64_t>(std::numeric_limits<TA>::max())) break;
        const auto start = static_cast<TA>(std::max<std::int64_t>(entries[e].lo, std::numeric_limits<TA>::min()));
        const auto rise = static_cast<TD>(entries[e].value - entries[e - 1].value);
        for (std::size_t r = 0; r < n; ++r) d[r] = static_cast<TD>(d[r] + (a[r] >= start ? rise : TD{0}));
    }
}

// Index of a date in calendar_tables::packed; valid dates are in range, and a
// placeholder of a bad row is clamped so the read stays inside the table.
inline std::int32_t day_index(std::int32_t date) {
    return std::clamp(date - earliest_date, 0, latest_date - earliest_date);
}

// Calendar reads for 8 rows at a time where AVX2 is there (GCC does not gather
// on its own in a loop that also stores), one at a time elsewhere.
#if defined(TRAPPE_KERNEL_TARGET_AVX2)
inline __m256i gather_days(const std::int32_t* table, __m256i dates) {
    const __m256i index = _mm256_min_epi32(_mm256_max_epi32(_mm256_sub_epi32(dates, _mm256_set1_epi32(earliest_date)),
                                                            _mm256_setzero_si256()),
                                           _mm256_set1_epi32(latest_date - earliest_date));
    return _mm256_i32gather_epi32(table, index, 4);
}
#endif

// calendar_age and calendar_add_months (common/calendar_tables.hpp) over rows.
inline void ages(const std::int32_t* __restrict birth, const std::int32_t* __restrict at, std::int32_t* __restrict out,
                 std::size_t n) {
    const std::int32_t* packed = calendar_tables::get().packed.data();
    std::size_t r = 0;
#if defined(TRAPPE_KERNEL_TARGET_AVX2)
    for (; r + 8 <= n; r += 8) {
        const __m256i b = _mm256_srai_epi32(gather_days(packed, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(birth + r))), 1);
        const __m256i t = gather_days(packed, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(at + r)));
        const __m256i shifted = _mm256_add_epi32(_mm256_srai_epi32(t, 1), _mm256_and_si256(t, _mm256_set1_epi32(1)));
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + r), _mm256_srai_epi32(_mm256_sub_epi32(shifted, b), 9));
    }
#endif
    for (; r < n; ++r)
        out[r] = calendar_age(packed, day_index(birth[r]) + earliest_date, day_index(at[r]) + earliest_date);
}

inline void months_added(const std::int32_t* __restrict date, const std::int32_t* __restrict months,
                         std::int32_t* __restrict out, std::size_t n) {
    const calendar_tables& tables = calendar_tables::get();
    std::size_t r = 0;
#if defined(TRAPPE_KERNEL_TARGET_AVX2)
    const std::int32_t* packed = tables.packed.data();
    const std::int32_t* month_start = tables.month_start.data();
    const auto last_month = static_cast<std::int32_t>(tables.month_start.size() - 2);
    constexpr std::int32_t first_month = calendar_tables::first_year * 12 + 1;  // (year * 12 + month) of index 0
    for (; r + 8 <= n; r += 8) {
        const __m256i p = _mm256_srai_epi32(gather_days(packed, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(date + r))), 1);
        const __m256i year = _mm256_srai_epi32(p, 9);
        const __m256i month = _mm256_and_si256(_mm256_srai_epi32(p, 5), _mm256_set1_epi32(15));
        const __m256i day = _mm256_and_si256(p, _mm256_set1_epi32(31));
        __m256i index = _mm256_add_epi32(_mm256_mullo_epi32(year, _mm256_set1_epi32(12)), month);
        index = _mm256_add_epi32(_mm256_sub_epi32(index, _mm256_set1_epi32(first_month)),
                                 _mm256_loadu_si256(reinterpret_cast<const __m256i*>(months + r)));
        index = _mm256_min_epi32(_mm256_max_epi32(index, _mm256_setzero_si256()), _mm256_set1_epi32(last_month));
        const __m256i first = _mm256_i32gather_epi32(month_start, index, 4);
        const __m256i next = _mm256_i32gather_epi32(month_start + 1, index, 4);
        const __m256i day_in_month = _mm256_min_epi32(day, _mm256_sub_epi32(next, first));
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + r),
                            _mm256_sub_epi32(_mm256_add_epi32(first, day_in_month), _mm256_set1_epi32(1)));
    }
#endif
    for (; r < n; ++r)  // months clamped like the vector path's index: stale placeholder rows stay in the tables
        out[r] = calendar_add_months(tables, day_index(date[r]) + earliest_date,
                                     std::clamp(months[r], -static_cast<std::int32_t>(month_offset_limit), static_cast<std::int32_t>(month_offset_limit)));
}

// age or add_months over rows, through an int32 buffer narrowed to the result lane.
template <opcode Op, class TD>
void calendar_rows(const std::int32_t* a, const std::int32_t* b, TD* __restrict d, std::size_t n) {
    std::int32_t rows[1024];
    for (std::size_t begin = 0; begin < n; begin += 1024) {
        const std::size_t m = std::min<std::size_t>(1024, n - begin);
        if constexpr (Op == opcode::age) ages(a + begin, b + begin, rows, m);
        else months_added(a + begin, b + begin, rows, m);
        for (std::size_t r = 0; r < m; ++r) d[begin + r] = static_cast<TD>(rows[r]);
    }
}

// The calendar forms of age and add_months, where the builder proved the tables
// cover the dates (imm = 1).
template <opcode Op, class TD>
void calendar_loop(const block_instruction& in, const block_program& bp, const plan_internals& code, std::byte* block,
                   std::size_t n) {
    if (in.imm == 0) return point_loop<Op, std::int32_t, TD>(in, bp, code, block, n);
    calendar_rows<Op>(slot_ptr<std::int32_t>(block, bp, in.a), slot_ptr<std::int32_t>(block, bp, in.b),
                      slot_ptr<TD>(block, bp, in.dst), n);
}

template <opcode Op, class TA, class TD>
void interval_rows(const instruction_data& x, const condition_type<Op, TA>* __restrict alo,
                   const condition_type<Op, TA>* __restrict ahi, const TA* __restrict blo, const TA* __restrict bhi,
                   const TA* __restrict clo, const TA* __restrict chi, TD* __restrict dlo, TD* __restrict dhi,
                   std::size_t n) {
    using S = semantics<Op>;
    constexpr unsigned reads = S::reads;
    for (std::size_t r = 0; r < n; ++r) {
        const interval<TA> ra{static_cast<TA>(operand<reads_a, reads>(alo, r)), static_cast<TA>(operand<reads_a, reads>(ahi, r))};
        const interval<TA> rb{operand<reads_b, reads>(blo, r), operand<reads_b, reads>(bhi, r)};
        const interval<TA> rc{operand<reads_c, reads>(clo, r), operand<reads_c, reads>(chi, r)};
        const interval<TA> v = S::possible(x, ra, rb, rc);
        dlo[r] = static_cast<TD>(v.lo);
        dhi[r] = static_cast<TD>(v.hi);
    }
}

template <opcode Op, class TA, class TD>
void interval_loop(const block_instruction& in, const block_program& bp, const plan_internals& code, std::byte* lo,
                   std::byte* hi, std::size_t n) {
    constexpr unsigned reads = semantics<Op>::reads;
    using TC = condition_type<Op, TA>;
    const auto operand_at = [&](auto type, unsigned bit, std::uint32_t s, std::byte* block) {
        using T = typename decltype(type)::type;
        return reads & bit ? slot_ptr<T>(block, bp, s) : static_cast<T*>(nullptr);
    };
    interval_rows<Op, TA, TD>({code, in.imm}, operand_at(std::type_identity<TC>{}, reads_a, in.a, lo),
                              operand_at(std::type_identity<TC>{}, reads_a, in.a, hi),
                              operand_at(std::type_identity<TA>{}, reads_b, in.b, lo),
                              operand_at(std::type_identity<TA>{}, reads_b, in.b, hi),
                              operand_at(std::type_identity<TA>{}, reads_c, in.c, lo),
                              operand_at(std::type_identity<TA>{}, reads_c, in.c, hi), slot_ptr<TD>(lo, bp, in.dst),
                              slot_ptr<TD>(hi, bp, in.dst), n);
}

// The calendar forms on possible values: the earliest birth date gives the
// highest age; adding months is monotone in both operands.
template <opcode Op, class TD>
void calendar_interval_loop(const block_instruction& in, const block_program& bp, const plan_internals& code,
                            std::byte* lo, std::byte* hi, std::size_t n) {
    if (in.imm == 0) return interval_loop<Op, std::int32_t, TD>(in, bp, code, lo, hi, n);
    const std::int32_t* alo = slot_ptr<std::int32_t>(lo, bp, in.a);
    const std::int32_t* ahi = slot_ptr<std::int32_t>(hi, bp, in.a);
    const std::int32_t* blo = slot_ptr<std::int32_t>(lo, bp, in.b);
    const std::int32_t* bhi = slot_ptr<std::int32_t>(hi, bp, in.b);
    if constexpr (Op == opcode::age) {
        calendar_rows<Op>(ahi, blo, slot_ptr<TD>(lo, bp, in.dst), n);
        calendar_rows<Op>(alo, bhi, slot_ptr<TD>(hi, bp, in.dst), n);
    } else {
        calendar_rows<Op>(alo, blo, slot_ptr<TD>(lo, bp, in.dst), n);
        calendar_rows<Op>(ahi, bhi, slot_ptr<TD>(hi, bp, in.dst), n);
    }
}

// Membership on possible values, for a run of consecutive members first..last:
// surely a member when lo..hi lies inside it, possibly when the two overlap.
template <class TA>
void in_mask_interval_loop(const block_instruction& in, const block_program& bp, const plan_internals& code,
                           std::byte* lo, std::byte* hi, std::size_t n) {
    const mask_members members(static_cast<std::uint64_t>(in.imm));
    if (!members.fit<TA>() || !members.run()) return interval_loop<opcode::in_mask, TA, std::int8_t>(in, bp, code, lo, hi, n);
    const auto f = static_cast<TA>(members.first), l = static_cast<TA>(members.last);
    const TA* __restrict alo = slot_ptr<TA>(lo, bp, in.a);
    const TA* __restrict ahi = slot_ptr<TA>(hi, bp, in.a);
    std::int8_t* __restrict dlo = slot_ptr<std::int8_t>(lo, bp, in.dst);
    std::int8_t* __restrict dhi = slot_ptr<std::int8_t>(hi, bp, in.dst);
    for (std::size_t r = 0; r < n; ++r) {
        dlo[r] = static_cast<std::int8_t>((alo[r] >= f) & (ahi[r] <= l));
        dhi[r] = static_cast<std::int8_t>((ahi[r] >= f) & (alo[r] <= l));
    }
}

template <opcode Op, class TA, class TD> block_kernels make() {
    block_kernels k{&point_loop<Op, TA, TD>, &interval_loop<Op, TA, TD>};
    if constexpr (Op == opcode::in_mask && std::is_same_v<TD, std::int8_t>) {
        k.point = &in_mask_loop<TA>;
        k.interval = &in_mask_interval_loop<TA>;
    }
    if constexpr (Op == opcode::lookup) k.point = &lookup_loop<TA, TD>;
    if constexpr ((Op == opcode::age || Op == opcode::add_months) && std::is_same_v<TA, std::int32_t>) {
        k.point = &calendar_loop<Op, TD>;
        k.interval = &calendar_interval_loop<Op, TD>;
    }
    return k;
}

// Only the lane pairs the block builder produces (see result_of) are instantiated.
template <opcode Op, class TA> block_kernels by_result(lane result) {
    constexpr result_rule rule = result_of(Op);
    if constexpr (rule == result_rule::same) return make<Op, TA, TA>();
    else if constexpr (rule == result_rule::boolean) return make<Op, TA, std::int8_t>();
    else {
        switch (result) {
            case lane::i8: return make<Op, TA, std::int8_t>();
            case lane::i16: return make<Op, TA, std::int16_t>();
            case lane::i32: return make<Op, TA, std::int32_t>();
            case lane::i64: return make<Op, TA, std::int64_t>();
        }
    }
    return {};
}

template <opcode Op> block_kernels by_operand(lane operand, lane result) {
    switch (operand) {
        case lane::i8: return by_result<Op, std::int8_t>(result);
        case lane::i16: return by_result<Op, std::int16_t>(result);
        case lane::i32: return by_result<Op, std::int32_t>(result);
        case lane::i64: return by_result<Op, std::int64_t>(result);
    }
    return {};
}

}  // namespace

block_kernels kernels_for(const block_instruction& in) noexcept {
    return with_semantics(in.op, [&](auto s) {
        return [&]<opcode Op>(semantics<Op>) { return by_operand<Op>(in.operand, in.result); }(s);
    });
}

}  // namespace trappe::detail::TRAPPE_KERNEL_NS

TRAPPE_KERNEL_TARGET_END
