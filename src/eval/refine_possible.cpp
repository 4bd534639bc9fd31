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

// The instructions of threaded_code whose results can differ between completions
// of a group's inputs (their values depend on one of them), and the end marker: the
// others keep the values the first completion's full run gives them.
void varying_code(const plan_internals& code, std::span<const std::uint64_t> deps, std::span<const std::uint64_t> inputs,
                  std::vector<instruction>& out) {
    out.clear();
    const std::size_t words = inputs.size();
    for (const instruction& in : code.threaded_code) {
        bool varies = in.op == static_cast<opcode>(opcode_count);
        for (std::size_t w = 0; w < words && !varies; ++w) varies = (deps[in.dst * words + w] & inputs[w]) != 0;
        if (varies) out.push_back(in);
    }
}

// Targets that depend on the same unassessed inputs.
struct split_group {
    std::vector<std::uint64_t> inputs;  // input_words bits
    std::vector<std::uint32_t> targets;
};

// What one target has reached so far over the completions.
struct reached {
    std::int64_t lo = INT64_MAX, hi = INT64_MIN;
    std::uint64_t bits = 0;  // bit k: interval lo + k was reached (sets only)
};

// Whether the interval of a slot can be followed value by value: symbols by their
// type, other slots (offers' conditions, intermediate values) by their static range.
bool tracks_set(const plan& p, const plan_internals& code, std::uint32_t slot, const value_range& interval) {
    if (interval.hi - interval.lo >= 64) return false;
    const program& rules = p.rules();
    if (slot < rules.symbols.size()) return rules.type_of(slot).carries_sets();
    const value_range& r = code.static_ranges[slot];
    return r.hi - r.lo < 64;
}

std::vector<split_group> group_by_inputs(std::span<const std::uint64_t> deps, std::span<const std::uint32_t> targets,
                                         std::size_t words) {
    std::vector<split_group> groups;
    for (std::uint32_t t : targets) {
        const std::span<const std::uint64_t> mine = deps.subspan(t * words, words);
        auto it = std::find_if(groups.begin(), groups.end(),
                               [&](const split_group& g) { return std::equal(g.inputs.begin(), g.inputs.end(), mine.begin()); });
        if (it == groups.end()) it = groups.insert(groups.end(), split_group{{mine.begin(), mine.end()}, {}});
        it->targets.push_back(t);
    }
    return groups;
}

// The inputs of a group and their valid values, or nothing when beyond the budget.
bool within_budget(const plan_internals& code, const split_group& g, std::vector<std::uint32_t>& inputs) {
    inputs.clear();
    std::uint64_t completions = 1;
    for (std::size_t w = 0; w < g.inputs.size(); ++w)
        for (std::uint64_t bits = g.inputs[w]; bits != 0; bits &= bits - 1) {
            const auto i = static_cast<std::uint32_t>(w * 64 + static_cast<std::size_t>(__builtin_ctzll(bits)));
            const input_rule& rule = code.input_rules[i];
            const auto values = static_cast<std::uint64_t>(rule.hi - rule.lo) + 1;  // dates: far beyond
            if (!within_split_budget(inputs.size(), completions, values)) return false;
            completions *= values;
            inputs.push_back(i);
        }
    return true;
}

}  // namespace

void refine_possible(const plan& p, const plan_internals& code, std::span<value_range> values,
                     std::span<const std::uint64_t> deps, std::span<const std::uint32_t> targets,
                     std::span<std::int64_t> points, bool all_slots) {
    const std::size_t words = code.input_words(p);
    const auto plan_inputs = p.inputs();
    std::int64_t* v = points.data();
    std::vector<std::uint32_t> inputs;
    std::vector<reached> seen;
    std::vector<instruction> varying;
    // One split over the inputs of every target when that is within the budget (the
    // usual case: one to three items ikke vurderet); else a split per set of inputs.
    split_group all{std::vector<std::uint64_t>(words, 0), {targets.begin(), targets.end()}};
    for (std::uint32_t t : targets)
        for (std::size_t w = 0; w < words; ++w) all.inputs[w] |= deps[t * words + w];
    std::vector<split_group> groups;
    if (within_budget(code, all, inputs)) groups.push_back(std::move(all));
    else groups = group_by_inputs(deps, targets, words);
    for (const split_group& g : groups) {
        if (!within_budget(code, g, inputs)) {
            for (std::uint32_t t : g.targets) values[t].exact = false;
            continue;
        }
        seen.assign(g.targets.size(), reached{});
        for (std::uint32_t i : inputs) v[plan_inputs[i]] = code.input_rules[i].lo;
        if (!all_slots) varying_code(code, deps, g.inputs, varying);
        for (bool first = true;; first = false) {
            if (all_slots) run_unfused(code, v);
            else if (first) run_plain(code, v);
            else run_threaded(code, varying.data(), v);
            for (std::size_t k = 0; k < g.targets.size(); ++k) {
                const std::int64_t x = v[g.targets[k]];
                reached& r = seen[k];
                r.lo = std::min(r.lo, x);
                r.hi = std::max(r.hi, x);
                const std::int64_t offset = x - values[g.targets[k]].lo;
                if (offset >= 0 && offset < 64) r.bits |= std::uint64_t{1} << offset;
            }
            std::size_t k = 0;  // the next completion, odometer style
            while (k < inputs.size() && v[plan_inputs[inputs[k]]] == code.input_rules[inputs[k]].hi)
                v[plan_inputs[inputs[k]]] = code.input_rules[inputs[k]].lo, ++k;
            if (k == inputs.size()) break;
            ++v[plan_inputs[inputs[k]]];
        }
        for (std::size_t k = 0; k < g.targets.size(); ++k) {
            value_range& out = values[g.targets[k]];
            const reached& r = seen[k];
            out = tracks_set(p, code, g.targets[k], out) ? value_range::of_bits(out.lo, r.bits) : value_range{r.lo, r.hi};
        }
    }
}

}  // namespace trappe::detail
