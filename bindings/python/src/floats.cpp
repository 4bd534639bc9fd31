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

// True for a whole number (and infinity), false for a fraction or NaN. Rounding by
// adding 2**52 needs no floor() call, which is a library call without SSE4.1, so
// the loop vectorises on the baseline instruction set.
inline bool is_whole(double x) {
    constexpr double two52 = 4503599627370496.0;  // from here on every double is whole
    const double a = std::fabs(x);
    return (a >= two52) | ((a + two52) - two52 == a);
}

// The whole values of n floats as T, clamped to [low, high] (within int32 when T is
// narrow, so the cast vectorises); false for a fraction. Rows with a fraction hold
// the placeholder; NaN's validity is 0.
template <class T>
bool to_whole(const double* __restrict in, T* __restrict out, std::uint8_t* __restrict ok, std::size_t n, double low,
              double high, T placeholder) {
    using wide = std::conditional_t<sizeof(T) < 4, std::int32_t, T>;
    std::uint8_t any_fraction = 0;
    for (std::size_t r = 0; r < n; ++r) {
        const double x = in[r];
        const auto assessed = static_cast<std::uint8_t>(x == x);  // false for NaN only
        const auto whole = static_cast<std::uint8_t>(is_whole(x));
        ok[r] = assessed;
        const auto value = static_cast<T>(static_cast<wide>(std::min(std::max(x, low), high)));
        out[r] = whole ? value : placeholder;
        any_fraction |= static_cast<std::uint8_t>(assessed & (whole ^ 1));
    }
    return any_fraction != 0;
}

// A float column for an input of range lo..hi: (values, valid uint8, rows with a
// fraction as int64). Values are clamped before the cast (to lo - 1..hi + 1 for an
// int8 column, as for levels and booleans), so a huge one is still reported out of
// range instead of overflowing. Rows with a fraction hold lo.
py::tuple whole_numbers(const py::array_t<double, py::array::c_style>& column, std::int64_t lo, std::int64_t hi) {
    if (column.ndim() != 1) throw py::value_error("whole_numbers: a one-dimensional column");
    const auto n = static_cast<std::size_t>(column.shape(0));
    // Wide columns clamp to +-2**62: beyond every input's range (+-2**61) and exact as a double.
    constexpr std::int64_t limit = std::int64_t{1} << 62;
    const bool narrow = lo > INT8_MIN && hi < INT8_MAX;
    const std::int64_t low = narrow ? lo - 1 : -limit, high = narrow ? hi + 1 : limit;
    py::array values = narrow ? py::array(py::array_t<std::int8_t>(static_cast<py::ssize_t>(n)))
                              : py::array(py::array_t<std::int64_t>(static_cast<py::ssize_t>(n)));
    py::array_t<std::uint8_t> valid(static_cast<py::ssize_t>(n));
    std::vector<std::int64_t> fractions;
    {
        py::gil_scoped_release release;
        const double* in = column.data();
        std::uint8_t* ok = valid.mutable_data();
        const bool any = narrow ? to_whole(in, static_cast<std::int8_t*>(values.mutable_data()), ok, n, double(low),
                                           double(high), static_cast<std::int8_t>(lo))
                                : to_whole(in, static_cast<std::int64_t*>(values.mutable_data()), ok, n, double(low),
                                           double(high), lo);
        for (std::size_t r = 0; any && r < n; ++r)
            if (ok[r] != 0 && !is_whole(in[r])) fractions.push_back(static_cast<std::int64_t>(r));
    }
    py::array_t<std::int64_t> rows(static_cast<py::ssize_t>(fractions.size()));
    std::copy(fractions.begin(), fractions.end(), rows.mutable_data());
    return py::make_tuple(values, valid, rows);
}

}  // namespace

void init_floats(py::module_& m) {
    m.def("whole_numbers", &whole_numbers, py::arg("column"), py::arg("lo"), py::arg("hi"));
}

}  // namespace trappe::python
