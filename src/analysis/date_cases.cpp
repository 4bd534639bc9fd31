// Date cases: the date inputs are never split. Interval arithmetic on a birth date
// and an assessment date together leaves a diagonal boundary (age = 18 runs along
// birth = assessment - 18 years) that bisection never finishes. Instead the
// explorer evaluates the date-only part of each plan at finitely many candidate
// dates, chosen on both sides of every boundary the rules can draw, and keeps one
// representative per combination of outcomes. See docs/analysis.md, "Dates".

#include <algorithm>
#include <cstdlib>
#include <set>

#include "analysis/explored_space.hpp"
#include "eval/possible_values.hpp"
#include "plan/semantics.hpp"
#include "trappe/common/date.hpp"

namespace trappe::analysis {
namespace {

// The slots that follow from the date inputs (and constants) alone.
std::vector<std::uint8_t> date_only_slots(const plan& p, const detail::plan_internals& code) {
    std::vector<std::uint8_t> date_only(code.slot_count, 0);
    for (std::size_t i = 0; i < p.inputs().size(); ++i)
        if (code.input_rules[i].kind == type_kind::date) date_only[p.inputs()[i]] = 1;
    if (code.as_of_slot) date_only[*code.as_of_slot] = 1;
    for (const detail::instruction& in : code.code) {
        if (code.static_ranges[in.dst].determined()) continue;
        const unsigned reads = detail::with_semantics(in.op, [](auto s) { return decltype(s)::reads; });
        bool any = false, all = true;
        for (unsigned bit : {detail::reads_a, detail::reads_b, detail::reads_c}) {
            if ((reads & bit) == 0) continue;
            const std::uint32_t slot = detail::operand_slot(in, bit);
            if (date_only[slot]) any = true;
            else if (!code.static_ranges[slot].determined()) all = false;
        }
        date_only[in.dst] = any && all;
    }
    return date_only;
}

// The date-only slots something else reads, and the date-only targets.
std::vector<std::uint32_t> frontier(const plan& p, const detail::plan_internals& code, std::span<const slot_id> targets) {
    const std::vector<std::uint8_t> date_only = date_only_slots(p, code);
    std::set<std::uint32_t> out;
    for (const detail::instruction& in : code.code) {
        if (date_only[in.dst] || code.static_ranges[in.dst].determined()) continue;
        const unsigned reads = detail::with_semantics(in.op, [](auto s) { return decltype(s)::reads; });
        for (unsigned bit : {detail::reads_a, detail::reads_b, detail::reads_c})
            if ((reads & bit) != 0 && date_only[detail::operand_slot(in, bit)]) out.insert(detail::operand_slot(in, bit));
    }
    for (slot_id t : targets)
        if (date_only[t]) out.insert(t);
    return {out.begin(), out.end()};
}

// Every number the rules compare or compute with: constants and table bounds and values.
struct rule_numbers {
    std::set<std::int64_t> values;
    bool adds_days = false;
};

void collect_numbers(const detail::plan_internals& code, rule_numbers& out) {
    for (std::size_t s = 0; s < code.slot_count; ++s)
        if (code.static_ranges[s].determined()) out.values.insert(code.static_ranges[s].lo);
    for (const detail::instruction& in : code.code) {
        if (in.op == detail::opcode::constant) out.values.insert(in.imm);
        if (in.op == detail::opcode::add_days) out.adds_days = true;
    }
    for (const detail::step_table& t : code.tables)
        for (const table_entry& e : t.entries) {
            out.values.insert(e.lo);
            if (e.hi < INT64_MAX) out.values.insert(e.hi + 1);
            out.values.insert(e.value);
        }
}

std::set<std::int64_t> within(const std::set<std::int64_t>& values, std::int64_t lo, std::int64_t hi) {
    std::set<std::int64_t> out;
    for (std::int64_t v : values)
        if (v >= lo && v <= hi) out.insert(v);
    return out;
}

// The candidates of a date input other than the as-of date, given the as-of date
// (nullopt without one): on both sides of every boundary age(x, at) >= n,
// at < add_months(x, m), at < add_days(x, d) and x < a can have.
std::vector<std::int64_t> candidates_beside(const input_rule& rule, std::optional<std::int64_t> at,
                                            const std::set<std::int64_t>& absolute, const std::set<std::int64_t>& months,
                                            const std::set<std::int64_t>& days) {
    std::set<std::int64_t> out{rule.lo, rule.hi};
    for (std::int64_t a : absolute) out.insert({a - 1, a});
    if (at) {
        out.insert(*at);
        for (std::int64_t m : months) {
            const std::int64_t x = add_months(static_cast<day_number>(*at), -m);
            out.insert({x - 1, x, x + 1});
        }
        for (std::int64_t d : days) out.insert({*at - d - 1, *at - d, *at - d + 1});
    }
    std::vector<std::int64_t> kept;
    for (std::int64_t x : out)
        if (x >= rule.lo && x <= rule.hi) kept.push_back(x);
    // The first candidate of a case stands for it in counterexamples: try dates near
    // a 40-year-old's birth date first, rather than 1800-01-01.
    if (at) {
        const std::int64_t typical = add_months(static_cast<day_number>(*at), -480);
        std::stable_sort(kept.begin(), kept.end(), [&](std::int64_t a, std::int64_t b) {
            return std::llabs(a - typical) < std::llabs(b - typical);
        });
    }
    return kept;
}

}  // namespace

std::optional<std::vector<std::int64_t>> date_outcomes(const explorer::state& s, const std::vector<std::int64_t>& dates) {
    std::vector<std::int64_t> key;
    std::vector<std::int64_t> v;
    for (const plan_view& view : s.views) {
        const detail::plan_internals& code = *view.code;
        const auto inputs = view.compiled->inputs();
        for (const detail::date_order& o : code.date_orders)
            if (dates[view.space_of_input[o.earlier]] > dates[view.space_of_input[o.later]]) return std::nullopt;
        v.assign(code.constant_image.begin(), code.constant_image.end());
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            const space_input& in = s.inputs[view.space_of_input[i]];
            v[inputs[i]] = in.is_date ? dates[view.space_of_input[i]] : code.static_ranges[inputs[i]].lo;
            if (code.assessed_slots[i] != detail::no_slot) v[code.assessed_slots[i]] = 1;
        }
        if (code.as_of_slot && s.as_of_input) v[*code.as_of_slot] = dates[*s.as_of_input];
        detail::run_unfused(code, v.data());
        for (std::uint32_t slot : view.date_frontier) key.push_back(v[slot]);
    }
    return key;
}

