// The worker loop of evaluate_batch: the typed block program run over blocks of
// rows, each instruction one loop over the block's rows in its narrowest lane.
// Rows whose outputs an unassessed item can change are gathered into a second
// block and run on possible values (low and high lanes), with the same kernels'
// interval forms. Compiled once per instruction set, like the kernels. Rows
// still undetermined there get their exact possible values from their
// completions, run as rows of the point block, and the batch writes each
// value's hull.

#include <algorithm>
#include <cstring>
#include <limits>
#include <optional>

#include "eval/batch_worker.hpp"
#include "eval/block_kernels.hpp"
#include "eval/column_value.hpp"
#include "eval/evaluate_on_sets.hpp"
#include "eval/input_errors.hpp"
#include "eval/output_dependencies.hpp"
#include "eval/refine_possible.hpp"
#include "eval/kernel_target.hpp"  // last: what follows is built for this instruction set

#ifndef TRAPPE_KERNEL_NS
#define TRAPPE_KERNEL_NS kernels_baseline
#endif

namespace trappe::detail::TRAPPE_KERNEL_NS {
namespace {

// Calls f(T*) with a column's data as its element type.
template <class Data, class F> void with_element(element_type type, Data* data, F&& f) {
    // const columns (inputs) stay const.
    auto as = [data]<class T>(T*) { return reinterpret_cast<std::conditional_t<std::is_const_v<Data>, const T, T>*>(data); };
    switch (type) {
        case element_type::i8: return f(as(static_cast<std::int8_t*>(nullptr)));
        case element_type::i16: return f(as(static_cast<std::int16_t*>(nullptr)));
        case element_type::i32: return f(as(static_cast<std::int32_t*>(nullptr)));
        case element_type::i64: return f(as(static_cast<std::int64_t*>(nullptr)));
    }
}

template <class F> void with_lane(lane l, std::byte* data, F&& f) {
    switch (l) {
        case lane::i8: return f(reinterpret_cast<std::int8_t*>(data));
        case lane::i16: return f(reinterpret_cast<std::int16_t*>(data));
        case lane::i32: return f(reinterpret_cast<std::int32_t*>(data));
        case lane::i64: return f(reinterpret_cast<std::int64_t*>(data));
    }
}

// The gather's loops, as functions of __restrict pointers so they vectorize (byte
// stores may alias anything reached through a member or a capture).
void assessed_flags(const std::uint8_t* __restrict valid, std::int8_t* __restrict d, std::size_t n) {
    if (valid == nullptr) std::fill_n(d, n, 1);
    else for (std::size_t k = 0; k < n; ++k) d[k] = static_cast<std::int8_t>(valid[k] != 0);
}

void mark_unassessed(const std::uint8_t* __restrict valid, std::uint8_t* __restrict marks, std::size_t n) {
    for (std::size_t k = 0; k < n; ++k) marks[k] = static_cast<std::uint8_t>(marks[k] | (valid[k] == 0));
}

// The destination of a column that no instruction reads: values are only validated.
struct no_destination {};

// Copies valid values (the others become the lowest valid value); true when some
// row is bad: a value out of range, or unassessed though required. Flags are bytes
// combined bitwise (no && or ?: on bools), so the loops vectorize. With D =
// no_destination (a column no instruction reads) it only validates.
template <class S, class D>
bool copy_valid(const S* __restrict src, const std::uint8_t* __restrict valid, D* __restrict dst, std::size_t n,
                const input_rule& rule) {
    constexpr bool copies = !std::is_same_v<D, no_destination>;
    // The limits in the column's own type, so the comparisons stay narrow.
    constexpr std::int64_t min = std::numeric_limits<S>::min(), max = std::numeric_limits<S>::max();
    [[maybe_unused]] const auto placeholder = static_cast<std::conditional_t<copies, D, std::int64_t>>(rule.lo);
    if (rule.lo > max || rule.hi < min) {  // no value of this column type is valid
        if constexpr (copies) std::fill_n(dst, n, placeholder);
        return n > 0;
    }
    const auto lo = static_cast<S>(std::max(rule.lo, min));
    const auto hi = static_cast<S>(std::min(rule.hi, max));
    const std::uint8_t required = rule.required;
    std::uint8_t bad = 0;
    for (std::size_t k = 0; k < n; ++k) {
        const S v = src[k];
        const auto ok = static_cast<std::uint8_t>((v >= lo) & (v <= hi));
        const auto assessed = valid == nullptr ? std::uint8_t{1} : static_cast<std::uint8_t>(valid[k] != 0);
        bad |= static_cast<std::uint8_t>((assessed & (ok ^ 1)) | ((assessed ^ 1) & required));
        if constexpr (copies) dst[k] = (assessed & ok) ? static_cast<D>(v) : placeholder;
    }
    return bad != 0;
}

template <class S> bool any_outside(const S* __restrict src, std::size_t n, std::int64_t from, std::int64_t to) {
    std::uint8_t any = 0;
    for (std::size_t k = 0; k < n; ++k) any |= static_cast<std::uint8_t>((src[k] < from) | (src[k] > to));
    return any != 0;
}

template <class S, class D> void clamp_into(const S* __restrict src, D* __restrict d, std::size_t n, std::int64_t lo, std::int64_t hi) {
    for (std::size_t k = 0; k < n; ++k) d[k] = static_cast<D>(std::clamp<std::int64_t>(src[k], lo, hi));
}

// Asks for the next block's input bytes while this block is evaluated: many
// columns stream at once, more than the hardware prefetchers follow.
void prefetch_columns(std::span<const input_column> inputs, std::size_t begin, std::size_t n) {
    for (const input_column& c : inputs) {
        if (c.data == nullptr) continue;
        const std::size_t width = element_size(c.type);
        const auto* bytes = static_cast<const char*>(c.data);
        for (std::size_t at = begin * width; at < (begin + n) * width; at += 64) __builtin_prefetch(bytes + at);
        if (c.valid != nullptr)
            for (std::size_t at = begin; at < begin + n; at += 64) __builtin_prefetch(c.valid + at);
    }
}

// The rows listed in `rows` as intervals: an assessed value is itself, an
// unassessed one its whole valid range.
template <class S, class D>
void gather_possible(const S* __restrict src, const std::uint8_t* __restrict valid, const std::uint32_t* __restrict rows,
                     D* __restrict lo, D* __restrict hi, std::size_t n, const input_rule& rule) {
    for (std::size_t k = 0; k < n; ++k) {
        const std::uint32_t r = rows[k];
        const bool assessed = valid == nullptr || valid[r] != 0;
        lo[k] = assessed ? static_cast<D>(src[r]) : static_cast<D>(rule.lo);
        hi[k] = assessed ? static_cast<D>(src[r]) : static_cast<D>(rule.hi);
    }
}

bool all_set(const std::uint8_t* __restrict marks, std::size_t n) {
    std::uint8_t all = 1;
    for (std::size_t k = 0; k < n; ++k) all &= static_cast<std::uint8_t>(marks[k] != 0);
    return all != 0;
}

bool any_set(const std::uint8_t* __restrict marks, std::size_t n) {
    std::uint8_t any = 0;
    for (std::size_t k = 0; k < n; ++k) any |= marks[k];
    return any != 0;
}

template <class T>
void mark_differing(const T* __restrict lo, const T* __restrict hi, std::uint8_t* __restrict marks, std::size_t n) {
    for (std::size_t k = 0; k < n; ++k) marks[k] = static_cast<std::uint8_t>(marks[k] | (lo[k] != hi[k]));
}

// A split input's values in a segment's completions: each value `stride` rows at a
// time, lo to hi and again. One period is written value by value, then doubled
// until the rows are filled: strides are short (often 1), and a row at a time
// mispredicts the pattern.
template <class T>
void fill_digits(T* __restrict d, std::uint64_t count, std::uint64_t stride, std::int64_t lo, std::int64_t hi) {
    const std::uint64_t period = std::min(count, stride * static_cast<std::uint64_t>(hi - lo + 1));
    std::uint64_t at = 0;
    for (std::int64_t v = lo; at < period; ++v)
        for (std::uint64_t k = 0; k < stride && at < period; ++k) d[at++] = static_cast<T>(v);
    for (std::uint64_t len = period; len < count; len *= 2) std::memcpy(d + len, d, std::min(len, count - len) * sizeof(T));
}

// The lowest and highest of n values: a plain loop, so it vectorizes.
template <class T> std::pair<std::int64_t, std::int64_t> hull(const T* __restrict v, std::size_t n) {
    T lo = v[0], hi = v[0];
    for (std::size_t k = 1; k < n; ++k) {
        lo = std::min(lo, v[k]);
        hi = std::max(hi, v[k]);
    }
    return {lo, hi};
}

// Block memory aligned for vector loads.
struct aligned_block {
    explicit aligned_block(std::size_t bytes) : storage((bytes + 63) / 64 + 1) {}
    std::byte* data() { return reinterpret_cast<std::byte*>(storage.data()); }
    struct alignas(64) line { std::byte bytes[64]; };
    std::vector<line> storage;
};

class worker {
public:
    explicit worker(batch_job& st)
        : st_(st),
          bp_(st.bp),
          rows_(bp_.rows_per_block),
          rules_(st.code.input_rules),
          point_(bp_.bytes_per_block),
          lo_(bp_.bytes_per_block),
          hi_(bp_.bytes_per_block),
          problem_(rows_),
          risky_(rows_),
          pending_(rows_),
          undetermined_(rows_),
          row_(st.p) {
        for (const block_instruction& in : bp_.code) kernels_.push_back(kernels_for(in));
        // Constants do not change between blocks: fill their slots once.
        for (const block_constant& c : bp_.constants)
            for (std::byte* block : {point_.data(), lo_.data(), hi_.data()}) fill(block, c.slot, rows_, c.value);
    }

