// Checks a pack's properties with the region explorer (regions.hpp).
//
// `implies`: one exploration whose targets are the premise and the conclusion; a
// leaf where the premise is true and the conclusion false is a counterexample.
// `monotone`: per listed input, one plan per value of that input with the input
// fixed (fixed_input.hpp); explored together, every leaf gives the result at each
// value for the same other inputs, so neighbouring values compare leaf by leaf.

#include "trappe/analysis/properties.hpp"

#include <chrono>
#include <map>
#include <stdexcept>
#include <tuple>
#include <variant>

#include "analysis/fixed_input.hpp"
#include "trappe/eval/evaluator.hpp"
#include "trappe/eval/format.hpp"

namespace trappe::analysis {
namespace {

// A candidate counterexample kept while exploring: its region (copied, as a leaf
// lives only during the visit), the fixed input's lower value, and its size.
struct candidate {
    region where;
    std::int64_t value = 0;
    std::tuple<std::size_t, std::int64_t> size;  // inputs above their lowest value, and by how much
};

class property_checker {
public:
    property_checker(std::shared_ptr<const plan> p, const explore_limits& limits) : plan_(std::move(p)), limits_(limits) {}

    property_check check(std::size_t index) {
        const auto started = std::chrono::steady_clock::now();
        const property& prop = plan_->rules().properties.at(index);
        property_check out;
        out.property = index;
        if (prop.kind == property::kind_t::implies)
            check_implies(prop, out);
        else
            check_monotone(prop, out);
        if (out.example) out.verdict = property_verdict::violated;
        else if (out.incomplete > 0) out.verdict = property_verdict::undecided;
        out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        return out;
    }

private:
    // A profile of the plan itself inside region `r` of `ex`: each input's lowest
    // choice, the date case's dates, and `fixed` (an input no variant plan has) at its value.
    profile profile_at(const explorer& ex, const region& r, std::optional<std::pair<symbol_id, std::int64_t>> fixed) const {
        const program& rules = plan_->rules();
        std::map<std::string, std::size_t> space;
        for (std::size_t s = 0; s < ex.inputs().size(); ++s) space.emplace(ex.inputs()[s].name, s);
        profile out(*plan_);
        const auto inputs = plan_->inputs();
        for (std::size_t j = 0; j < inputs.size(); ++j) {
            if (fixed && inputs[j] == fixed->first) {
                out.set(j, fixed->second);
                continue;
            }
            const auto it = space.find(rules.symbols[inputs[j]].name);
            if (it == space.end()) continue;  // not read by what is explored: left unassessed
            const space_input& in = ex.inputs()[it->second];
            const input_choices& c = r.inputs[it->second];
            if (in.is_text) out.set_text(j, "verify");
            else if (in.is_date) out.set(j, ex.date_cases()[r.date_case].dates[it->second]);
            else if (c.assessed) out.set(j, c.values.lo);
            else out.set_unassessed(j);
        }
        return out;
    }

    // How far a region's lowest profile is from the lowest profile of all.
    static std::tuple<std::size_t, std::int64_t> size_of(const explorer& ex, const region& r) {
        std::size_t above = 0;
        std::int64_t by = 0;
        for (std::size_t s = 0; s < ex.inputs().size(); ++s) {
            const space_input& in = ex.inputs()[s];
            const input_choices& c = r.inputs[s];
            if (in.is_text || in.is_date || !c.assessed || c.unassessed) continue;
            if (c.values.lo > in.rule.lo) {
                ++above;
                by += c.values.lo - in.rule.lo;
            }
        }
        return {above, by};
    }

    // `offset`: how far a fixed input's value is above its lowest (monotone), counted like the others.
    static void keep_smallest(std::optional<candidate>& best, const explorer& ex, const region& r, std::int64_t value,
                              std::int64_t offset) {
        auto size = size_of(ex, r);
        if (offset > 0) size = {std::get<0>(size) + 1, std::get<1>(size) + offset};
        if (!best || size < best->size) best = candidate{r, value, size};
    }

    // What a date case decides, in the first explored plan ("voksen = ja, ...").
    static std::string dates_of(const explorer& ex, std::size_t date_case) {
        std::string out;
        for (const date_condition& c : ex.describe(date_case)) {
            if (c.plan_index != 0) continue;
            if (!out.empty()) out += ", ";
            out += c.name + " = " +
                   (c.type != nullptr ? format_value(*c.type, c.value) : std::string(c.value.lo != 0 ? "ja" : "nej"));
        }
        return out;
    }

