// trappe._trappe.follow: the C++ follow run over two files, for trappe.follow().

#include <pybind11/stl.h>

#include "handles.hpp"
#include "trappe/analysis/follow.hpp"

namespace py = pybind11;

namespace trappe::python {

void init_follow(py::module_& m) {
    m.def(
        "follow",
        [](const rules_handle& rules, const std::string& previous, const std::string& manifest, const std::string& current,
           bool allow_unknown_pack, bool explain_moves, unsigned threads) {
            follow_options o;
            o.previous = previous;
            o.previous_manifest = manifest;
            o.current = current;
            o.allow_unknown_pack = allow_unknown_pack;
            o.explain_moves = explain_moves;
            o.threads = threads;
            std::string summary, citizens;
            std::vector<std::tuple<std::string, std::size_t, std::string, std::string>> errors;
            {
                py::gil_scoped_release release;
                const follow_result r = follow_caseload(*rules.compiled, o);
                summary = follow_json(r, follow_aggregate(r));
                follow_citizens_csv(r, [&](std::string_view text) { citizens += text; });
                for (const input_error& e : r.previous_errors) errors.emplace_back("previous", e.row, e.field, e.message);
                for (const input_error& e : r.current_errors) errors.emplace_back("current", e.row, e.field, e.message);
            }
            return py::make_tuple(summary, citizens, errors);
        },
        py::arg("rules"), py::arg("previous"), py::arg("manifest"), py::arg("current"), py::arg("allow_unknown_pack"),
        py::arg("explain_moves"), py::arg("threads") = 0);
    m.def("follow_manifest", [](const rules_handle& rules) { return follow_manifest(*rules.compiled); }, py::arg("rules"));
}

}  // namespace trappe::python
