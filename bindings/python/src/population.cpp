// trappe._trappe.synthetic_columns: the C++ population generator, as NumPy arrays.

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "handles.hpp"
#include "trappe/population/synthetic.hpp"

namespace py = pybind11;

namespace trappe::python {

void init_population(py::module_& m) {
    m.def("synthetic_columns", [](std::size_t n, std::uint64_t seed) {
        population pop;
        {
            py::gil_scoped_release release;
            pop = synthetic_population(n, seed);
        }
        py::dict out;
        out["borger_id"] = pop.borger_id;
        for (const population::column& c : pop.columns) {
            py::array values = c.type == element_type::i32 ? py::array(py::array_t<std::int32_t>(n, c.dates.data()))
                                                           : py::array(py::array_t<std::int8_t>(n, c.small.data()));
            static const char* kinds[] = {"date", "level", "bool", "stoettebehov"};
            out[py::str(c.name)] = py::make_tuple(values, py::array_t<std::uint8_t>(n, c.valid.data()),
                                                  kinds[static_cast<int>(c.holds)]);
        }
        return out;
    }, py::arg("n"), py::arg("seed"));
}

}  // namespace trappe::python
