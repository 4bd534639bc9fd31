// The smallest change to assessed inputs that moves the recommended step by one:
// fewest changed inputs first, then the smallest total change, by exhaustive
// search over combinations of inputs (up to max_changes of them).

#include <cstdlib>

#include "trappe/explain/explanation.hpp"
#include "trappe/plan/plan.hpp"

namespace trappe::detail {
namespace {

struct candidate {
    std::size_t index;  // among plan inputs
    std::int64_t lo, hi, current;
};

class search {
public:
    search(const plan& p, const profile& in, std::int64_t target) : p_(p), base_(in), target_(target) {
        const program& rules = p.rules();
        for (std::size_t i = 0; i < p.inputs().size(); ++i) {
            const symbol& s = rules.symbols[p.inputs()[i]];
            const type_info& t = rules.types[s.type];
            const bool finite = t.kind == type_kind::boolean || t.kind == type_kind::level ||
                                t.kind == type_kind::enumeration || (t.kind == type_kind::integer && t.bounded && t.hi - t.lo <= 16);
            // Only assessed facts are changed; required facts (dates) are who the citizen is.
            if (in.assessed[i] && !s.required && finite) candidates_.push_back({i, t.lo, t.hi, in.values[i]});
        }
    }

    // Tries every set of k inputs; keeps the cheapest change that reaches the target step.
    bool run(std::size_t k) {
        std::vector<std::size_t> chosen;
        combinations(0, k, chosen);
        return best_cost_ >= 0;
    }

    std::vector<input_change> best() const { return best_; }

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

    void assign(const std::vector<std::size_t>& chosen, std::vector<std::int64_t>& values, std::size_t at,
                std::int64_t cost) {
        if (best_cost_ >= 0 && cost >= best_cost_) return;  // cannot beat what we have
        if (at == chosen.size()) {
            profile changed = base_;
            for (std::size_t i = 0; i < chosen.size(); ++i) changed.set(candidates_[chosen[i]].index, values[i]);
            const evaluation result = evaluate(p_, changed);
            const auto* d = std::get_if<decision>(&result);
            if (d == nullptr) return;
            const value_range step = d->value(*p_.rules().recommendation);
            if (step != value_range{target_, target_}) return;
            best_cost_ = cost;
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
    std::int64_t target_;
    std::vector<candidate> candidates_;
    std::vector<input_change> best_;
    std::int64_t best_cost_ = -1;
};

}  // namespace

counterfactual find_counterfactual(const plan& p, const profile& in, std::int64_t step, int direction,
                                   int max_changes) {
    counterfactual out;
    out.direction = direction;
    const type_info& steps = p.rules().type_of(*p.rules().recommendation);
    const std::int64_t target = step + direction;
    if (target < steps.lo || target > steps.hi) {
        out.note = direction > 0 ? "der er intet trin over det anbefalede" : "der er intet trin under det anbefalede";
        return out;
    }
    search s(p, in, target);
    for (int k = 1; k <= max_changes; ++k) {
        if (!s.run(static_cast<std::size_t>(k))) continue;
        out.found = true;
        out.changes = s.best();
        out.new_step = target;
        profile changed = in;
        for (const input_change& c : out.changes) changed.set(*p.input_index(p.rules().symbols[c.input].name), c.to);
        traced_evaluation traced = evaluate_traced(p, changed);
        out.trace = build_trace(std::get<traced_decision>(traced));
        return out;
    }
    out.note = "ingen ændring af højst " + std::to_string(max_changes) + " vurderede oplysninger flytter anbefalingen ét trin";
    return out;
}

}  // namespace trappe::detail
