// Parameter overrides from text; see parameter_text.hpp.

#include "eval/parameter_text.hpp"

#include "trappe/checker/input_rule.hpp"
#include "trappe/eval/profile_reader.hpp"

namespace trappe::detail {
namespace {

std::string parameter_names(const program& rules) {
    std::string names;
    for (const symbol& s : rules.symbols)
        if (s.kind == symbol_kind::parameter && !s.is_table && rules.types[s.type].kind != type_kind::string)
        {
            if (!names.empty()) names += ", ";
            names += s.name;
        }
    return names;
}

}  // namespace

std::string parameter_form(const program& rules, symbol_id s) {
    const type_info& t = rules.type_of(s);
    std::string form = expected_form(t);
    if (t.kind == type_kind::integer) {
        const input_rule rule = input_rule_for(rules, s);
        if (rule.lo > -integer_bound || rule.hi < integer_bound)
        {
            form += ' ';
            form += std::to_string(rule.lo);
            form += "..";
            form += std::to_string(rule.hi);
        }
    }
    return form;
}

parameter_overrides read_parameter_overrides(const program& rules, const std::map<std::string, std::string>& texts) {
    parameter_overrides values;
    for (const auto& [name, text] : texts) {
        const auto s = rules.find(name);
        if (!s || rules.symbols[*s].kind != symbol_kind::parameter)
            throw parameter_error("'" + name + "' is not a parameter of the rules (they have: " + parameter_names(rules) +
                                  ")");
        if (rules.type_of(*s).kind == type_kind::string)
            throw parameter_error("parameter '" + name + "' is text, which cannot be overridden");
        const parsed_value v = parse_value(rules.type_of(*s), text);
        if (!v.problem.empty()) throw parameter_error("parameter '" + name + "': " + parameter_form(rules, *s));
        values[name] = v.value;
    }
    return values;
}

}  // namespace trappe::detail
