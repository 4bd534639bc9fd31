// trappe._trappe.Diff: the regions where two rule sets decide differently (trappe.diff).

#include <pybind11/stl.h>

#include "handles.hpp"
#include "trappe/analysis/diff.hpp"

namespace py = pybind11;

namespace trappe::python {
namespace {

/// A diff with the plans it was made of (a diff's regions are looked up in the first).
struct diff_handle {
    std::shared_ptr<const plan> before, after;
    diff_result result;
};

std::shared_ptr<diff_handle> make_diff(const rules_handle& base, const rules_handle& reform) {
    auto h = std::make_shared<diff_handle>(diff_handle{base.compiled, reform.compiled, {}});
    {
        py::gil_scoped_release unlocked;  // minutes of C++ at most; nothing of Python is touched
        h->result = diff(*h->before, *h->after);
    }
    return h;
}

std::string diff_json_of(const diff_handle& h, const std::optional<std::string>& population) {
    if (!population) return diff_json(h.result);
    diff_weights w;
    try {
        py::gil_scoped_release unlocked;
        w = weigh(h.result, *h.before, *h.after, *population);
    } catch (const misuse_error& e) {
        throw py::value_error(e.what());
    }
    return diff_json(h.result, &w);
}

// The region (1-based id) of a profile given as a dict of the base rules' fields, or None.
py::object region_of_profile(const diff_handle& h, const rules_handle& base, const py::dict& values) {
    if (base.compiled != h.before) throw py::value_error("region_of: the rules are not the diff's base rules");
    const profile in = read_profile(base, values);
    decision d;
    if (auto error = evaluate(*h.before, in, d)) throw py::value_error(error->describe());
    const auto k = region_of(h.result, *h.before, in, d);
    return k ? py::object(py::int_(*k + 1)) : py::object(py::none());
}

}  // namespace

void init_diff(py::module_& m) {
    py::class_<diff_handle, std::shared_ptr<diff_handle>>(m, "Diff")
        .def("json", &diff_json_of, py::arg("population") = py::none())
        .def("region_of", &region_of_profile, py::arg("rules"), py::arg("values"))
        .def_property_readonly("seconds", [](const diff_handle& h) { return h.result.seconds; });
    m.def("diff", &make_diff, py::arg("base"), py::arg("reform"));
}

}  // namespace trappe::python