    void run() {
        while (true) {
            const std::size_t begin = st_.next_block.fetch_add(rows_);
            if (begin >= st_.rows) break;
            if (begin + rows_ < st_.rows) prefetch_columns(st_.inputs, begin + rows_, std::min(st_.rows, begin + 2 * rows_) - begin - rows_);
            block(begin, std::min(st_.rows, begin + rows_) - begin);
        }
        flush_pending();
        std::lock_guard lock(st_.problems_mutex);
        st_.summary.determined += local_.determined;
        st_.summary.undetermined += local_.undetermined;
        st_.summary.problems.insert(st_.summary.problems.end(), local_.problems.begin(), local_.problems.end());
    }

private:
    // One run of completions in point_: `count` rows from `start` for pending row
    // `row`, each split input (splits_[first, last)) taking each of its values
    // `stride` rows at a time (its digit of completion j is (j / stride) % its
    // number of values), every other unassessed item its lowest valid value. The
    // outputs whose bits are in `outputs` become the hull of its rows.
    struct split {
        std::uint32_t input = 0, stride = 0;
    };
    struct segment {
        std::uint32_t row = 0, start = 0, count = 1;
        std::uint32_t first = 0, last = 0;
        std::uint64_t inputs = 0;   // the split inputs' bits (those below 64)
        std::uint64_t outputs = 0;  // bit o: output o
    };

