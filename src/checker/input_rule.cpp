// The rules of valid input values, from the checked program's types, and their wording.

#include "trappe/checker/input_rule.hpp"

#include <limits>

namespace trappe {

input_rule input_rule_for(const program& rules, symbol_id s) {
    const symbol& sym = rules.symbols[s];
    const type_info& t = rules.types[sym.type];
    input_rule r;
    r.kind = t.kind;
    r.required = sym.kind == symbol_kind::input && (sym.required || rules.as_of == s);
    switch (t.kind) {
        case type_kind::boolean: r.lo = 0; r.hi = 1; break;
        case type_kind::level:
        case type_kind::enumeration: r.lo = t.lo; r.hi = t.hi; break;
        case type_kind::integer:
            // Unbounded integers keep to the bounds the saturating arithmetic works within.
            r.lo = t.bounded ? t.lo : -integer_bound;
            r.hi = t.bounded ? t.hi : integer_bound;
            break;
        case type_kind::date: r.lo = earliest_date; r.hi = latest_date; break;
        case type_kind::string:
            r.lo = std::numeric_limits<std::int64_t>::min();
            r.hi = std::numeric_limits<std::int64_t>::max();
            break;
    }
    return r;
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

}  // namespace trappe
