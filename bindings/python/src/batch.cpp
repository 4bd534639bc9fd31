// Columnar evaluation over NumPy arrays: input arrays are read in place (no copy),
// the GIL is released while the C++ batch path runs on all cores, and each output
// comes back as the arrays a pandas column wraps without copying: narrow values
// (enum codes with -1 for <NA>) and a bool mask.

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <algorithm>

#include "handles.hpp"

namespace py = pybind11;

namespace trappe::python {
namespace {

element_type element_of(const py::array& a, const std::string& name) {
    const char kind = a.dtype().kind();
    const bool narrow_unsigned = kind == 'u' && a.itemsize() < 8;  // would read as negative; widened in Python
    if ((kind != 'i' && kind != 'u' && kind != 'b') || narrow_unsigned || (a.flags() & py::array::c_style) == 0 ||
        a.ndim() != 1)
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

// The narrowest element type the pandas column of an output uses: Int8, boolean
// and Categorical codes are int8, dates int32 day numbers, integers Int64.
element_type output_element(const type_info& t) {
    if (t.kind == type_kind::date) return element_type::i32;
    if (t.kind == type_kind::integer || t.lo < INT8_MIN || t.hi > INT8_MAX) return element_type::i64;
    return element_type::i8;
}

py::array new_array(element_type type, std::size_t rows) {
    switch (type) {
        case element_type::i8: return py::array_t<std::int8_t>(static_cast<py::ssize_t>(rows));
        case element_type::i16: return py::array_t<std::int16_t>(static_cast<py::ssize_t>(rows));
        case element_type::i32: return py::array_t<std::int32_t>(static_cast<py::ssize_t>(rows));
        case element_type::i64: break;
    }
    return py::array_t<std::int64_t>(static_cast<py::ssize_t>(rows));
}

template <class F> void with_type(element_type type, F&& f) {
    switch (type) {
        case element_type::i8: return f(std::int8_t{});
        case element_type::i16: return f(std::int16_t{});
        case element_type::i32: return f(std::int32_t{});
        case element_type::i64: return f(std::int64_t{});
    }
}

// One output as pandas wants it, in place: lo becomes the value; a row without one
// holds `none` (-1 for enum codes, 0 otherwise) and is true in its mask. Enums
// become codes (ordinal - offset). Plain loops over restrict pointers, so they vectorize.
template <class T>
void finish_value(const std::uint8_t* __restrict ok, std::size_t rows, T* __restrict lo, const T* __restrict hi,
                  bool* __restrict na, T offset, T none) {
    for (std::size_t r = 0; r < rows; ++r) {
        const bool determined = (ok[r] != 0) & (lo[r] == hi[r]);
        lo[r] = determined ? static_cast<T>(lo[r] - offset) : none;
        na[r] = !determined;
    }
}

// With ranges: a bound of every row not in error, as a code for enums.
template <class T>
void finish_bound(const std::uint8_t* __restrict ok, std::size_t rows, T* __restrict bound, bool* __restrict na, T offset,
                  T none) {
    for (std::size_t r = 0; r < rows; ++r) {
        bound[r] = ok[r] != 0 ? static_cast<T>(bound[r] - offset) : none;
        na[r] = ok[r] == 0;
    }
}

py::array_t<bool> new_mask(std::size_t rows) { return py::array_t<bool>(static_cast<py::ssize_t>(rows)); }

// values: one array per input (None for string inputs); valid: uint8 array or None;
// bad: uint8 array (1 = a problem found before the engine, in Python) or None.
// Returns (outputs, determined, determined_na, problems): outputs a list of
// (name, value, value_na, min, min_na, max, max_na), the last four None without ranges.
py::tuple evaluate_columns(const rules_handle& h, const py::list& values, const py::list& valid, const py::object& bad,
                           unsigned threads, bool ranges) {
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
    std::vector<std::uint8_t> ok(rows, 1);
    if (!bad.is_none()) {
        py::array_t<std::uint8_t, py::array::c_style> b = py::reinterpret_borrow<py::array>(bad);
        if (static_cast<std::size_t>(b.shape(0)) != rows) throw py::value_error("bad rows differ in length");
        for (std::size_t r = 0; r < rows; ++r) ok[r] = b.data()[r] == 0;
    }

    const std::vector<symbol_id> outputs = batch_outputs(p);
    std::vector<py::array> lo, hi;
    std::vector<output_column> out(outputs.size());
    for (std::size_t o = 0; o < outputs.size(); ++o) {
        const element_type type = output_element(p.rules().type_of(outputs[o]));
        lo.push_back(new_array(type, rows));
        hi.push_back(new_array(type, rows));
        if (rows > 0) out[o] = {type, lo[o].mutable_data(), hi[o].mutable_data()};  // an empty frame (Dask's meta) writes nothing
    }
    py::array_t<std::uint8_t> status(static_cast<py::ssize_t>(rows));
    batch_summary summary;
    {
        py::gil_scoped_release release;
        summary = evaluate_batch(p, rows, columns, out, reinterpret_cast<row_status*>(status.mutable_data()), {threads});
    }
    auto determined = new_mask(rows), determined_na = new_mask(rows);
    for (std::size_t r = 0; r < rows; ++r) {
        ok[r] = ok[r] & static_cast<std::uint8_t>(status.data()[r] != static_cast<std::uint8_t>(row_status::error));
        determined.mutable_data()[r] = ok[r] != 0 && status.data()[r] == static_cast<std::uint8_t>(row_status::determined);
        determined_na.mutable_data()[r] = ok[r] == 0;
    }

    py::list results;
    for (std::size_t o = 0; o < outputs.size(); ++o) {
        const type_info& t = p.rules().type_of(outputs[o]);
        const element_type type = output_element(t);
        py::array value = ranges ? new_array(type, rows) : lo[o];  // without ranges the value overwrites lo
        auto value_na = new_mask(rows);
        py::object lo_na = py::none(), hi_na = py::none();
        with_type(type, [&]<class T>(T) {
            const T offset = t.kind == type_kind::enumeration ? static_cast<T>(t.lo) : T{0};
            const T none = t.kind == type_kind::enumeration ? T{-1} : T{0};
            auto* low = static_cast<T*>(lo[o].mutable_data());
            auto* high = static_cast<T*>(hi[o].mutable_data());
            auto* v = static_cast<T*>(value.mutable_data());
            if (v != low) std::copy_n(low, rows, v);
            finish_value<T>(ok.data(), rows, v, high, value_na.mutable_data(), offset, none);
            if (!ranges) return;
            auto low_na = new_mask(rows), high_na = new_mask(rows);
            finish_bound<T>(ok.data(), rows, low, low_na.mutable_data(), offset, none);
            finish_bound<T>(ok.data(), rows, high, high_na.mutable_data(), offset, none);
            lo_na = low_na, hi_na = high_na;
        });
        const std::string& name = p.rules().symbols[outputs[o]].name;
        if (ranges) results.append(py::make_tuple(name, value, value_na, lo[o], lo_na, hi[o], hi_na));
        else results.append(py::make_tuple(name, value, value_na, py::none(), py::none(), py::none(), py::none()));
    }
    py::list problems;
    for (const input_error& e : summary.problems) problems.append(py::make_tuple(e.row - 1, e.field, e.message));
    return py::make_tuple(results, determined, determined_na, problems);
}

}  // namespace

void init_batch(py::module_& m) {
    m.def("evaluate_columns", &evaluate_columns, py::arg("rules"), py::arg("values"), py::arg("valid"),
          py::arg("bad") = py::none(), py::arg("threads") = 0u, py::arg("ranges") = false);
}

}  // namespace trappe::python