    std::byte* slot(std::byte* block, std::uint32_t s) const { return block + bp_.slots[s].offset; }

    void fill(std::byte* block, std::uint32_t s, std::size_t n, std::int64_t v) {
        with_lane(bp_.slots[s].type, slot(block, s), [&](auto* d) { std::fill_n(d, n, static_cast<std::remove_pointer_t<decltype(d)>>(v)); });
    }

    void block(std::size_t begin, std::size_t n) {
        any_problem_ = false;
        std::fill_n(problem_.begin(), n, 0);
        std::fill_n(risky_.begin(), n, 0);
        for (std::size_t i = 0; i < bp_.inputs.size(); ++i) gather(i, begin, n);
        check_date_orders(begin, n);
        check_as_of(begin, n);
        for (std::size_t k = 0; k < bp_.code.size(); ++k) kernels_[k].point(bp_.code[k], bp_, st_.code, point_.data(), n);
        for (std::size_t o = 0; o < bp_.outputs.size(); ++o) write_output(o, point_.data(), point_.data(), begin, n, nullptr);

        row_status* status = st_.status + begin;
        std::fill_n(status, n, row_status::determined);
        // Most blocks have no bad row and no row for the possible-values pass.
        if (!any_problem_ && !any_set(risky_.data(), n)) {
            local_.determined += n;
            return;
        }
        std::size_t pending = 0, errors = 0;
        const std::uint32_t* __restrict problem = problem_.data();
        const std::uint8_t* __restrict risky = risky_.data();
        for (std::size_t k = 0; k < n; ++k) {
            if ((problem[k] | risky[k]) == 0) continue;
            if (problem[k] != 0) {
                report(begin + k, problem[k] - 1);
                ++errors;
                continue;
            }
            // Rows for the possible-values pass gather until they fill a block of their own.
            if (pending_count_ == rows_) flush_pending();
            pending_[pending_count_++] = static_cast<std::uint32_t>(begin + k);
            ++pending;
        }
        local_.determined += n - errors - pending;
    }

