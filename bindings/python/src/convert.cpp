// Python values to input values: the text rules of the profile readers and the one
// check of input_check.hpp, so a dict, a DataFrame column and a file word a bad
// value alike, by field name and never with the value.

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cmath>
#include <limits>

#include "handles.hpp"

namespace py = pybind11;

namespace trappe::python {
namespace {

bool is_bool_like(const py::handle& value) {
    if (py::isinstance<py::bool_>(value)) return true;
    // NumPy's bool scalar is no Python bool (and no longer an index).
    return py::hasattr(value, "dtype") && py::str(value.attr("dtype").attr("kind")).cast<std::string>() == "b";
}

// A Python integer (or anything with __index__) as int64, saturating: 2**70 becomes
// INT64_MAX, which the range check then reports like any value out of range.
std::int64_t saturating_index(const py::handle& value) {
    const auto integer = py::reinterpret_steal<py::object>(PyNumber_Index(value.ptr()));
    if (!integer) throw py::error_already_set();
    int overflow = 0;
    const long long v = PyLong_AsLongLongAndOverflow(integer.ptr(), &overflow);
    if (v == -1 && PyErr_Occurred()) throw py::error_already_set();
    if (overflow > 0) return std::numeric_limits<std::int64_t>::max();
    if (overflow < 0) return std::numeric_limits<std::int64_t>::min();
    return v;
}

converted from_text(const type_info& t, const input_rule& rule, const std::string& text) {
    if (text.empty() || text == "ikke_vurderet")
        return {std::nullopt, describe(check_input(rule, false, 0), rule), false};
    parsed_value v = parse_value(t, text);
    if (!v.problem.empty()) return {std::nullopt, std::move(v.problem), false};
    if (const input_problem problem = check_input(rule, true, v.value); problem != input_problem::none)
        return {std::nullopt, describe(problem, rule), false};
    return {v.value, "", false};
}

converted from_number(const input_rule& rule, std::int64_t v) {
    if (const input_problem problem = check_input(rule, true, v); problem != input_problem::none)
        return {std::nullopt, describe(problem, rule), false};
    return {v, "", false};
}

// Column `name` of a DataFrame held as Python objects (NA already None):
// (values int64, valid uint8, {row: problem}). Cells with a problem are marked
// not assessed; the caller reports the row by its problem.
py::tuple convert_column(const rules_handle& h, const std::string& name, const py::list& cells) {
    const program& rules = *h.checked;
    const auto s = rules.find(name);
    if (!s || rules.symbols[*s].kind != symbol_kind::input)
        throw py::key_error("'" + name + "' is not an input of the rules");
    const input_rule rule = input_rule_for(rules, *s);
    const std::size_t n = cells.size();
    py::array_t<std::int64_t> values(static_cast<py::ssize_t>(n));
    py::array_t<std::uint8_t> valid(static_cast<py::ssize_t>(n));
    auto v = values.mutable_unchecked<1>();
    auto ok = valid.mutable_unchecked<1>();
    py::dict problems;
    for (std::size_t r = 0; r < n; ++r) {
        const auto i = static_cast<py::ssize_t>(r);
        const converted c = convert(rules, *s, rule, cells[r]);
        v(i) = c.value.value_or(0);
        ok(i) = c.value ? 1 : 0;
        if (!c.problem.empty()) problems[py::int_(r)] = c.problem;
    }
    return py::make_tuple(values, valid, problems);
}

}  // namespace

converted convert(const program& rules, symbol_id s, const input_rule& rule, const py::handle& value) {
    const type_info& t = rules.type_of(s);
    if (value.is_none() || (py::isinstance<py::float_>(value) && std::isnan(value.cast<double>())))
        return {std::nullopt, describe(check_input(rule, false, 0), rule), false};
    if (py::isinstance<py::str>(value)) return from_text(t, rule, value.cast<std::string>());
    if (is_bool_like(value)) {
        if (t.kind != type_kind::boolean) return {std::nullopt, expected_form(t), false};
        const int truth = PyObject_IsTrue(value.ptr());
        if (truth < 0) throw py::error_already_set();
        return from_number(rule, truth);
    }
    if (t.kind == type_kind::date && py::hasattr(value, "strftime"))  // datetime, date, pandas Timestamp
        return from_text(t, rule, py::str(value.attr("strftime")("%Y-%m-%d")).cast<std::string>());
    if (PyIndex_Check(value.ptr())) {
        if (t.kind != type_kind::integer && t.kind != type_kind::level && t.kind != type_kind::boolean)
            return {std::nullopt, expected_form(t), false};
        return from_number(rule, saturating_index(value));
    }
    return {std::nullopt, "unsupported value type " + py::str(py::type::of(value).attr("__name__")).cast<std::string>(),
            true};
}

std::optional<std::int64_t> from_python(const program& rules, symbol_id s, const py::handle& value) {
    const converted c = convert(rules, s, input_rule_for(rules, s), value);
    if (c.problem.empty()) return c.value;
    const std::string message = "field '" + rules.symbols[s].name + "': " + c.problem;
    if (c.wrong_type) throw py::type_error(message);
    throw py::value_error(message);
}

void init_convert(py::module_& m) {
    m.def("convert_column", &convert_column, py::arg("rules"), py::arg("name"), py::arg("cells"));
}

}  // namespace trappe::python
