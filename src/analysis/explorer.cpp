// The region explorer: evaluates every plan on possible values over a region,
// and splits the region on the input the undetermined targets depend on most,
// until every target is determined.

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>

#include "analysis/explored_space.hpp"
#include "eval/possible_values.hpp"
#include "trappe/common/date.hpp"

namespace trappe::analysis {
namespace {

// An expression as the rule text writes it, for the simple shapes date conditions
// take ("voksen and under_folkepensionsalder"); "…" for anything else.
std::string expression_text(const program& rules, const checked_expr& e, bool nested = false) {
    static constexpr std::pair<op, const char*> binary[] = {
        {op::logical_and, "and"}, {op::logical_or, "or"}, {op::eq, "="}, {op::ne, "!="}, {op::lt, "<"},
        {op::le, "<="},           {op::gt, ">"},          {op::ge, ">="}, {op::add, "+"}, {op::sub, "-"}};
    switch (e.kind) {
        case op::symbol: return rules.symbols[e.symbol].name;
        case op::constant: {
            const type_info& t = rules.types[e.type];
            if (t.kind == type_kind::date) return format_date(static_cast<day_number>(e.value));
            return t.value_name(e.value).empty() ? std::to_string(e.value) : t.value_name(e.value);
        }
        case op::logical_not: return "not " + expression_text(rules, e.args[0], true);
        default: break;
    }
    for (const auto& [kind, word] : binary)
        if (e.kind == kind && e.args.size() == 2) {
            const std::string text = expression_text(rules, e.args[0], true) + " " + word + " " + expression_text(rules, e.args[1], true);
            return nested ? "(" + text + ")" : text;
        }
    return "…";
}

bool is_small(const input_rule& rule) { return rule.hi - rule.lo < 64; }

input_choices whole(const explorer::state& s, std::size_t i, const date_case& c) {
    const space_input& in = s.inputs[i];
    input_choices out;
    if (in.is_date) out.values = {c.dates[i], c.dates[i]};
    else if (in.is_text) out.values = {0, 0};
    else out.values = {in.rule.lo, in.rule.hi};
    out.unassessed = in.may_be_unassessed;
    return out;
}

// The choices of an input in order: "ikke vurderet" first, then the values.
struct choice {
    bool assessed;
    std::int64_t value;
};

std::vector<choice> list_choices(const input_choices& c) {
    std::vector<choice> out;
    if (c.unassessed) out.push_back({false, 0});
    if (c.assessed)
        for (std::int64_t v = c.values.lo; v <= c.values.hi; ++v)
            if (c.values.contains(v)) out.push_back({true, v});
    return out;
}

input_choices of_choices(std::span<const choice> choices) {
    input_choices out;
    out.assessed = false;
    std::uint64_t bits = 0;
    std::int64_t base = 0;
    for (const choice& c : choices) {
        if (!c.assessed) {
            out.unassessed = true;
            continue;
        }
        if (!out.assessed) base = c.value;
        out.assessed = true;
        bits |= std::uint64_t{1} << (c.value - base);
    }
    if (out.assessed) out.values = value_range::of_bits(base, bits);
    return out;
}

// One depth-first walk; the scratch buffers are reused at every node.
class walk {
public:
    walk(const explorer::state& s, const std::function<void(const leaf&)>& visit) : s_(s), visit_(visit) {
        frames_.resize(s.views.size());
        leaf_values_.resize(s.views.size());
        for (std::size_t k = 0; k < s.views.size(); ++k) leaf_values_[k].resize(s.plans[k].targets.size());
        weight_.resize(s.inputs.size());
    }

