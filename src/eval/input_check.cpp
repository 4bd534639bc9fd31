// Input rules for a plan, and the check of a profile built in code.

#include "trappe/eval/input_check.hpp"

#include <stdexcept>

#include "eval/input_errors.hpp"
#include "trappe/plan/plan.hpp"
#include "trappe/common/error.hpp"

namespace trappe {

std::vector<input_rule> input_rules(const plan& p) {
    std::vector<input_rule> out;
    out.reserve(p.inputs().size());
    for (symbol_id s : p.inputs()) out.push_back(input_rule_for(p.rules(), s));
    return out;
}

std::optional<input_error> check_profile(const plan& p, const profile& in) {
    const auto inputs = p.inputs();
    if (in.values.size() != inputs.size() || in.assessed.size() != inputs.size())
        throw misuse_error("check_profile: the profile was not made for this plan");
    const program& rules = p.rules();
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const input_rule rule = input_rule_for(rules, inputs[i]);
        if (const input_problem problem = check_input(rule, in.assessed[i] != 0, in.values[i]);
            problem != input_problem::none)
            return input_error{0, rules.symbols[inputs[i]].name, describe(problem, rule)};
    }
    if (auto error = detail::check_date_orders(p, detail::internals(p), in)) return error;
    return detail::check_texts(p, in);
}

}  // namespace trappe
