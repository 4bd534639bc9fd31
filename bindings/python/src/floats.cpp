// float64 columns (pandas' dtype for JSON numbers with nulls) as integer inputs,
// in one pass: NaN is not assessed, a fraction is a problem for its row.

#include <pybind11/numpy.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "handles.hpp"

namespace py = pybind11;

namespace trappe::python {
namespace {

// Returns (values int64, valid uint8, rows with a fraction as int64). Rows with a
// fraction hold `placeholder`. Values are clamped to +-2**62 before the cast, which
// would overflow: the input check then reports huge values out of range.
py::tuple whole_numbers(const py::array_t<double, py::array::c_style>& column, std::int64_t placeholder) {
    if (column.ndim() != 1) throw py::value_error("whole_numbers: a one-dimensional column");
    const auto n = static_cast<std::size_t>(column.shape(0));
    py::array_t<std::int64_t> values(static_cast<py::ssize_t>(n));
    py::array_t<std::uint8_t> valid(static_cast<py::ssize_t>(n));
    std::vector<std::int64_t> fractions;
    {
        py::gil_scoped_release release;
        constexpr double limit = 4611686018427387904.0;  // 2**62
        const double* in = column.data();
        std::int64_t* out = values.mutable_data();
        std::uint8_t* ok = valid.mutable_data();
        for (std::size_t r = 0; r < n; ++r) {
            const double x = in[r];
            const bool assessed = !std::isnan(x), whole = assessed && std::floor(x) == x;
            ok[r] = assessed;
            out[r] = whole ? static_cast<std::int64_t>(std::clamp(x, -limit, limit)) : placeholder;
            if (assessed && !whole) fractions.push_back(static_cast<std::int64_t>(r));
        }
    }
    py::array_t<std::int64_t> rows(static_cast<py::ssize_t>(fractions.size()));
    std::copy(fractions.begin(), fractions.end(), rows.mutable_data());
    return py::make_tuple(values, valid, rows);
}

}  // namespace

void init_floats(py::module_& m) {
    m.def("whole_numbers", &whole_numbers, py::arg("column"), py::arg("placeholder"));
}

}  // namespace trappe::python