    // `changed`: the input this region narrowed from its parent (depth - 1); none at the root.
    void run(region& r, unsigned interval_splits, std::size_t depth = 0, std::optional<std::size_t> changed = {}) {
        std::fill(weight_.begin(), weight_.end(), 0);
        bool determined = true;
        for (std::size_t k = 0; k < s_.views.size(); ++k) determined = evaluate(k, r, depth, changed) && determined;
        if (determined) return deliver(r, depth, true);
        const std::optional<std::size_t> input = split_input(r);
        if (!input) return deliver(r, depth, false);
        input_choices& mine = r.inputs[*input];
        const input_choices kept = mine;
        ++stats.splits;
        if (is_small(s_.inputs[*input].rule)) {
            const std::vector<choice> all = list_choices(kept);
            const std::size_t half = all.size() / 2;
            mine = of_choices(std::span(all).first(half));
            run(r, interval_splits, depth + 1, input);
            mine = of_choices(std::span(all).subspan(half));
            run(r, interval_splits, depth + 1, input);
        } else if (const std::optional<std::int64_t> at = split_point(kept.values)) {
            // A number the rules name: always progress, and there are finitely many.
            mine.values = {kept.values.lo, *at - 1};
            run(r, interval_splits, depth + 1, input);
            mine.values = {*at, kept.values.hi};
            run(r, interval_splits, depth + 1, input);
        } else if (interval_splits >= s_.limits.max_interval_splits) {
            --stats.splits;
            mine = kept;
            return deliver(r, depth, false);
        } else {
            const std::int64_t mid = kept.values.lo + (kept.values.hi - kept.values.lo) / 2;
            mine.values = {kept.values.lo, mid};
            run(r, interval_splits + 1, depth + 1, input);
            mine.values = {mid + 1, kept.values.hi};
            run(r, interval_splits + 1, depth + 1, input);
        }
        mine = kept;
    }

    explore_stats stats;

private:
    // One plan's values over a region: the slots, the inputs each undetermined one
    // depends on, and the instructions whose results are undetermined (only those
    // can change in a smaller region).
    struct frame {
        std::vector<value_range> v;
        std::vector<std::uint64_t> deps;
        std::vector<std::uint32_t> pending;
    };

    // Loads plan input i from the region into frame f (its value and known() slots).
    void load_input(const plan_view& view, std::size_t i, const region& r, std::size_t words, frame& f) const {
        const detail::plan_internals& code = *view.code;
        const std::uint32_t slot = view.compiled->inputs()[i];
        const input_choices& c = r.inputs[view.space_of_input[i]];
        const std::uint64_t bit = std::uint64_t{1} << (i % 64);
        // Only "ikke vurderet": the value is read under known() alone, any valid value will do.
        f.v[slot] = c.assessed ? c.values : value_range{code.static_ranges[slot].lo, code.static_ranges[slot].lo};
        std::fill_n(f.deps.begin() + slot * words, words, std::uint64_t{0});
        if (!f.v[slot].determined()) f.deps[slot * words + i / 64] |= bit;
        if (const std::uint32_t known = code.assessed_slots[i]; known != detail::no_slot) {
            f.v[known] = {c.unassessed ? 0 : 1, c.assessed ? 1 : 0};
            std::fill_n(f.deps.begin() + known * words, words, std::uint64_t{0});
            if (!f.v[known].determined()) f.deps[known * words + i / 64] |= bit;
        }
    }

    // Runs plan k over the region: in full at the root, else only the instructions
    // left undetermined by the parent region. Adds, per space input, how many
    // undetermined targets depend on it. Returns whether every target is determined.
    bool evaluate(std::size_t k, const region& r, std::size_t depth, std::optional<std::size_t> changed) {
        const plan_view& view = s_.views[k];
        const detail::plan_internals& code = *view.code;
        const auto inputs = view.compiled->inputs();
        const std::size_t words = code.input_words(*view.compiled);
        std::vector<frame>& frames = frames_[k];
        if (frames.size() <= depth) frames.resize(depth + 1);
        frame& f = frames[depth];
        if (depth == 0 || !changed) {
            f.v.assign(code.slot_count, value_range{});
            f.deps.assign(code.slot_count * words, 0);
            for (std::size_t i = 0; i < inputs.size(); ++i) load_input(view, i, r, words, f);
            if (code.as_of_slot && s_.as_of_input) {
                const std::int64_t at = s_.cases[r.date_case].dates[*s_.as_of_input];
                f.v[*code.as_of_slot] = {at, at};
            }
            detail::run_possible(code, f.v.data(), f.deps.data(), words);
            f.pending.clear();
            for (std::uint32_t n = 0; n < code.code.size(); ++n)
                if (!f.v[code.code[n].dst].determined()) f.pending.push_back(n);
        } else {
            const frame& parent = frames[depth - 1];
            f.v = parent.v;
            f.deps = parent.deps;
            bool reads = false;
            for (std::size_t i = 0; i < inputs.size(); ++i)
                if (view.space_of_input[i] == *changed) {
                    load_input(view, i, r, words, f);
                    reads = true;
                }
            if (reads) {
                detail::run_possible_again(code, parent.pending, f.v.data(), f.deps.data(), words);
                f.pending.clear();
                for (std::uint32_t n : parent.pending)
                    if (!f.v[code.code[n].dst].determined()) f.pending.push_back(n);
            } else {
                f.pending = parent.pending;  // an input this plan does not have: nothing changes
            }
        }
        bool determined = true;
        for (slot_id t : s_.plans[k].targets) {
            if (f.v[t].determined()) continue;
            determined = false;
            for (std::size_t i = 0; i < inputs.size(); ++i)
                if (f.deps[t * words + i / 64] >> (i % 64) & 1) ++weight_[view.space_of_input[i]];
        }
        return determined;
    }

