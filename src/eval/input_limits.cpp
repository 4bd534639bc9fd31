#include "eval/input_limits.hpp"

#include "plan/plan_internals.hpp"

namespace trappe::detail {

input_error input_problem(const plan& p, std::size_t i, std::size_t row, bool assessed) {
    const program& rules = p.rules();
    const symbol_id s = p.inputs()[i];
    if (!assessed) return {row, rules.symbols[s].name, "is required and cannot be ikke vurderet"};
    const type_info& t = rules.type_of(s);
    if (t.kind == type_kind::date)
        return {row, rules.symbols[s].name,
                "date out of range " + format_date(earliest_date) + ".." + format_date(latest_date)};
    const input_limit& r = internals(p).input_limits[i];
    return {row, rules.symbols[s].name, "value out of range " + std::to_string(r.lo) + ".." + std::to_string(r.hi)};
}

input_error before_valid_from(const plan& p, std::size_t row) {
    const program& rules = p.rules();
    return {row, rules.symbols[p.inputs()[*p.as_of_input()]].name,
            "is before the first date the rules apply (" + format_date(p.valid_from()) + ")"};
}

}  // namespace trappe::detail