    void flush_pending() {
        if (pending_count_ > 0) possible_values(pending_count_);
        pending_count_ = 0;
    }

    // Copies one input column's rows into its block slots, validating each value
    // and marking rows whose unassessed items reach an output. The common case (no
    // bad value in the block) is branch-free passes; problems are found after.
    void gather(std::size_t i, std::size_t begin, std::size_t n) {
        const input_column& c = st_.inputs[i];
        const input_rule& rule = rules_[i];
        const block_input& in = bp_.inputs[i];
        const std::uint8_t* valid = c.valid != nullptr ? c.valid + begin : nullptr;
        if (in.assessed != no_slot)
            assessed_flags(valid, reinterpret_cast<std::int8_t*>(slot(point_.data(), in.assessed)), n);
        if (valid != nullptr && in.reaches_output) mark_unassessed(valid, risky_.data(), n);
        if (rule.kind == type_kind::string) {  // the plan never reads a string's value, only whether it was given
            if (rule.required && valid != nullptr && !all_set(valid, n)) mark_missing(i, valid, n);
            return;
        }
        bool any_bad = false;
        with_element(c.type, c.data, [&](const auto* column) {
            if (in.value == no_slot) {
                any_bad = copy_valid(column + begin, valid, static_cast<no_destination*>(nullptr), n, rule);
                return;
            }
            with_lane(bp_.slots[in.value].type, slot(point_.data(), in.value),
                      [&](auto* dst) { any_bad = copy_valid(column + begin, valid, dst, n, rule); });
        });
        if (!any_bad) return;
        any_problem_ = true;
        const auto code = static_cast<std::uint32_t>(i + 1);
        for (std::size_t k = 0; k < n; ++k) {
            const bool assessed = valid == nullptr || valid[k] != 0;
            if (problem_[k] == 0 && check_input(rule, assessed, column_value(c, begin + k)) != input_problem::none) problem_[k] = code;
        }
    }

    // Rows whose dates break an order the rules assume; their problem code follows the inputs'.
    void check_date_orders(std::size_t begin, std::size_t n) {
        for (std::size_t j = 0; j < st_.code.date_orders.size(); ++j) {
            const date_order& o = st_.code.date_orders[j];
            const auto code = static_cast<std::uint32_t>(bp_.inputs.size() + 1 + j);
            for (std::size_t k = 0; k < n; ++k) {
                const std::size_t r = begin + k;
                const bool a = has_value(o.earlier, r), b = has_value(o.later, r);
                if (problem_[k] == 0 && breaks(a, a ? column_value(st_.inputs[o.earlier], r) : 0, b,
                                               b ? column_value(st_.inputs[o.later], r) : 0)) {
                    problem_[k] = code;
                    any_problem_ = true;
                }
            }
        }
    }

    bool has_value(std::size_t i, std::size_t r) const { return st_.inputs[i].data != nullptr && assessed(i, r); }

    bool assessed(std::size_t i, std::size_t r) const {
        return st_.inputs[i].valid == nullptr || st_.inputs[i].valid[r] != 0;
    }

    void check_as_of(std::size_t begin, std::size_t n) {
        const auto input = st_.p.as_of_input();
        if (!input || st_.code.as_of_slot == std::nullopt) return;
        const input_column& c = st_.inputs[*input];
        const std::int64_t from = st_.p.valid_from();
        const std::int64_t to = std::min<std::int64_t>(st_.p.valid_to(), latest_date);
        with_element(c.type, c.data, [&](const auto* column) {
            if (any_outside(column + begin, n, from, to)) {
                any_problem_ = true;
                const auto code = static_cast<std::uint32_t>(*input + 1);
                for (std::size_t k = 0; k < n; ++k)
                    if (problem_[k] == 0 && (column[begin + k] < from || column[begin + k] > to)) problem_[k] = code;
            }
            if (bp_.as_of == no_slot) return;
            with_lane(bp_.slots[bp_.as_of].type, slot(point_.data(), bp_.as_of),
                      [&](auto* d) { clamp_into(column + begin, d, n, from, to); });
        });
    }

    // Rows of a required input left unassessed (for strings, whose values are not gathered).
    void mark_missing(std::size_t i, const std::uint8_t* valid, std::size_t n) {
        any_problem_ = true;
        for (std::size_t k = 0; k < n; ++k)
            if (valid[k] == 0 && problem_[k] == 0) problem_[k] = static_cast<std::uint32_t>(i + 1);
    }