    // The split point in lo+1..hi nearest the middle, among the numbers the rules name.
    std::optional<std::int64_t> split_point(const value_range& v) const {
        const std::vector<std::int64_t>& points = s_.split_points;
        const std::int64_t mid = v.lo + (v.hi - v.lo) / 2;
        const auto above = std::lower_bound(points.begin(), points.end(), mid);
        std::optional<std::int64_t> best;
        const auto consider = [&](std::int64_t p) {
            if (p <= v.lo || p > v.hi) return;
            if (!best || (p > mid ? p - mid : mid - p) < (*best > mid ? *best - mid : mid - *best)) best = p;
        };
        if (above != points.end()) consider(*above);
        if (above != points.begin()) consider(*std::prev(above));
        // Nearest the middle may lie outside; then the nearest inside on either side.
        if (!best) {
            const auto first_inside = std::upper_bound(points.begin(), points.end(), v.lo);
            if (first_inside != points.end()) consider(*first_inside);
            const auto past = std::upper_bound(points.begin(), points.end(), v.hi);
            if (past != points.begin()) consider(*std::prev(past));
        }
        return best;
    }

    // The input most undetermined targets depend on; among equals the one with
    // the fewest choices, then the first.
    std::optional<std::size_t> split_input(const region& r) const {
        std::optional<std::size_t> best;
        for (std::size_t i = 0; i < s_.inputs.size(); ++i) {
            if (weight_[i] == 0 || s_.inputs[i].is_date || s_.inputs[i].is_text || r.inputs[i].count() < 2) continue;
            if (!best || weight_[i] > weight_[*best] ||
                (weight_[i] == weight_[*best] && r.inputs[i].count() < r.inputs[*best].count()))
                best = i;
        }
        return best;
    }

    void deliver(const region& r, std::size_t depth, bool complete) {
        for (std::size_t k = 0; k < s_.views.size(); ++k)
            for (std::size_t t = 0; t < s_.plans[k].targets.size(); ++t)
                leaf_values_[k][t] = frames_[k][depth].v[s_.plans[k].targets[t]];
        ++stats.leaves;
        if (!complete) ++stats.incomplete;
        visit_(leaf{r, leaf_values_, complete});
    }

