// The thin native module under the `trappe` Python package: each part registers itself.

#include <pybind11/pybind11.h>

#include "trappe/version.hpp"

namespace trappe::python {
void init_rules(pybind11::module_& m);
void init_decision(pybind11::module_& m);
void init_batch(pybind11::module_& m);
void init_population(pybind11::module_& m);
void init_convert(pybind11::module_& m);
void init_dates(pybind11::module_& m);
void init_floats(pybind11::module_& m);
void init_follow(pybind11::module_& m);
void init_diff(pybind11::module_& m);
}  // namespace trappe::python

PYBIND11_MODULE(_trappe, m) {
    m.doc() = "Native core of trappe; use the `trappe` package instead.";
    // project(VERSION) via trappe/version.hpp, so the package cannot drift from the library.
    m.attr("__version__") = trappe::version_string;
    trappe::python::init_rules(m);
    trappe::python::init_decision(m);
    trappe::python::init_batch(m);
    trappe::python::init_population(m);
    trappe::python::init_convert(m);
    trappe::python::init_dates(m);
    trappe::python::init_floats(m);
    trappe::python::init_follow(m);
    trappe::python::init_diff(m);
}