    void report(std::size_t r, std::size_t i) {
        st_.status[r] = row_status::error;
        if (i >= bp_.inputs.size()) {
            local_.problems.push_back(date_order_error(st_.p, st_.code.date_orders[i - bp_.inputs.size()], r + 1));
            return;
        }
        const input_column& c = st_.inputs[i];
        const input_problem problem = check_input(rules_[i], assessed(i, r), c.data != nullptr ? column_value(c, r) : 0);
        // A valid as-of date reported here is outside the rules' period.
        local_.problems.push_back(problem == input_problem::none ? outside_period(st_.p, r + 1, column_value(c, r))
                                                                 : input_error_of(st_.p, i, r + 1, problem, rules_[i]));
    }

    // Writes output o for rows [0, n) of the block to rows begin.. (or to the rows listed in `at`).
    void write_output(std::size_t o, std::byte* lo_block, std::byte* hi_block, std::size_t begin, std::size_t n,
                      const std::uint32_t* at) {
        const output_column& out = st_.outputs[o];
        const std::uint32_t s = bp_.outputs[o];
        for (const auto& [lane_column, block] : {std::pair{out.lo, lo_block}, std::pair{out.hi, hi_block}}) {
            void* column = lane_column;  // C++20 lambdas cannot capture structured bindings (clang)
            if (column == nullptr) continue;
            with_lane(bp_.slots[s].type, slot(block, s), [&](auto* src) {
                with_element(out.type, column, [&](auto* dst) {
                    using T = std::remove_pointer_t<decltype(dst)>;
                    if (at == nullptr) {
                        for (std::size_t k = 0; k < n; ++k) dst[begin + k] = static_cast<T>(src[k]);
                    } else {
                        for (std::size_t k = 0; k < n; ++k) dst[at[k]] = static_cast<T>(src[k]);
                    }
                });
            });
        }
    }

    // The rows in pending_: their inputs as intervals (an unassessed item is its
    // whole valid range), run on the kernels' possible-values forms.
    void possible_values(std::size_t n) {
        for (std::size_t i = 0; i < bp_.inputs.size(); ++i) {
            const block_input& in = bp_.inputs[i];
            const input_column& c = st_.inputs[i];
            if (in.assessed != no_slot) {
                auto* lo = reinterpret_cast<std::int8_t*>(slot(lo_.data(), in.assessed));
                auto* hi = reinterpret_cast<std::int8_t*>(slot(hi_.data(), in.assessed));
                for (std::size_t k = 0; k < n; ++k)
                    lo[k] = hi[k] = static_cast<std::int8_t>(c.valid == nullptr || c.valid[pending_[k]] != 0);
            }
            if (in.value == no_slot) continue;
            with_element(c.type, c.data, [&](const auto* column) {
                with_lane(bp_.slots[in.value].type, slot(lo_.data(), in.value), [&](auto* lo) {
                    auto* hi = reinterpret_cast<decltype(lo)>(slot(hi_.data(), in.value));
                    gather_possible(column, c.valid, pending_.data(), lo, hi, n, rules_[i]);
                });
            });
        }
        if (bp_.as_of != no_slot) {
            const input_column& c = st_.inputs[*st_.p.as_of_input()];
            for (std::size_t k = 0; k < n; ++k) {
                const std::int64_t v = column_value(c, pending_[k]);
                set(lo_.data(), bp_.as_of, k, v);
                set(hi_.data(), bp_.as_of, k, v);
            }
        }
        for (std::size_t k = 0; k < bp_.code.size(); ++k)
            kernels_[k].interval(bp_.code[k], bp_, st_.code, lo_.data(), hi_.data(), n);
        for (std::size_t o = 0; o < bp_.outputs.size(); ++o) write_output(o, lo_.data(), hi_.data(), 0, n, pending_.data());
        std::fill_n(undetermined_.begin(), n, 0);
        for (std::uint32_t s : bp_.outputs)
            with_lane(bp_.slots[s].type, slot(lo_.data(), s), [&](auto* lo) {
                mark_differing(lo, reinterpret_cast<decltype(lo)>(slot(hi_.data(), s)), undetermined_.data(), n);
            });
        refine_rows(n);
        for (std::size_t k = 0; k < n; ++k) {
            const bool determined = undetermined_[k] == 0;
            st_.status[pending_[k]] = determined ? row_status::determined : row_status::undetermined;
            ++(determined ? local_.determined : local_.undetermined);
        }
    }

