#pragma once
// Objects shared between the binding files.

#include <pybind11/pybind11.h>

#include <map>
#include <memory>
#include <string>

#include "trappe/trappe.hpp"

namespace trappe::python {

/// A compiled rule set: the checked program, the plan with parameter overrides,
/// and what is needed to rebuild it in another process (pickling).
struct rules_handle {
    std::string path;
    std::map<std::string, std::string> overrides;  // parameter name -> value as text
    std::shared_ptr<const program> checked;
    std::shared_ptr<const plan> compiled;
};

/// A decision keeps its plan alive (decisions refer to their plan).
struct decision_handle {
    std::shared_ptr<const plan> compiled;
    traced_decision traced;
};

/// A value for Python: int, bool, str (enum name or date), or a (lo, hi) range object.
pybind11::object to_python(const program& rules, symbol_id s, value_range v, const decision* d);
pybind11::object to_python(const type_info& t, std::int64_t v);

/// A Python value read as a value of a (non-string) input or parameter.
struct converted {
    std::optional<std::int64_t> value;  // nullopt: not assessed, or a problem
    std::string problem;                // "" when valid; never contains the value
    bool wrong_type = false;            // a Python type no field takes (a TypeError for dicts)
};

/// Reads None, NaN, "" or "ikke_vurderet" as not assessed; text as the profile
/// readers do (parse_value); bools, ints (saturating beyond int64) and, for dates,
/// objects with strftime; then applies `rule` (check_input), so a required field
/// not assessed is a problem too.
converted convert(const program& rules, symbol_id s, const input_rule& rule, const pybind11::handle& value);

/// As convert(), for input or parameter `s`: the value, or nullopt when not
/// assessed; throws pybind11::value_error (or type_error for an unsupported
/// Python type) as "field 'name': problem", naming the field only.
std::optional<std::int64_t> from_python(const program& rules, symbol_id s, const pybind11::handle& value);

/// A profile of `h`'s plan from a dict of every field (None: ikke vurderet); throws
/// KeyError for a missing or unknown field, ValueError/TypeError as from_python().
profile read_profile(const rules_handle& h, const pybind11::dict& values);

}  // namespace trappe::python
