// Columnar evaluation over NumPy arrays: integer arrays are read in place (no copy),
// the GIL is released while the C++ batch path runs on all cores.

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "handles.hpp"

namespace py = pybind11;

namespace trappe::python {
namespace {

element_type element_of(const py::array& a, const std::string& name) {
    const char kind = a.dtype().kind();
    if ((kind != 'i' && kind != 'u' && kind != 'b') || (a.flags() & py::array::c_style) == 0 || a.ndim() != 1)
        throw py::type_error("column '" + name + "' must be a one-dimensional, contiguous integer or bool array, not " +
                             py::str(a.dtype()).cast<std::string>());
    switch (a.itemsize()) {
        case 1: return element_type::i8;
        case 2: return element_type::i16;
        case 4: return element_type::i32;
        case 8: return element_type::i64;
        default: throw py::type_error("column '" + name + "': unsupported item size");
    }
}

// values: one array per input (None for string inputs); valid: uint8 array or None.
py::tuple evaluate_columns(const rules_handle& h, const py::list& values, const py::list& valid, unsigned threads) {
    const plan& p = *h.compiled;
    const std::size_t inputs = p.inputs().size();
    if (values.size() != inputs || valid.size() != inputs)
        throw py::value_error("one values array and one validity array (or None) per input");
    std::vector<input_column> columns(inputs);
    std::vector<py::array> keep_alive;
    std::size_t rows = 0;
    bool have_rows = false;
    for (std::size_t i = 0; i < inputs; ++i) {
        const std::string& name = p.rules().symbols[p.inputs()[i]].name;
        if (values[i].is_none()) continue;
        py::array a = py::reinterpret_borrow<py::array>(values[i]);
        columns[i].type = element_of(a, name);
        columns[i].data = a.data();
        if (have_rows && static_cast<std::size_t>(a.shape(0)) != rows) throw py::value_error("columns differ in length");
        rows = static_cast<std::size_t>(a.shape(0));
        have_rows = true;
        keep_alive.push_back(a);
        if (!valid[i].is_none()) {
            py::array_t<std::uint8_t, py::array::c_style> v = py::reinterpret_borrow<py::array>(valid[i]);
            if (static_cast<std::size_t>(v.shape(0)) != rows) throw py::value_error("validity of '" + name + "' differs in length");
            columns[i].valid = v.data();
            keep_alive.push_back(v);
        }
    }
    const std::vector<symbol_id> outputs = batch_outputs(p);
    py::array_t<std::int64_t> lo({outputs.size(), rows}), hi({outputs.size(), rows});
    py::array_t<std::uint8_t> status(rows);
    std::vector<output_column> out(outputs.size());
    for (std::size_t o = 0; o < outputs.size() && rows > 0; ++o)  // an empty frame (Dask's meta) writes nothing
        out[o] = {element_type::i64, lo.mutable_data(o, 0), hi.mutable_data(o, 0)};
    batch_summary summary;
    {
        py::gil_scoped_release release;
        summary = evaluate_batch(p, rows, columns, out, reinterpret_cast<row_status*>(status.mutable_data()), {threads});
    }
    py::list problems;
    for (const input_error& e : summary.problems) problems.append(py::make_tuple(e.row - 1, e.field, e.message));
    std::vector<std::string> names;
    for (symbol_id s : outputs) names.push_back(p.rules().symbols[s].name);
    return py::make_tuple(names, lo, hi, status, problems);
}

}  // namespace

void init_batch(py::module_& m) {
    m.def("evaluate_columns", &evaluate_columns, py::arg("rules"), py::arg("values"), py::arg("valid"),
          py::arg("threads") = 0u);
}

}  // namespace trappe::python