void build_date_cases(explorer::state& s) {
    rule_numbers numbers;
    for (std::size_t k = 0; k < s.views.size(); ++k) {
        s.views[k].date_frontier = frontier(*s.views[k].compiled, *s.views[k].code, s.plans[k].targets);
        collect_numbers(*s.views[k].code, numbers);
    }
    std::set<std::int64_t> points;
    for (std::int64_t n : within(numbers.values, -integer_bound, integer_bound)) points.insert({n, n + 1});
    s.split_points.assign(points.begin(), points.end());
    const std::set<std::int64_t> absolute = within(numbers.values, earliest_date, latest_date);
    std::set<std::int64_t> months = within(numbers.values, 1, 2400);
    for (std::int64_t years : within(numbers.values, 1, 150)) months.insert(years * 12);
    const std::set<std::int64_t> days = numbers.adds_days ? within(numbers.values, 1, 80'000) : std::set<std::int64_t>{};

    // The as-of date: each plan's period bounds and every date the rules name, on both sides.
    std::vector<std::optional<std::int64_t>> anchors{std::nullopt};
    if (s.as_of_input) {
        const input_rule& rule = s.inputs[*s.as_of_input].rule;
        std::int64_t lo = rule.lo, hi = rule.hi;
        for (const plan_view& view : s.views) {
            if (!view.compiled->as_of_input()) continue;
            lo = std::max<std::int64_t>(lo, view.compiled->valid_from());
            hi = std::min<std::int64_t>(hi, view.compiled->valid_to());
        }
        std::set<std::int64_t> at{lo, hi};
        for (std::int64_t a : absolute)
            if (a > lo && a <= hi) at.insert({a - 1, a});
        anchors.clear();
        for (std::int64_t a : at) anchors.emplace_back(a);
    }
    std::vector<std::size_t> others;  // date inputs other than the as-of date
    for (std::size_t i = 0; i < s.inputs.size(); ++i)
        if (s.inputs[i].is_date && s.as_of_input != i) others.push_back(i);

    std::vector<std::int64_t> dates(s.inputs.size(), 0);
    std::vector<std::vector<std::int64_t>> choices(others.size());
    std::vector<std::size_t> at(others.size());
    for (const std::optional<std::int64_t>& anchor : anchors) {
        if (anchor) dates[*s.as_of_input] = *anchor;
        for (std::size_t o = 0; o < others.size(); ++o)
            choices[o] = candidates_beside(s.inputs[others[o]].rule, anchor, absolute, months, days);
        std::fill(at.begin(), at.end(), 0);
        while (true) {  // every combination, odometer style
            for (std::size_t o = 0; o < others.size(); ++o) dates[others[o]] = choices[o][at[o]];
            if (auto key = date_outcomes(s, dates); key && !s.case_of_outcomes.contains(*key)) {
                s.outcomes_of_case.push_back(*key);
                s.case_of_outcomes.emplace(std::move(*key), s.cases.size());
                s.cases.push_back(date_case{dates});
            }
            std::size_t o = 0;
            while (o < others.size() && at[o] + 1 == choices[o].size()) at[o++] = 0;
            if (o == others.size()) break;
            ++at[o];
        }
    }
}

}  // namespace trappe::analysis