    // A counterexample lies inside the explored space, so it is a valid profile; an
    // input error here is a fault of the explorer, never to be reported as "holds".
    decision decide(const profile& in) const {
        evaluation e = evaluate(*plan_, in);
        if (auto* d = std::get_if<decision>(&e)) return std::move(*d);
        throw std::logic_error("check_properties: a counterexample is not a valid profile: " +
                               std::get<input_error>(e).describe());
    }

    void check_implies(const property& prop, property_check& out) {
        std::vector<slot_id> targets;
        const auto premise = target_of(*plan_, prop.premise);
        const auto conclusion = target_of(*plan_, prop.conclusion);
        if (premise) targets.push_back(*premise);
        if (conclusion) targets.push_back(*conclusion);
        // A constant side (`true implies …`) has no slot: its value is the expression's own.
        const auto value_of = [&](const leaf& l, const checked_expr& e, const std::optional<slot_id>& slot,
                                  std::size_t position) {
            return slot ? l.values[0][position] : value_range{e.value, e.value};
        };
        explorer ex({{plan_, targets}}, limits_);
        std::optional<candidate> best;
        const explore_stats stats = ex.explore([&](const leaf& l) {
            const value_range p = value_of(l, prop.premise, premise, 0);
            const value_range c = value_of(l, prop.conclusion, conclusion, premise ? 1 : 0);
            if (p.lo >= 1 && c.hi <= 0) keep_smallest(best, ex, l.where, 0, 0);
        });
        out.regions = stats.leaves;
        out.incomplete = stats.incomplete;
        if (!best) return;
        counterexample example;
        example.lower = profile_at(ex, best->where, std::nullopt);
        example.dates = dates_of(ex, best->where.date_case);
        example.lower_decision = decide(example.lower);
        out.example = std::move(example);
    }

    void check_monotone(const property& prop, property_check& out) {
        const program& rules = plan_->rules();
        std::optional<candidate> best;
        for (const symbol_id input : prop.inputs) {
            const input_rule rule = input_rule_for(rules, input);
            std::vector<explored_plan> variants;
            for (std::int64_t v = rule.lo; v <= rule.hi; ++v) {
                auto variant = compile(with_input_fixed(rules, input, v), plan_->overrides());
                const slot_id result = target_of(*variant, prop.result);
                variants.push_back({std::move(variant), {result}});
            }
            explorer ex(std::move(variants), limits_);
            std::optional<candidate> found;
            const explore_stats stats = ex.explore([&](const leaf& l) {
                // A violation needs every possible result at k above every one at k + 1.
                for (std::size_t k = 0; k + 1 < l.values.size(); ++k)
                    if (l.values[k][0].lo > l.values[k + 1][0].hi) {
                        keep_smallest(found, ex, l.where, rule.lo + static_cast<std::int64_t>(k),
                                      static_cast<std::int64_t>(k));
                        break;
                    }
            });
            out.regions += stats.leaves;
            out.incomplete += stats.incomplete;
            if (found && (!best || found->size < best->size)) {
                best = std::move(found);
                witness(ex, *best, input, out);
            }
        }
    }

    // The pair of a monotone counterexample, evaluated with the plan itself, and where their traces part.
    void witness(const explorer& ex, const candidate& c, symbol_id input, property_check& out) const {
        counterexample example;
        example.input = input;
        example.lower = profile_at(ex, c.where, std::pair{input, c.value});
        example.higher = profile_at(ex, c.where, std::pair{input, c.value + 1});
        example.dates = dates_of(ex, c.where.date_case);
        example.lower_decision = decide(example.lower);
        example.higher_decision = decide(*example.higher);
        const traced_evaluation low_traced = evaluate_traced(*plan_, example.lower);
        const traced_evaluation high_traced = evaluate_traced(*plan_, *example.higher);
        if (const auto* a = std::get_if<traced_decision>(&low_traced))
            if (const auto* b = std::get_if<traced_decision>(&high_traced)) {
                const std::vector<trace_entry> ta = build_trace(*a), tb = build_trace(*b);
                for (std::size_t k = 0; k < ta.size() && k < tb.size(); ++k)
                    if (ta[k].symbol == tb[k].symbol && ta[k].value != tb[k].value) {
                        example.parts_at = parting_entry{ta[k], tb[k]};
                        break;
                    }
            }
        out.example = std::move(example);
    }

    std::shared_ptr<const plan> plan_;
    explore_limits limits_;
};

}  // namespace

std::vector<property_check> check_properties(const std::shared_ptr<const plan>& p, const explore_limits& limits) {
    if (!p) throw misuse_error("check_properties: no plan");
    property_checker checker(p, limits);
    std::vector<property_check> out;
    for (std::size_t i = 0; i < p->rules().properties.size(); ++i) out.push_back(checker.check(i));
    return out;
}

}  // namespace trappe::analysis