    // The pending rows the interval kernels left undetermined get the hull of their
    // exact possible values: every completion of their unassessed items (every
    // combination of valid values) is a row of the point block, run through the
    // plain kernels, and each output becomes the lowest and highest value a
    // completion gives. A row with more completions than single evaluation would
    // split on is split as single evaluation splits it: per set of inputs that
    // outputs depend on (plan_groups).
    void refine_rows(std::size_t n) {
        filled_ = 0;
        segments_.clear();
        splits_.clear();
        for (std::size_t k = 0; k < n; ++k) {
            if (undetermined_[k] == 0) continue;
            segment all;
            if (plan_splits(k, all) && all.count <= rows_) {
                undetermined_[k] = 0;  // set again by an undetermined output
                place(all);
                continue;
            }
            splits_.resize(all.first);
            if (!plan_groups(k)) {
                undetermined_[k] = static_cast<std::uint8_t>(!refine_row(pending_[k]));
            }
        }
        run_completions(filled_);
    }

    // Puts a segment's completions into point_, running the ones there first when it is full.
    void place(segment& g) {
        if (filled_ + g.count > rows_) {
            run_completions(filled_);
            filled_ = 0;
        }
        g.start = static_cast<std::uint32_t>(filled_);
        filled_ += g.count;
        segments_.push_back(g);
    }

    // Pending row k's unassessed items that reach an output, as one segment for every
    // output (its splits appended to splits_); false when beyond single evaluation's budget.
    bool plan_splits(std::size_t k, segment& g) {
        g.row = static_cast<std::uint32_t>(k);
        g.outputs = ~std::uint64_t{0};
        g.first = static_cast<std::uint32_t>(splits_.size());
        const std::uint32_t r = pending_[k];
        std::uint64_t count = 1;
        for (std::size_t i = 0; i < bp_.inputs.size(); ++i) {
            const block_input& in = bp_.inputs[i];
            if (in.value == no_slot || !in.reaches_output || assessed(i, r)) continue;
            const std::uint64_t values = static_cast<std::uint64_t>(rules_[i].hi - rules_[i].lo) + 1;
            if (!within_split_budget(splits_.size() - g.first, count, values)) {
                splits_.resize(g.first);
                return false;
            }
            splits_.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(count)});
            if (i < 64) g.inputs |= std::uint64_t{1} << i;
            count *= values;
        }
        g.last = static_cast<std::uint32_t>(splits_.size());
        g.count = static_cast<std::uint32_t>(count);
        return true;
    }

    // A row beyond the budget, split as refine_possible splits it in single evaluation:
    // the outputs that depend on the same unassessed inputs (as single evaluation's
    // possible values find them) form a group; a group within the budget gets the hull
    // of its inputs' completions (every other output keeps its value there, so it is
    // exact), the others keep their intervals. Groups on disjoint inputs share one
    // segment: each group's completions are all among its rows. False when the row
    // needs single evaluation (a large plan, or a segment larger than a block).
    bool plan_groups(std::size_t k) {
        // Input and output sets are 64-bit words: larger plans refine such rows by single evaluation.
        if (st_.code.input_words(st_.p) != 1 || bp_.outputs.size() > 64) return false;
        if (!dependencies_) dependencies_.emplace(st_.p, st_.code, bp_.output_symbols);  // the first such row
        const std::uint32_t r = pending_[k];
        load_row(r);
        const auto as_of = st_.p.as_of_input();
        dependencies_->run(row_.values, row_.assessed, as_of ? row_.values[*as_of] : 0);
        groups_.clear();
        group_splits_.clear();
        bool undetermined = false;
        for (std::size_t o = 0; o < bp_.outputs.size(); ++o) {
            const value_range v = dependencies_->range(o);
            write_row_output(o, r, v.lo, v.hi);
            if (v.determined()) continue;
            const std::uint64_t inputs = dependencies_->depends_on(o);
            auto it = std::find_if(groups_.begin(), groups_.end(), [&](const segment& g) { return g.inputs == inputs; });
            if (it == groups_.end()) {
                segment g;
                if (!split_inputs(inputs, g)) {
                    undetermined = true;  // beyond the budget: the interval stays
                    continue;
                }
                it = groups_.insert(groups_.end(), g);
            }
            it->outputs |= std::uint64_t{1} << o;
        }
        // Groups on disjoint inputs share a segment (`row` holds the group's segment meanwhile).
        packed_.clear();
        for (segment& g : groups_) {
            auto it = std::find_if(packed_.begin(), packed_.end(), [&](const segment& s) { return (s.inputs & g.inputs) == 0; });
            if (it == packed_.end()) it = packed_.insert(packed_.end(), segment{});
            it->inputs |= g.inputs;
            it->outputs |= g.outputs;
            it->count = std::max(it->count, g.count);
            g.row = static_cast<std::uint32_t>(it - packed_.begin());
        }
        if (std::any_of(packed_.begin(), packed_.end(), [&](const segment& s) { return s.count > rows_; })) return false;
        undetermined_[k] = static_cast<std::uint8_t>(undetermined);
        for (std::size_t at = 0; at < packed_.size(); ++at) {
            segment& s = packed_[at];
            s.row = static_cast<std::uint32_t>(k);
            s.first = static_cast<std::uint32_t>(splits_.size());
            for (const segment& g : groups_)
                if (g.row == at) splits_.insert(splits_.end(), group_splits_.begin() + g.first, group_splits_.begin() + g.last);
            s.last = static_cast<std::uint32_t>(splits_.size());
            place(s);
        }
        return true;
    }

