// The wording of input problems and the rules built from a program's types.

#include "trappe/eval/input_check.hpp"

#include <limits>
#include <stdexcept>

#include "plan/arithmetic.hpp"
#include "trappe/plan/plan.hpp"

namespace trappe {

input_rule input_rule_for(const program& rules, symbol_id s) {
    const symbol& sym = rules.symbols[s];
    const type_info& t = rules.types[sym.type];
    input_rule r;
    r.kind = t.kind;
    r.required = sym.kind == symbol_kind::input && sym.required;
    switch (t.kind) {
        case type_kind::boolean: r.lo = 0; r.hi = 1; break;
        case type_kind::level:
        case type_kind::enumeration: r.lo = t.lo; r.hi = t.hi; break;
        case type_kind::integer:
            // Unbounded integers keep to the bounds the saturating arithmetic works within.
            r.lo = t.bounded ? t.lo : -detail::integer_bound;
            r.hi = t.bounded ? t.hi : detail::integer_bound;
            break;
        case type_kind::date: r.lo = earliest_date; r.hi = latest_date; break;
        case type_kind::string:
            r.lo = std::numeric_limits<std::int64_t>::min();
            r.hi = std::numeric_limits<std::int64_t>::max();
            break;
    }
    return r;
}

std::vector<input_rule> input_rules(const plan& p) {
    std::vector<input_rule> out;
    out.reserve(p.inputs().size());
    for (symbol_id s : p.inputs()) out.push_back(input_rule_for(p.rules(), s));
    return out;
}

std::string describe(input_problem problem, const input_rule& rule) {
    switch (problem) {
        case input_problem::none: return "";
        case input_problem::required: return "is required and cannot be ikke vurderet";
        case input_problem::out_of_range:
            if (rule.kind == type_kind::date)
                return "date out of range " + format_date(static_cast<day_number>(rule.lo)) + ".." +
                       format_date(static_cast<day_number>(rule.hi));
            return "value out of range " + std::to_string(rule.lo) + ".." + std::to_string(rule.hi);
    }
    return "invalid value";
}

std::optional<input_error> check_profile(const plan& p, const profile& in) {
    const auto inputs = p.inputs();
    if (in.values.size() != inputs.size() || in.assessed.size() != inputs.size())
        throw std::invalid_argument("check_profile: the profile was not made for this plan");
    const program& rules = p.rules();
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const input_rule rule = input_rule_for(rules, inputs[i]);
        if (const input_problem problem = check_input(rule, in.assessed[i] != 0, in.values[i]);
            problem != input_problem::none)
            return input_error{0, rules.symbols[inputs[i]].name, describe(problem, rule)};
    }
    return std::nullopt;
}

}  // namespace trappe
