// The shared input space of the explored plans, and the targets a caller can name.

#include <algorithm>

#include "analysis/explored_space.hpp"
#include "trappe/common/error.hpp"

namespace trappe::analysis {

std::vector<slot_id> default_targets(const plan& p) {
    const program& rules = p.rules();
    const detail::plan_internals& code = detail::internals(p);
    std::vector<slot_id> out;
    const auto add = [&](slot_id s) {
        if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
    };
    for (symbol_id s : rules.outputs)
        if (rules.type_of(s).kind != type_kind::string && rules.symbols[s].kind != symbol_kind::input) add(s);
    if (rules.recommendation) add(*rules.recommendation);
    for (const detail::planned_offer& o : code.offers) {
        add(o.condition);
        add(o.step);
        if (o.has_review) add(o.review);
    }
    return out;
}

slot_id target_of(const plan&, symbol_id s) { return s; }

std::optional<slot_id> target_of(const plan& p, const checked_expr& e) {
    if (e.kind == op::symbol) return e.symbol;
    const detail::plan_internals& code = detail::internals(p);
    const auto it = code.expression_slots.find(&e);
    if (it == code.expression_slots.end()) return std::nullopt;
    return it->second;
}

namespace {

// "ikke vurderet" is explored only where it cannot leave a value undetermined:
// the rules read the input through known() and through nothing known() does not guard.
bool guarded_by_known(const detail::plan_internals& code, std::size_t i) {
    return !code.input_rules[i].required && code.assessed_slots[i] != detail::no_slot && code.reaches_decision[i] == 0;
}

}  // namespace

void build_space(explorer::state& s) {
    if (s.plans.empty()) throw misuse_error("explorer: no plan to explore");
    for (std::size_t k = 0; k < s.plans.size(); ++k) {
        const plan& p = *s.plans[k].compiled;
        const detail::plan_internals& code = detail::internals(p);
        plan_view view{&p, &code, {}, {}};
        const program& rules = p.rules();
        for (std::size_t i = 0; i < p.inputs().size(); ++i) {
            const symbol& sym = rules.symbols[p.inputs()[i]];
            const input_rule& rule = code.input_rules[i];
            auto it = std::find_if(s.inputs.begin(), s.inputs.end(), [&](const space_input& in) { return in.name == sym.name; });
            if (it == s.inputs.end()) {
                space_input in;
                in.name = sym.name;
                in.rule = rule;
                in.type = &rules.types[sym.type];
                in.is_date = rule.kind == type_kind::date;
                in.is_text = rule.kind == type_kind::string;
                in.may_be_unassessed = !in.is_date && !in.is_text && guarded_by_known(code, i);
                in.index_in_plan.assign(s.plans.size(), std::nullopt);
                it = s.inputs.insert(s.inputs.end(), std::move(in));
            } else if (it->rule.kind != rule.kind || it->rule.lo != rule.lo || it->rule.hi != rule.hi) {
                throw misuse_error("explorer: input '" + sym.name + "' has different valid values in the explored packs");
            } else {
                it->may_be_unassessed = it->may_be_unassessed && guarded_by_known(code, i);
            }
            it->index_in_plan[k] = i;
            view.space_of_input.push_back(static_cast<std::size_t>(it - s.inputs.begin()));
            if (p.as_of_input() == i) s.as_of_input = view.space_of_input.back();
        }
        s.views.push_back(std::move(view));
    }
}

std::uint64_t input_choices::count() const noexcept {
    std::uint64_t n = unassessed ? 1 : 0;
    if (!assessed) return n;
    if (values.mask != 0) return n + static_cast<std::uint64_t>(__builtin_popcountll(values.mask));
    return n + static_cast<std::uint64_t>(values.hi - values.lo) + 1;
}

}  // namespace trappe::analysis