    // The completions of `inputs` (bits), counted as within_budget in
    // refine_possible.cpp counts them, into group_splits_; false when beyond the budget.
    bool split_inputs(std::uint64_t inputs, segment& g) {
        g.inputs = inputs;
        g.first = static_cast<std::uint32_t>(group_splits_.size());
        std::uint64_t count = 1;
        for (std::uint64_t bits = inputs; bits != 0; bits &= bits - 1) {
            const auto i = static_cast<std::uint32_t>(__builtin_ctzll(bits));
            const std::uint64_t values = static_cast<std::uint64_t>(rules_[i].hi - rules_[i].lo) + 1;
            if (!within_split_budget(group_splits_.size() - g.first, count, values)) {
                group_splits_.resize(g.first);
                return false;
            }
            group_splits_.push_back({i, static_cast<std::uint32_t>(count)});
            count *= values;
        }
        g.last = static_cast<std::uint32_t>(group_splits_.size());
        g.count = static_cast<std::uint32_t>(count);
        return true;
    }

    // Runs the completions of the rows in segments_ (rows [0, n) of point_), and
    // writes each segment's outputs as the hull of its completions' values.
    void run_completions(std::size_t n) {
        if (n == 0) return;
        for (std::size_t i = 0; i < bp_.inputs.size(); ++i) fill_completions(i);
        if (bp_.as_of != no_slot) {
            const input_column& c = st_.inputs[*st_.p.as_of_input()];
            for (const segment& g : segments_) fill_segment(bp_.as_of, g, column_value(c, pending_[g.row]));
        }
        for (std::size_t k = 0; k < bp_.code.size(); ++k) kernels_[k].point(bp_.code[k], bp_, st_.code, point_.data(), n);
        // Output by output, each lane's type chosen once for every segment.
        for (std::size_t o = 0; o < bp_.outputs.size(); ++o)
            with_lane(bp_.slots[bp_.outputs[o]].type, slot(point_.data(), bp_.outputs[o]), [&](const auto* v) {
                for (const segment& g : segments_) {
                    if (o < 64 && (g.outputs >> o & 1) == 0) continue;
                    const auto [lo, hi] = hull(v + g.start, g.count);
                    if (lo != hi) undetermined_[g.row] = 1;
                    write_row_output(o, pending_[g.row], lo, hi);
                }
            });
        segments_.clear();
    }

    // Input i's slots for the completions of each segment: the row's value when
    // assessed; for a split item each value in turn, `stride` completions at a time;
    // for an unassessed item reaching no output the lowest valid value, as the point
    // pass gives it.
    void fill_completions(std::size_t i) {
        const block_input& in = bp_.inputs[i];
        const input_column& c = st_.inputs[i];
        if (in.assessed != no_slot)
            with_lane(bp_.slots[in.assessed].type, slot(point_.data(), in.assessed), [&](auto* d) {
                using T = std::remove_pointer_t<decltype(d)>;
                for (const segment& g : segments_) std::fill_n(d + g.start, g.count, static_cast<T>(assessed(i, pending_[g.row])));
            });
        if (in.value == no_slot) return;
        with_lane(bp_.slots[in.value].type, slot(point_.data(), in.value), [&](auto* d) {
            using T = std::remove_pointer_t<decltype(d)>;
            for (const segment& g : segments_) {
                const std::uint32_t r = pending_[g.row];
                if (assessed(i, r)) {
                    std::fill_n(d + g.start, g.count, static_cast<T>(column_value(c, r)));
                    continue;
                }
                // The split bits say at once whether input i is split (plans of at most 64 inputs).
                const split* sp = i < 64 && (g.inputs >> i & 1) == 0
                                      ? splits_.data() + g.last
                                      : std::find_if(splits_.data() + g.first, splits_.data() + g.last,
                                                     [&](const split& x) { return x.input == i; });
                if (sp == splits_.data() + g.last) std::fill_n(d + g.start, g.count, static_cast<T>(rules_[i].lo));
                else fill_digits(d + g.start, g.count, sp->stride, rules_[i].lo, rules_[i].hi);
            }
        });
    }

