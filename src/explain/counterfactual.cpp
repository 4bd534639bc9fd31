// The smallest change to assessed inputs that gives a higher (or a lower)
// recommendation, whichever step that is: fewest changed inputs first, then the
// smallest total change, by exhaustive search over combinations of inputs (up to
// max_changes of them). And, when items ikke vurderet leave the recommendation
// open, what assessing each of them would decide.

#include <cstdlib>

#include "plan/plan_internals.hpp"
#include "trappe/explain/explanation.hpp"
#include "trappe/plan/plan.hpp"

namespace trappe::detail {
namespace {

struct candidate {
    std::size_t index;  // among plan inputs
    std::int64_t lo, hi, current;
};

// Inputs whose every value the search can try: booleans, levels, enums and narrow integers.
bool finite(const type_info& t) {
    return t.kind == type_kind::boolean || t.kind == type_kind::level || t.kind == type_kind::enumeration ||
           (t.kind == type_kind::integer && t.bounded && t.hi - t.lo <= 16);
}

std::optional<value_range> recommendation_of(const plan& p, const profile& in) {
    const evaluation result = evaluate(p, in);
    const auto* d = std::get_if<decision>(&result);
    if (d == nullptr) return std::nullopt;
    return d->value(*p.rules().recommendation);
}

class search {
public:
    search(const plan& p, const profile& in, std::int64_t step, int direction)
        : p_(p), base_(in), step_(step), direction_(direction) {
        const program& rules = p.rules();
        for (std::size_t i = 0; i < p.inputs().size(); ++i) {
            const symbol& s = rules.symbols[p.inputs()[i]];
            // Only assessed facts are changed; required facts (dates) are who the citizen is.
            if (in.assessed[i] && !s.required && finite(rules.types[s.type]))
                candidates_.push_back({i, rules.types[s.type].lo, rules.types[s.type].hi, in.values[i]});
        }
    }

    // Tries every set of k inputs; keeps the cheapest change that moves the recommendation.
    bool run(std::size_t k) {
        std::vector<std::size_t> chosen;
        combinations(0, k, chosen);
        return best_cost_ >= 0;
    }

    std::vector<input_change> best() const { return best_; }
    std::int64_t reached() const { return reached_; }

private:
    void combinations(std::size_t from, std::size_t k, std::vector<std::size_t>& chosen) {
        if (chosen.size() == k) {
            std::vector<std::int64_t> values(k);
            assign(chosen, values, 0, 0);
            return;
        }
        for (std::size_t c = from; c < candidates_.size(); ++c) {
            chosen.push_back(c);
            combinations(c + 1, k, chosen);
            chosen.pop_back();
        }
    }

    // A determined step beyond the current one in the wanted direction.
    bool moves(const value_range& step) const {
        return step.determined() && (direction_ > 0 ? step.lo > step_ : step.lo < step_);
    }

    void assign(const std::vector<std::size_t>& chosen, std::vector<std::int64_t>& values, std::size_t at,
                std::int64_t cost) {
        if (best_cost_ >= 0 && cost >= best_cost_) return;  // cannot beat what we have
        if (at == chosen.size()) {
            profile changed = base_;
            for (std::size_t i = 0; i < chosen.size(); ++i) changed.set(candidates_[chosen[i]].index, values[i]);
            const auto step = recommendation_of(p_, changed);
            if (!step || !moves(*step)) return;
            best_cost_ = cost;
            reached_ = step->lo;
            best_.clear();
            for (std::size_t i = 0; i < chosen.size(); ++i) {
                const candidate& c = candidates_[chosen[i]];
                best_.push_back({p_.inputs()[c.index], c.current, values[i]});
            }
            return;
        }
        const candidate& c = candidates_[chosen[at]];
        for (std::int64_t v = c.lo; v <= c.hi; ++v) {
            if (v == c.current) continue;
            values[at] = v;
            assign(chosen, values, at + 1, cost + std::abs(v - c.current));
        }
    }

    const plan& p_;
    const profile& base_;
    std::int64_t step_;
    int direction_;
    std::vector<candidate> candidates_;
    std::vector<input_change> best_;
    std::int64_t best_cost_ = -1;
    std::int64_t reached_ = 0;
};

}  // namespace

counterfactual find_counterfactual(const plan& p, const profile& in, std::int64_t step, int direction,
                                   int max_changes) {
    counterfactual out;
    out.direction = direction;
    const type_info& steps = p.rules().type_of(*p.rules().recommendation);
    if (direction > 0 ? step >= steps.hi : step <= steps.lo) {
        out.note = direction > 0 ? "der er intet trin over det anbefalede" : "der er intet trin under det anbefalede";
        return out;
    }
    search s(p, in, step, direction);
    for (int k = 1; k <= max_changes; ++k) {
        if (!s.run(static_cast<std::size_t>(k))) continue;
        out.found = true;
        out.changes = s.best();
        out.new_step = s.reached();
        profile changed = in;
        for (const input_change& c : out.changes) changed.set(*p.input_index(p.rules().symbols[c.input].name), c.to);
        traced_evaluation traced = evaluate_traced(p, changed);
        out.trace = build_trace(std::get<traced_decision>(traced));
        return out;
    }
    out.note = "ingen ændring af højst " + std::to_string(max_changes) + " vurderede oplysninger giver en " +
               (direction > 0 ? "højere" : "lavere") + " anbefaling";
    return out;
}

std::vector<assessment_proposal> propose_assessments(const plan& p, const profile& in) {
    std::vector<assessment_proposal> out;
    const program& rules = p.rules();
    for (std::size_t i = 0; i < p.inputs().size(); ++i) {
        const symbol& s = rules.symbols[p.inputs()[i]];
        const type_info& t = rules.types[s.type];
        // An item read through known() is the caseworker's own judgement, left open on purpose.
        const bool by_known = internals(p).assessed_slots[i] != no_slot;
        if (in.assessed[i] || s.required || by_known || !finite(t)) continue;
        assessment_proposal proposal{p.inputs()[i], {}};
        bool decides = false;
        for (std::int64_t v = t.lo; v <= t.hi; ++v) {
            profile assessed = in;
            assessed.set(i, v);
            const auto step = recommendation_of(p, assessed);
            if (!step) continue;
            decides = decides || step->determined();
            // Neighbouring values with the same outcome are one run: "ved niveau 2 eller højere".
            if (!proposal.outcomes.empty() && proposal.outcomes.back().step == *step && proposal.outcomes.back().to + 1 == v)
                proposal.outcomes.back().to = v;
            else
                proposal.outcomes.push_back({v, v, *step});
        }
        if (decides) out.push_back(std::move(proposal));
    }
    return out;
}

}  // namespace trappe::detail
