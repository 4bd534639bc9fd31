"""DataFrames in, DataFrames out: columnar evaluation of a population."""

import numpy as np
import pandas as pd

from . import _trappe

_EPOCH = np.datetime64("1970-01-01", "D")


class _Column:
    """One input converted for the native batch path: values, validity, row problems."""

    def __init__(self, values, valid, problems):
        self.values, self.valid, self.problems = values, valid, problems


def _converted_column(rules, series, info):
    """Element-wise conversion by the native module, with the profile readers' text
    rules and the one input check, so a bad cell is worded as in a file or a dict.
    None, NaN, <NA>, NaT, "" and "ikke_vurderet" mean not assessed."""
    cells = series.to_numpy(dtype=object, na_value=None).tolist()
    values, valid, problems = _trappe.convert_column(rules._native, info["name"], cells)
    return _Column(values, valid, problems)


def _integer_column(rules, series, info):
    """Levels, integers and booleans. NumPy integer/bool columns are passed without copying."""
    lo = info["lo"]
    dtype = series.dtype
    names = info["values"]
    if isinstance(dtype, pd.CategoricalDtype) and all(isinstance(c, str) and c in names for c in dtype.categories):
        # Categories by name: map the codes, vectorized; -1 (NaN) = not assessed.
        ordinal = np.array([lo + names.index(c) for c in dtype.categories] + [lo], dtype=np.int64)
        codes = series.cat.codes.to_numpy()
        return _Column(ordinal[codes], (codes >= 0).view(np.uint8).copy(), {})
    if isinstance(dtype, pd.CategoricalDtype) or dtype == object or pd.api.types.is_string_dtype(dtype):
        return _converted_column(rules, series, info)
    if isinstance(series.array, (pd.arrays.IntegerArray, pd.arrays.BooleanArray)):
        data, mask = series.array._data, series.array._mask  # nullable dtypes: NA = not assessed
        values, valid = np.ascontiguousarray(data), (~mask).view(np.uint8)
    elif pd.api.types.is_float_dtype(dtype):
        raw = series.to_numpy()
        valid = (~np.isnan(raw)).view(np.uint8)
        finite = np.nan_to_num(raw)
        bad = (valid == 1) & (finite != np.floor(finite))
        # Clipped well beyond every input's range before the cast, which would overflow:
        # the native check then reports huge values out of range.
        values = np.clip(finite, -(2.0**62), 2.0**62).astype(np.int64)
        problems = {int(i): "not a whole number" for i in np.flatnonzero(bad)}
        values[bad] = lo
        return _Column(values, np.ascontiguousarray(valid), problems)
    elif pd.api.types.is_integer_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
        values, valid = series.to_numpy(), None  # zero-copy for NumPy-backed columns
    else:
        raise TypeError(f"column '{info['name']}' has dtype {dtype}, which cannot hold {info['type_name']}")
    if values.dtype == np.uint64:
        # Saturate rather than wrap around, so 2**64 - 1 is out of range, not -1.
        values = np.minimum(values, np.uint64(np.iinfo(np.int64).max)).astype(np.int64)
    # Out-of-range values are reported by the native path, by row and field.
    return _Column(np.ascontiguousarray(values), valid, {})


def _date_column(rules, series, info):
    dtype = series.dtype
    if pd.api.types.is_datetime64_any_dtype(dtype):
        days = series.to_numpy(dtype="datetime64[D]")
        valid = (~np.isnat(days)).view(np.uint8)
        values = np.where(np.isnat(days), _EPOCH, days).astype("datetime64[D]").astype(np.int64)
        # Day numbers are int32: saturate rather than wrap; the native check reports the range.
        values = np.clip(values, np.iinfo(np.int32).min, np.iinfo(np.int32).max).astype(np.int32)
        return _Column(np.ascontiguousarray(values), np.ascontiguousarray(valid), {})
    col = _converted_column(rules, series, info)
    col.values = col.values.astype(np.int32)  # checked: within the input date range
    return col


