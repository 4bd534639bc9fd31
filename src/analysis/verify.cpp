// `trappe verify`: explores a pack's whole input space once and reads off what
// never happens (rules, arms, offers) and what goes wrong somewhere (a region
// with no single value, a recommended step without an offer on it).

#include "trappe/analysis/verify.hpp"

#include <algorithm>
#include <chrono>
#include <map>

#include "analysis/explored_space.hpp"
#include "trappe/analysis/regions.hpp"

namespace trappe::analysis {

const char* to_string(finding_kind k) noexcept {
    switch (k) {
        case finding_kind::undetermined: return "undetermined";
        case finding_kind::step_without_offer: return "step_without_offer";
        case finding_kind::rule_never_holds: return "rule_never_holds";
        case finding_kind::rule_shadowed: return "rule_shadowed";
        case finding_kind::offer_never_granted: return "offer_never_granted";
        case finding_kind::criterion_always_true: return "criterion_always_true";
        case finding_kind::criterion_always_false: return "criterion_always_false";
    }
    return "unknown";
}

namespace {

constexpr std::size_t none = static_cast<std::size_t>(-1);

// One `first` or `match` and what the exploration saw of each arm.
struct choice_point {
    const checked_expr* e = nullptr;
    std::string owner;  // the definition or offer it is part of
    const detail::arm_slots* arms = nullptr;
    std::vector<std::size_t> condition;  // per arm: its condition's target index; none for the fallback
    std::vector<std::uint8_t> fired, held;
    std::vector<std::size_t> shadowed_by;  // per arm: the earlier arm that fired where it held
    std::vector<std::optional<profile>> shadowed_example;
};

// Collects every `first` and `match` the plan compiled, in the order of the rule text.
void collect_choices(const checked_expr& e, const std::string& owner, const detail::plan_internals& code,
                     std::vector<choice_point>& out) {
    if (const auto it = code.arms.find(&e); it != code.arms.end())
        out.push_back(choice_point{&e, owner, &it->second, {}, {}, {}, {}, {}});
    for (const checked_expr& arg : e.args) collect_choices(arg, owner, code, out);
}

std::string arm_name(const program& rules, const choice_point& c, std::size_t arm) {
    if (arm == c.arms->fallback && c.e->kind == op::first) return "otherwise";
    if (c.e->kind == op::first) {
        const std::string& label = arm < c.e->labels.size() ? c.e->labels[arm] : std::string{};
        return label.empty() ? "rule " + std::to_string(arm + 1) : "rule " + label;
    }
    if (c.e->keys[arm].empty()) return "otherwise";
    std::string names;
    const type_info& subject = rules.types[c.e->args[0].type];
    for (std::int64_t k : c.e->keys[arm]) {
        if (!names.empty()) names += ", ";
        const std::string& name = subject.value_name(k);
        names += name.empty() ? std::to_string(k) : name;
    }
    return "arm " + names;
}

location arm_location(const choice_point& c, std::size_t arm) {
    if (c.e->kind == op::first) return arm == c.arms->fallback ? c.e->args.back().where : c.e->args[2 * arm].where;
    return c.e->args[arm + 1].where;
}

// The targets and where each one sits in the leaf's values.
struct target_list {
    std::vector<slot_id> slots;
    std::map<slot_id, std::size_t> index;
    std::size_t add(slot_id s) {
        const auto [it, added] = index.emplace(s, slots.size());
        if (added) slots.push_back(s);
        return it->second;
    }
};

struct criterion_seen {
    symbol_id s = 0;
    std::size_t target = 0;
    bool held = false, failed = false;
};

struct offer_seen {
    std::size_t condition = 0, step = 0;
    bool granted = false;
};

}  // namespace

verify_report verify(const std::shared_ptr<const plan>& p) {
    const auto started = std::chrono::steady_clock::now();
    const program& rules = p->rules();
    const detail::plan_internals& code = detail::internals(*p);

    target_list targets;
    for (slot_id s : default_targets(*p)) targets.add(s);
    std::vector<offer_seen> offers;
    for (const detail::planned_offer& o : code.offers) offers.push_back({targets.add(o.condition), targets.add(o.step), false});
    std::optional<std::size_t> recommendation;
    if (rules.recommendation) recommendation = targets.add(*rules.recommendation);
    // "For adults": where the pack defines `voksen`, the criteria are judged where it holds.
    std::optional<std::size_t> adult;
    if (const auto v = rules.find("voksen"); v && rules.is_reached(*v) && rules.type_of(*v).kind == type_kind::boolean)
        adult = targets.add(*v);
    std::vector<criterion_seen> criteria;
    for (symbol_id s = 0; s < rules.symbols.size(); ++s)
        if (rules.symbols[s].is_criterion && rules.is_reached(s)) criteria.push_back({s, targets.add(s)});
    std::vector<choice_point> choices;
    for (symbol_id s = 0; s < rules.symbols.size(); ++s)
        if (rules.symbols[s].kind == symbol_kind::definition && rules.is_reached(s))
            collect_choices(rules.symbols[s].body, rules.symbols[s].name, code, choices);
    for (const offer& o : rules.offers) {
        collect_choices(o.condition, "offer " + o.name, code, choices);
        collect_choices(o.step, "offer " + o.name, code, choices);
    }
    for (choice_point& c : choices) {
        const std::size_t arms = c.arms->conditions.size();
        for (std::uint32_t slot : c.arms->conditions) c.condition.push_back(slot == detail::no_slot ? none : targets.add(slot));
        c.fired.assign(arms, 0);
        c.held.assign(arms, 0);
        c.shadowed_by.assign(arms, none);
        c.shadowed_example.resize(arms);
    }

    const explorer x({{p, targets.slots}});
    verify_report report;
    report.date_cases = x.date_cases().size();
    for (std::size_t c = 0; c < x.date_cases().size(); ++c) {
        std::string text;
        for (const date_condition& d : x.describe(c)) {
            if (!text.empty()) text += ", ";
            text += d.name + " = " + (d.type ? d.type->display(d.value.lo) : d.value.lo != 0 ? "ja" : "nej");
        }
        report.date_case_conditions.push_back(text.empty() ? "(no date conditions)" : text);
    }
    std::optional<profile> undetermined;
    std::map<std::int64_t, profile> without_offer;  // per recommended step: a profile that shows it
    const std::int64_t lowest_step = rules.recommendation ? rules.type_of(*rules.recommendation).lo : 0;
    const analysis::explore_stats stats = x.explore([&](const leaf& l) {
        const std::vector<value_range>& v = l.values[0];
        const auto is = [&](std::size_t t, std::int64_t value) { return v[t] == value_range{value, value}; };
        if (!l.complete) {
            if (!undetermined) undetermined = x.example(l.where, 0);
            return;
        }
        for (offer_seen& o : offers) o.granted = o.granted || is(o.condition, 1);
        if (recommendation && v[*recommendation].lo > lowest_step && !without_offer.contains(v[*recommendation].lo) &&
            std::none_of(offers.begin(), offers.end(),
                         [&](const offer_seen& o) { return is(o.condition, 1) && v[o.step] == v[*recommendation]; }))
            without_offer.emplace(v[*recommendation].lo, x.example(l.where, 0));
        if (!adult || is(*adult, 1))
            for (criterion_seen& c : criteria) {
                c.held = c.held || is(c.target, 1);
                c.failed = c.failed || is(c.target, 0);
            }
        for (choice_point& c : choices) {
            std::size_t fired = c.arms->fallback;
            for (std::size_t arm = 0; arm < c.condition.size(); ++arm)
                if (c.condition[arm] != none && is(c.condition[arm], 1)) {
                    fired = arm;
                    break;
                }
            c.fired[fired] = 1;
            for (std::size_t arm = fired + 1; arm < c.condition.size(); ++arm) {
                if (c.condition[arm] == none || !is(c.condition[arm], 1)) continue;
                c.held[arm] = 1;
                if (!c.fired[arm] && !c.shadowed_example[arm]) {
                    c.shadowed_example[arm] = x.example(l.where, 0);
                    c.shadowed_by[arm] = fired;
                }
            }
        }
    });
    report.regions = stats.leaves;
    report.incomplete = stats.incomplete;

    std::vector<finding>& out = report.findings;
    if (undetermined)
        out.push_back({finding_kind::undetermined, "the whole pack", {},
                       std::to_string(stats.incomplete) +
                           " regions were given up: some output has no single value there (a wide integer input)",
                       undetermined});
    for (auto& [step, example] : without_offer) {
        const symbol& r = rules.symbols[*rules.recommendation];
        out.push_back({finding_kind::step_without_offer, "recommendation " + r.name, r.where,
                       "recommends " + r.name + " = " + rules.type_of(*rules.recommendation).value_name(step) +
                           " where no granted offer is on that step",
                       std::move(example)});
    }
    std::vector<finding> placed;
    for (const choice_point& c : choices)
        for (std::size_t arm = 0; arm < c.fired.size(); ++arm) {
            if (c.fired[arm]) continue;
            const std::string subject = c.owner + ", " + arm_name(rules, c, arm);
            if (c.held[arm] && c.shadowed_by[arm] != none)
                placed.push_back({finding_kind::rule_shadowed, subject, arm_location(c, arm),
                                  "never fires: wherever it holds, the earlier " + arm_name(rules, c, c.shadowed_by[arm]) +
                                      " fires",
                                  c.shadowed_example[arm]});
            else
                placed.push_back({finding_kind::rule_never_holds, subject, arm_location(c, arm),
                                  arm != c.arms->fallback ? "never fires: its condition never holds"
                                  : c.e->kind == op::first ? "never fires: some earlier rule always holds"
                                                           : "never fires: the other arms take every value that occurs",
                                  std::nullopt});
        }
    for (std::size_t o = 0; o < offers.size(); ++o)
        if (!offers[o].granted)
            placed.push_back({finding_kind::offer_never_granted, "offer " + rules.offers[o].name, rules.offers[o].where,
                              "is never granted: its condition never holds", std::nullopt});
    const std::string for_whom = adult ? " for adults (voksen)" : "";
    for (const criterion_seen& c : criteria) {
        const symbol& s = rules.symbols[c.s];
        if (c.held && !c.failed)
            placed.push_back({finding_kind::criterion_always_true, "criterion " + s.name, s.where,
                              "always holds" + for_whom, std::nullopt});
        else if (!c.held && c.failed)
            placed.push_back({finding_kind::criterion_always_false, "criterion " + s.name, s.where,
                              "never holds" + for_whom, std::nullopt});
    }
    std::stable_sort(placed.begin(), placed.end(), [](const finding& a, const finding& b) {
        return std::tie(a.where.file, a.where.line, a.where.column) < std::tie(b.where.file, b.where.line, b.where.column);
    });
    out.insert(out.end(), placed.begin(), placed.end());
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

}  // namespace trappe::analysis