    const explorer::state& s_;
    const std::function<void(const leaf&)>& visit_;
    std::vector<std::vector<frame>> frames_;  // per plan, per depth
    std::vector<std::vector<value_range>> leaf_values_;
    std::vector<std::size_t> weight_;
};

}  // namespace

explorer::explorer(std::vector<explored_plan> plans, explore_limits limits) : state_(std::make_unique<state>()) {
    state_->plans = std::move(plans);
    state_->limits = limits;
    build_space(*state_);
    build_date_cases(*state_);
}
explorer::~explorer() = default;
explorer::explorer(explorer&&) noexcept = default;
explorer& explorer::operator=(explorer&&) noexcept = default;

const std::vector<explored_plan>& explorer::plans() const noexcept { return state_->plans; }
const std::vector<space_input>& explorer::inputs() const noexcept { return state_->inputs; }
const std::vector<date_case>& explorer::date_cases() const noexcept { return state_->cases; }

std::vector<date_condition> explorer::describe(std::size_t date_case) const {
    const std::vector<std::int64_t>& outcomes = state_->outcomes_of_case.at(date_case);
    std::vector<date_condition> out;
    std::size_t at = 0;
    for (std::size_t k = 0; k < state_->views.size(); ++k) {
        const plan_view& view = state_->views[k];
        const program& rules = view.compiled->rules();
        for (std::uint32_t slot : view.date_frontier) {
            date_condition c{k, {}, {}, {outcomes[at], outcomes[at]}, nullptr};
            ++at;
            if (slot < rules.symbols.size()) {
                c.name = rules.symbols[slot].name;
                c.where = rules.symbols[slot].where;
                c.type = &rules.type_of(slot);
            } else {
                // A value inside an expression: the first expression lowered to it, as text.
                const checked_expr* first = nullptr;
                for (const auto& [e, s] : view.code->expression_slots)
                    if (s == slot && (first == nullptr || std::tie(e->where.file, e->where.line, e->where.column) <
                                                              std::tie(first->where.file, first->where.line, first->where.column)))
                        first = e;
                if (first != nullptr) {
                    c.where = first->where;
                    c.name = expression_text(rules, *first);
                }
            }
            out.push_back(std::move(c));
        }
    }
    return out;
}

explore_stats explorer::explore(const std::function<void(const leaf&)>& visit) const {
    walk w(*state_, visit);
    for (std::size_t c = 0; c < state_->cases.size(); ++c) {
        region r;
        r.date_case = c;
        for (std::size_t i = 0; i < state_->inputs.size(); ++i) r.inputs.push_back(whole(*state_, i, state_->cases[c]));
        w.run(r, 0);
    }
    return w.stats;
}

profile explorer::example(const region& r, std::size_t plan_index) const {
    const plan_view& view = state_->views.at(plan_index);
    profile out(*view.compiled);
    for (std::size_t i = 0; i < view.space_of_input.size(); ++i) {
        const std::size_t s = view.space_of_input[i];
        const input_choices& c = r.inputs[s];
        if (state_->inputs[s].is_text) out.set_text(i, "verify");
        else if (c.assessed) out.set(i, c.values.lo);
        else out.set_unassessed(i);
    }
    return out;
}

std::optional<std::size_t> explorer::date_case_of(const profile& in, std::size_t plan_index) const {
    const plan_view& view = state_->views.at(plan_index);
    std::vector<std::int64_t> dates(state_->inputs.size(), 0);
    std::vector<std::uint8_t> given(state_->inputs.size(), 0);
    for (std::size_t i = 0; i < view.space_of_input.size(); ++i)
        if (state_->inputs[view.space_of_input[i]].is_date) {
            if (!in.assessed[i]) return std::nullopt;
            dates[view.space_of_input[i]] = in.values[i];
            given[view.space_of_input[i]] = 1;
        }
    for (std::size_t s = 0; s < state_->inputs.size(); ++s)
        if (state_->inputs[s].is_date && !given[s]) return std::nullopt;  // a date only another plan has
    const auto key = date_outcomes(*state_, dates);
    if (!key) return std::nullopt;
    const auto it = state_->case_of_outcomes.find(*key);
    if (it == state_->case_of_outcomes.end()) return std::nullopt;
    return it->second;
}

bool explorer::contains(const region& r, const profile& in, std::size_t plan_index) const {
    const plan_view& view = state_->views.at(plan_index);
    for (std::size_t i = 0; i < view.space_of_input.size(); ++i) {
        const space_input& s = state_->inputs[view.space_of_input[i]];
        if (s.is_text || s.is_date) continue;
        if (!r.inputs[view.space_of_input[i]].contains(in.assessed[i] != 0, in.values[i])) return false;
    }
    return date_case_of(in, plan_index) == r.date_case;
}

}  // namespace trappe::analysis
