// Exact possible values: an undetermined value computed on intervals is sound but
// may hold values no completion reaches (a `first` list whose later rules need
// the same unknown condition to be false). Splitting on the few unassessed inputs
// behind it and running every completion on plain values gives the exact set.

#include "eval/refine_possible.hpp"
#include "eval/possible_values.hpp"

#include <algorithm>

#include "plan/semantics.hpp"

namespace trappe::detail {

// Every slot's plain value from the unfused code, fused comparisons' slots included.
void run_unfused(const plan_internals& code, std::int64_t* v) {
    for (const instruction& in : code.runtime_code)
        with_semantics(in.op, [&](auto s) {
            using S = decltype(s);
            v[in.dst] = S::template point<std::int64_t>({code, in.imm}, v[in.a], v[in.b], v[in.c]);
        });
}

namespace {

// What one target has reached so far over the completions.
struct reached {
    std::int64_t lo = INT64_MAX, hi = INT64_MIN;
    std::uint64_t bits = 0;  // bit k: interval lo + k was reached (sets only)
};

// Kept per thread between calls, so a warm refinement allocates nothing.
struct refine_scratch {
    std::vector<std::uint64_t> group_inputs;  // words per group
    std::vector<std::uint32_t> group_of;      // per target
    std::vector<std::uint32_t> inputs;        // the inputs of the group being split
    std::vector<std::uint32_t> members;       // its targets
    std::vector<reached> seen;
    std::vector<instruction> varying;
};

refine_scratch& scratch() {
    thread_local refine_scratch s;
    return s;
}

// The instructions of threaded_code whose results can differ between completions
// of a group's inputs (their values depend on one of them: deps, which are the
// profile's own), and the end marker: the others keep the values the plain run
// gives them.
void varying_code(const plan_internals& code, std::span<const std::uint64_t> deps, std::span<const std::uint64_t> inputs,
                  std::vector<instruction>& out) {
    out.clear();
    const std::size_t words = inputs.size();
    if (words == 1) {  // most plans: one word, no inner loop
        const std::uint64_t mask = inputs[0];
        for (const instruction& in : code.threaded_code)
            if ((deps[in.dst] & mask) != 0 || in.op == static_cast<opcode>(opcode_count)) out.push_back(in);
        return;
    }
    for (const instruction& in : code.threaded_code) {
        bool varies = in.op == static_cast<opcode>(opcode_count);
        for (std::size_t w = 0; w < words && !varies; ++w) varies = (deps[in.dst * words + w] & inputs[w]) != 0;
        if (varies) out.push_back(in);
    }
}

// Whether the interval of a slot can be followed value by value: symbols by their
// type, other slots (offers' conditions, intermediate values) by their static range.
bool tracks_set(const plan& p, const plan_internals& code, std::uint32_t slot, const value_range& interval) {
    if (interval.hi - interval.lo >= 64) return false;
    const program& rules = p.rules();
    if (slot < rules.symbols.size()) return rules.type_of(slot).carries_sets();
    const value_range& r = code.static_ranges[slot];
    return r.hi - r.lo < 64;
}

// Groups targets by the inputs they depend on (one group for all when that is
// within the budget): s.group_inputs, s.group_of; returns the number of groups.
std::size_t group_targets(refine_scratch& s, const plan_internals& code, std::span<const std::uint64_t> deps,
                          std::span<const std::uint32_t> targets, std::size_t words);

// The inputs of a group and their valid values, or false when beyond the budget.
bool within_budget(const plan_internals& code, std::span<const std::uint64_t> group, std::vector<std::uint32_t>& inputs) {
    inputs.clear();
    std::uint64_t completions = 1;
    for (std::size_t w = 0; w < group.size(); ++w)
        for (std::uint64_t bits = group[w]; bits != 0; bits &= bits - 1) {
            const auto i = static_cast<std::uint32_t>(w * 64 + static_cast<std::size_t>(__builtin_ctzll(bits)));
            const input_rule& rule = code.input_rules[i];
            const auto values = static_cast<std::uint64_t>(rule.hi - rule.lo) + 1;  // dates: far beyond
            if (!within_split_budget(inputs.size(), completions, values)) return false;
            completions *= values;
            inputs.push_back(i);
        }
    return true;
}

std::size_t group_targets(refine_scratch& s, const plan_internals& code, std::span<const std::uint64_t> deps,
                          std::span<const std::uint32_t> targets, std::size_t words) {
    // One split over the inputs of every target when that is within the budget (the
    // usual case: one to three items ikke vurderet); else a split per set of inputs.
    s.group_inputs.assign(words, 0);
    for (std::uint32_t t : targets)
        for (std::size_t w = 0; w < words; ++w) s.group_inputs[w] |= deps[t * words + w];
    s.group_of.assign(targets.size(), 0);
    if (within_budget(code, s.group_inputs, s.inputs)) return 1;
    s.group_inputs.clear();
    std::size_t groups = 0;
    for (std::size_t k = 0; k < targets.size(); ++k) {
        const std::span<const std::uint64_t> mine = deps.subspan(targets[k] * words, words);
        std::size_t g = 0;
        while (g < groups && !std::equal(mine.begin(), mine.end(), s.group_inputs.begin() + static_cast<std::ptrdiff_t>(g * words)))
            ++g;
        if (g == groups) {
            s.group_inputs.insert(s.group_inputs.end(), mine.begin(), mine.end());
            ++groups;
        }
        s.group_of[k] = static_cast<std::uint32_t>(g);
    }
    return groups;
}

}  // namespace

void refine_possible(const plan& p, const plan_internals& code, std::span<value_range> values,
                     std::span<const std::uint64_t> deps, std::span<const std::uint32_t> targets,
                     std::span<std::int64_t> points, bool all_slots) {
    const std::size_t words = code.input_words(p);
    const auto plan_inputs = p.inputs();
    std::int64_t* v = points.data();
    refine_scratch& s = scratch();
    const std::size_t groups = group_targets(s, code, deps, targets, words);
    // points holds the plain run of the loaded profile (every unassessed input at its
    // lowest value) from the first split on: each split then runs only its varying
    // code, and runs it once more at the end to bring points back.
    bool plain_run = false;
    for (std::size_t g = 0; g < groups; ++g) {
        const std::span<const std::uint64_t> group(s.group_inputs.data() + g * words, words);
        s.members.clear();
        for (std::size_t k = 0; k < targets.size(); ++k)
            if (s.group_of[k] == g) s.members.push_back(targets[k]);
        if (!within_budget(code, group, s.inputs)) {
            for (std::uint32_t t : s.members) values[t].exact = false;
            continue;
        }
        s.seen.assign(s.members.size(), reached{});
        if (!all_slots) varying_code(code, deps, group, s.varying);
        for (std::uint32_t i : s.inputs) v[plan_inputs[i]] = code.input_rules[i].lo;
        for (;;) {
            if (all_slots) run_unfused(code, v);
            else if (!plain_run) run_plain(code, v), plain_run = true;
            else run_threaded(code, s.varying.data(), v);
            for (std::size_t k = 0; k < s.members.size(); ++k) {
                const std::int64_t x = v[s.members[k]];
                reached& r = s.seen[k];
                r.lo = std::min(r.lo, x);
                r.hi = std::max(r.hi, x);
                const std::int64_t offset = x - values[s.members[k]].lo;
                if (offset >= 0 && offset < 64) r.bits |= std::uint64_t{1} << offset;
            }
            std::size_t k = 0;  // the next completion, odometer style
            while (k < s.inputs.size() && v[plan_inputs[s.inputs[k]]] == code.input_rules[s.inputs[k]].hi)
                v[plan_inputs[s.inputs[k]]] = code.input_rules[s.inputs[k]].lo, ++k;
            if (k == s.inputs.size()) break;
            ++v[plan_inputs[s.inputs[k]]];
        }
        if (!all_slots && g + 1 < groups) run_threaded(code, s.varying.data(), v);  // the inputs are back at lo
        for (std::size_t k = 0; k < s.members.size(); ++k) {
            value_range& out = values[s.members[k]];
            const reached& r = s.seen[k];
            out = tracks_set(p, code, s.members[k], out) ? value_range::of_bits(out.lo, r.bits) : value_range{r.lo, r.hi};
        }
    }
}

}  // namespace trappe::detail