def _output_series(info, lo, hi, ok, index):
    """A typed column: the value where determined, <NA> elsewhere."""
    kind, names = info["type"], info["values"]
    if kind == "bool":
        return pd.Series(pd.arrays.BooleanArray(lo.astype(bool), ~ok), index=index)
    if kind == "enum":
        codes = np.where(ok, lo - info["lo"], -1)
        return pd.Series(pd.Categorical.from_codes(codes, categories=names, ordered=True), index=index)
    if kind == "date":
        values = (lo.astype("datetime64[D]")).astype("datetime64[ns]")
        return pd.Series(np.where(ok, values, np.datetime64("NaT")), index=index)
    width = np.int8 if kind == "level" else np.int64
    return pd.Series(pd.arrays.IntegerArray(np.where(ok, lo, 0).astype(width), ~ok), index=index)


def row_to_profile(row):
    """One DataFrame row as the dict ``RuleSet.evaluate`` takes (NA -> None, dates as text)."""
    out = {}
    for key, v in row.items():
        if v is None or v is pd.NA or (not isinstance(v, str) and pd.isna(v)):
            out[key] = None
        elif hasattr(v, "strftime"):
            out[key] = v.strftime("%Y-%m-%d")
        elif isinstance(v, (bool, np.bool_)):
            out[key] = bool(v)
        elif isinstance(v, (int, np.integer)):
            out[key] = int(v)
        else:
            out[key] = v
    return out


def evaluate_frame(rules, df, threads=0, ranges=False):
    """Evaluate every row of ``df`` on all cores (the GIL is released).

    Columns are the profile's fields (see ``rules.inputs``). "Ikke vurderet" is NaN,
    None, pandas <NA> (nullable ``Int8``/``boolean`` dtypes), an empty string or
    ``"ikke_vurderet"``. NumPy integer and bool columns are read without copying.
    Levels may be numbers or names, enums names (or an ordered Categorical), dates
    ``datetime64`` or ``"YYYY-MM-DD"`` text.

    Returns a DataFrame with the same index: ``borger_id`` when present, one typed
    column per output (``<NA>`` where undetermined or in error), ``determined``,
    and ``error`` (None, or "field 'x': problem" for a bad row; the other rows are
    still evaluated). With ``ranges=True`` also ``<output>_min``/``<output>_max``.

    A missing column raises KeyError, and an unknown or duplicated one ValueError
    (a typo should not pass silently, nor should one of two values win); a column
    whose dtype cannot hold its type raises TypeError.
    """
    inputs = rules.inputs
    names = {i["name"] for i in inputs}
    duplicated = sorted({str(c) for c in df.columns[df.columns.duplicated()]})
    if duplicated:
        raise ValueError(f"duplicated column(s): {', '.join(duplicated)}")
    unknown = [c for c in df.columns if c not in names]
    if unknown:
        raise ValueError(f"unknown field(s): {', '.join(map(str, unknown))}")
    values, valid, problems = [], [], {}
    for info in inputs:
        name = info["name"]
        if name not in df.columns:
            raise KeyError(f"missing field '{name}' (use NaN/None for ikke vurderet)")
        if info["type"] == "string":
            values.append(None)
            valid.append(None)
            continue
        convert = _date_column if info["type"] == "date" else _integer_column
        col = convert(rules, df[name], info)
        for row, message in col.problems.items():
            problems.setdefault(row, f"field '{name}': {message}")
        values.append(col.values)
        valid.append(col.valid)
    output_names, lo, hi, status, native_problems = _trappe.evaluate_columns(rules._native, values, valid, threads)
    for row, field, message in native_problems:
        problems.setdefault(row, f"field '{field}': {message}")

    n = len(df)
    ok = status != 2
    error = np.full(n, None, dtype=object)
    for row, message in problems.items():
        error[row] = message
        ok[row] = False
    determined_rows = (status == 0) & ok
    out = {}
    if "borger_id" in df.columns:
        out["borger_id"] = df["borger_id"].to_numpy()
    by_name = {o["name"]: o for o in rules.outputs}
    for k, name in enumerate(output_names):
        row_ok = ok & (lo[k] == hi[k])
        out[name] = _output_series(by_name[name], lo[k], hi[k], row_ok, df.index)
        if ranges:
            out[name + "_min"] = _output_series(by_name[name], lo[k], lo[k], ok, df.index)
            out[name + "_max"] = _output_series(by_name[name], hi[k], hi[k], ok, df.index)
    out["determined"] = pd.Series(pd.arrays.BooleanArray(determined_rows, ~ok), index=df.index)
    out["error"] = pd.Series(error, index=df.index, dtype=object)
    return pd.DataFrame(out, index=df.index)
