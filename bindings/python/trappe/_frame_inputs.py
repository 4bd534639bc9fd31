"""DataFrame columns as the engine's input columns, without a Python loop over rows.

Typed columns take a vectorised path: NumPy integer and bool arrays are passed as
they are (no copy), nullable ``Int8``…``Int64``/``boolean`` as their values and
mask, ``datetime64`` as day numbers in one native pass, Categoricals through a
table from category to value. Object and string columns fall back to the native
converter cell by cell (correct, slower).
"""

import numpy as np
import pandas as pd

from . import _trappe

# Ticks per day of the datetime64 units the native pass reads directly.
_TICKS_PER_DAY = {"D": 1, "h": 24, "m": 1440, "s": 86_400, "ms": 86_400_000, "us": 86_400_000_000,
                  "ns": 86_400_000_000_000}
# NumPy's unsigned types, widened so the engine does not read 200 (uint8) as -56.
_SIGNED = {np.dtype(np.uint8): np.int16, np.dtype(np.uint16): np.int32, np.dtype(np.uint32): np.int64}


class InputColumn:
    """One input for the native batch path: values, validity (uint8 or None), and
    problems found here ({row: message}, never naming the value)."""

    def __init__(self, values, valid=None, problems=None):
        self.values, self.valid, self.problems = values, valid, problems or {}


def _converted(rules, series, info):
    """Element-wise conversion by the native module, with the profile readers' text
    rules and the one input check, so a bad cell is worded as in a file or a dict.
    None, NaN, <NA>, NaT, "" and "ikke_vurderet" mean not assessed."""
    cells = series.to_numpy(dtype=object, na_value=None).tolist()
    values, valid, problems = _trappe.convert_column(rules._native, info["name"], cells)
    return InputColumn(values, valid, problems)


def _narrow(table):
    """The table in the narrowest signed type that holds it, so the gathered column is small."""
    for dtype in (np.int8, np.int16, np.int32):
        info = np.iinfo(dtype)
        if table.size == 0 or (table.min() >= info.min and table.max() <= info.max):
            return table.astype(dtype)
    return table


def _categorical(rules, series, info):
    """Each category converted once (by the same rules as a cell), then every row
    through the table by its code; code -1 (NaN) is the last entry, not assessed."""
    categories = series.cat.categories.to_numpy(dtype=object).tolist()
    values, valid, problems = _trappe.convert_column(rules._native, info["name"], categories + [None])
    codes = series.cat.codes.to_numpy()
    row_problems = {}
    for category, message in problems.items():
        code = -1 if category == len(categories) else category
        for row in np.flatnonzero(codes == code):
            row_problems[int(row)] = message
    return InputColumn(_narrow(values)[codes], valid[codes], row_problems)


def _nullable(series):
    """Nullable Int*/UInt*/boolean: the values array as it is, <NA> from the mask."""
    array = series.array
    values = np.ascontiguousarray(array._data)  # pandas' own buffer: no copy unless sliced
    return InputColumn(_signed(values), np.logical_not(array._mask).view(np.uint8))


def _signed(values):
    """Unsigned values as a signed type the engine reads (signed ones unchanged, no copy)."""
    if values.dtype == np.uint64:
        # Saturate rather than wrap around, so 2**64 - 1 is out of range, not -1.
        return np.minimum(values, np.uint64(np.iinfo(np.int64).max)).astype(np.int64)
    widened = _SIGNED.get(values.dtype)
    return values.astype(widened) if widened else values


def _floats(series, info):
    """Floats, as pandas makes them from JSON with nulls: NaN is not assessed, a
    fraction is a problem for its row. One native pass."""
    raw = np.ascontiguousarray(series.to_numpy(dtype=np.float64))
    values, valid, fractions = _trappe.whole_numbers(raw, info["lo"], info["hi"])
    return InputColumn(values, valid, {int(i): "not a whole number" for i in fractions})


def _dates(series):
    """datetime64 (any unit, or tz-aware) as day numbers since 1970-01-01, NaT not assessed."""
    raw = series.to_numpy()
    if raw.dtype.kind != "M" or np.datetime_data(raw.dtype) not in {(u, 1) for u in _TICKS_PER_DAY}:
        raw = series.to_numpy(dtype="datetime64[D]")  # weeks, months, tz-aware: NumPy converts first
    unit, _ = np.datetime_data(raw.dtype)
    days, valid = _trappe.day_numbers(np.ascontiguousarray(raw).view(np.int64), _TICKS_PER_DAY[unit])
    return InputColumn(days, valid)


def _is_text(dtype):
    return dtype == object or pd.api.types.is_string_dtype(dtype)


def input_column(rules, series, info):
    """The engine's column for input ``info`` (from ``rules.inputs``); TypeError when
    the dtype cannot hold the input's type."""
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return _categorical(rules, series, info)
    if _is_text(dtype):
        return _converted(rules, series, info)
    if info["type"] == "date":
        if pd.api.types.is_datetime64_any_dtype(dtype):
            return _dates(series)
        return _converted(rules, series, info)  # numbers are no dates: worded per row as in a dict
    if isinstance(series.array, (pd.arrays.IntegerArray, pd.arrays.BooleanArray)):
        return _nullable(series)
    if pd.api.types.is_float_dtype(dtype):
        return _floats(series, info)
    if pd.api.types.is_integer_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
        return InputColumn(_signed(np.ascontiguousarray(series.to_numpy())))  # NumPy-backed: no copy
    raise TypeError(f"column '{info['name']}' has dtype {dtype}, which cannot hold {info['type_name']}")