    void fill_segment(std::uint32_t s, const segment& g, std::int64_t v) {
        with_lane(bp_.slots[s].type, slot(point_.data(), s), [&](auto* d) {
            std::fill_n(d + g.start, g.count, static_cast<std::remove_pointer_t<decltype(d)>>(v));
        });
    }

    void load_row(std::uint32_t r) {
        for (std::size_t i = 0; i < bp_.inputs.size(); ++i) {
            const input_column& c = st_.inputs[i];
            row_.values[i] = c.data != nullptr ? column_value(c, r) : 0;
            row_.assessed[i] = static_cast<std::uint8_t>(assessed(i, r));
        }
    }

    // A row plan_groups cannot split in the block (a plan beyond 64 inputs or outputs,
    // or a split larger than a block): single evaluation splits on its unassessed items
    // per output (exact possible values, or the interval beyond the budget), and the
    // row's outputs become the hulls. Returns whether every output is then determined.
    bool refine_row(std::uint32_t r) {
        load_row(r);
        if (evaluate_on_sets(st_.p, row_, decided_)) return false;  // checked already: cannot happen
        bool determined = true;
        for (std::size_t o = 0; o < bp_.outputs.size(); ++o) {
            const value_range v = decided_.value(bp_.output_symbols[o]);
            determined = determined && v.determined();
            write_row_output(o, r, v.lo, v.hi);
        }
        return determined;
    }

    void write_row_output(std::size_t o, std::uint32_t r, std::int64_t lo, std::int64_t hi) {
        const output_column& out = st_.outputs[o];
        for (const auto& [column, end] : {std::pair{out.lo, lo}, std::pair{out.hi, hi}}) {
            const std::int64_t value = end;  // C++20 lambdas cannot capture structured bindings (clang)
            if (column != nullptr)
                with_element(out.type, column, [&](auto* dst) { dst[r] = static_cast<std::remove_pointer_t<decltype(dst)>>(value); });
        }
    }

    void set(std::byte* block, std::uint32_t s, std::size_t k, std::int64_t v) {
        with_lane(bp_.slots[s].type, slot(block, s), [&](auto* d) { d[k] = static_cast<std::remove_pointer_t<decltype(d)>>(v); });
    }

    batch_job& st_;
    const block_program& bp_;
    const std::size_t rows_;
    const std::vector<input_rule>& rules_;
    std::vector<block_kernels> kernels_;
    aligned_block point_, lo_, hi_;
    std::vector<std::uint32_t> problem_;  // per row of the block: 0, or 1 + the input with a problem
    bool any_problem_ = false;            // some row of the block has one
    std::vector<std::uint8_t> risky_;     // per row: an unassessed item reaches an output
    std::vector<std::uint32_t> pending_;  // rows for the possible-values pass, from any block
    std::size_t pending_count_ = 0;
    std::vector<std::uint8_t> undetermined_;  // per pending row: some output is undetermined
    std::vector<segment> segments_;  // the rows whose completions point_ holds
    std::size_t filled_ = 0;         // their rows in point_
    std::optional<output_dependencies> dependencies_;  // for plan_groups
    std::vector<split> splits_;                          // the segments' split inputs
    std::vector<segment> groups_, packed_;               // plan_groups' scratch
    std::vector<split> group_splits_;
    profile row_;        // an undetermined row, for refine_row
    decision decided_;   // its exact possible values
    batch_summary local_;
};

}  // namespace

void run_worker(batch_job& job) { worker(job).run(); }

}  // namespace trappe::detail::TRAPPE_KERNEL_NS

TRAPPE_KERNEL_TARGET_END
