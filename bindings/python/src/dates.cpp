// datetime64 columns as day numbers (days since 1970-01-01, like day_number), in
// one pass over the column: the vectorised step of evaluate_frame's date inputs.

#include <pybind11/numpy.h>

#include <algorithm>
#include <limits>

#include "handles.hpp"

namespace py = pybind11;

namespace trappe::python {
namespace {

// NaT is INT64_MIN in every unit.
constexpr std::int64_t not_a_time = std::numeric_limits<std::int64_t>::min();

// Day numbers of n ticks, TicksPerDay a constant so the division is a multiplication.
template <std::int64_t TicksPerDay>
void to_days(const std::int64_t* __restrict in, std::int32_t* __restrict out, std::uint8_t* __restrict ok, std::size_t n) {
    constexpr std::int64_t lowest = std::numeric_limits<std::int32_t>::min(), highest = std::numeric_limits<std::int32_t>::max();
    for (std::size_t r = 0; r < n; ++r) {
        const std::int64_t t = in[r];
        std::int64_t d = t / TicksPerDay;
        d -= static_cast<std::int64_t>((d * TicksPerDay != t) & (t < 0));  // floor: 1969-12-31T23:00 is day -1
        ok[r] = t != not_a_time;
        // Days beyond int32 saturate, so the input check reports them out of range instead of wrapping.
        out[r] = t != not_a_time ? static_cast<std::int32_t>(std::clamp(d, lowest, highest)) : 0;
    }
}

// The days of n ticks of `ticks_per_day` each; false for a unit it does not know.
bool ticks_to_days(const std::int64_t* in, std::int32_t* out, std::uint8_t* ok, std::size_t n, std::int64_t ticks_per_day) {
    constexpr std::int64_t day = 86'400;
    switch (ticks_per_day) {
        case 1: to_days<1>(in, out, ok, n); return true;
        case 24: to_days<24>(in, out, ok, n); return true;
        case 1'440: to_days<1'440>(in, out, ok, n); return true;
        case day: to_days<day>(in, out, ok, n); return true;
        case day * 1'000: to_days<day * 1'000>(in, out, ok, n); return true;
        case day * 1'000'000: to_days<day * 1'000'000>(in, out, ok, n); return true;
        case day * 1'000'000'000: to_days<day * 1'000'000'000>(in, out, ok, n); return true;
        default: return false;
    }
}

// ticks: a datetime64 column viewed as int64; ticks_per_day: 1 for [D], 86400 for
// [s], 86400e9 for [ns] (the units NumPy has between days and nanoseconds).
// Returns (days int32, valid uint8).
py::tuple day_numbers(const py::array_t<std::int64_t, py::array::c_style>& ticks, std::int64_t ticks_per_day) {
    if (ticks.ndim() != 1) throw py::value_error("day_numbers: a one-dimensional column");
    const auto n = static_cast<std::size_t>(ticks.shape(0));
    py::array_t<std::int32_t> days(static_cast<py::ssize_t>(n));
    py::array_t<std::uint8_t> valid(static_cast<py::ssize_t>(n));
    bool known;
    {
        py::gil_scoped_release release;
        known = ticks_to_days(ticks.data(), days.mutable_data(), valid.mutable_data(), n, ticks_per_day);
    }
    if (!known) throw py::value_error("day_numbers: ticks_per_day of a unit from days to nanoseconds");
    return py::make_tuple(days, valid);
}

}  // namespace

void init_dates(py::module_& m) {
    m.def("day_numbers", &day_numbers, py::arg("ticks"), py::arg("ticks_per_day"));
}

}  // namespace trappe::python
