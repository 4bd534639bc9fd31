"""DataFrames in, DataFrames out: columnar evaluation of a population."""

import numpy as np
import pandas as pd

from . import _trappe
from ._frame_inputs import input_column


def _output_array(info, values, na):
    """A pandas array over the engine's buffers (no copy): ``na`` marks <NA>."""
    kind = info["type"]
    if kind == "bool":
        return pd.arrays.BooleanArray(values.view(np.bool_), na)
    if kind == "enum":  # values are codes, -1 where <NA>
        return pd.Categorical.from_codes(values, dtype=pd.CategoricalDtype(info["values"], ordered=True))
    if kind == "date":  # pandas holds only nanoseconds: one conversion
        days = values.astype("datetime64[D]").astype("datetime64[ns]")
        days[na] = np.datetime64("NaT")
        return days
    return pd.arrays.IntegerArray(values, na)


def _input_columns(rules, df):
    """The engine's input columns in the order of ``rules.inputs`` and the problems
    found while converting ({row: message})."""
    values, valid, problems = [], [], {}
    for info in rules.inputs:
        name = info["name"]
        if name not in df.columns:
            raise KeyError(f"missing field '{name}' (use NaN/None for ikke vurderet)")
        if info["type"] == "string":  # pass-through text (borger_id) is not read by the engine
            values.append(None)
            valid.append(None)
            continue
        col = input_column(rules, df[name], info)
        for row, message in col.problems.items():
            problems.setdefault(row, f"field '{name}': {message}")
        values.append(col.values)
        valid.append(col.valid)
    return values, valid, problems


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
        elif isinstance(v, (float, np.floating)) and float(v).is_integer():
            out[key] = int(v)  # a whole float, as pandas makes from JSON with nulls, read as evaluate_frame reads it
        else:
            out[key] = v
    return out


def evaluate_frame(rules, df, threads=0, ranges=False):
    """Evaluate every row of ``df`` on all cores (the GIL is released).

    Columns are the profile's fields (see ``rules.inputs``). "Ikke vurderet" is NaN,
    None, pandas <NA> (nullable ``Int8``/``boolean`` dtypes), an empty string or
    ``"ikke_vurderet"``. Levels may be numbers or names, enums names (or a
    Categorical), dates ``datetime64`` or ``"YYYY-MM-DD"`` text. Typed columns take
    no Python loop over rows (see ``trappe._frame_inputs``): NumPy integer and bool
    columns and the values of nullable ``Int8``/``boolean`` columns are read
    without copying; object columns are converted cell by cell.

    Returns a DataFrame with the same index: the text outputs that are inputs
    (``borger_id``) as they were given, one typed
    column per output (``<NA>`` where undetermined or in error), ``determined``,
    and ``error`` (None, or "field 'x': problem" for a bad row; the other rows are
    still evaluated). With ``ranges=True`` also ``<output>_min``/``<output>_max``.
    Output columns wrap the engine's buffers without copying (dates excepted).

    A missing column raises KeyError, and an unknown or duplicated one ValueError
    (a typo should not pass silently, nor should one of two values win); a column
    whose dtype cannot hold its type raises TypeError.
    """
    names = {i["name"] for i in rules.inputs}
    duplicated = sorted({str(c) for c in df.columns[df.columns.duplicated()]})
    if duplicated:
        raise ValueError(f"duplicated column(s): {', '.join(duplicated)}")
    ignored = set(rules.ignored_fields)
    unknown = [c for c in df.columns if c not in names and c not in ignored]
    if unknown:
        raise ValueError(f"unknown field(s): {', '.join(map(str, unknown))}")
    values, valid, problems = _input_columns(rules, df)
    bad = None
    if problems:
        bad = np.zeros(len(df), dtype=np.uint8)
        bad[list(problems)] = 1
    outputs, determined, determined_na, native_problems = _trappe.evaluate_columns(
        rules._native, values, valid, bad, threads, ranges)
    for row, field, message in native_problems:
        problems.setdefault(row, f"field '{field}': {message}")

    error = np.full(len(df), None, dtype=object)
    for row, message in problems.items():
        error[row] = message
    # Text outputs that are inputs (borger_id) are reattached by index as they are:
    # the engine never reads them, and nothing is converted.
    out = {o["name"]: df[o["name"]] for o in rules.outputs if o["type"] == "string" and o["name"] in df.columns}
    by_name = {o["name"]: o for o in rules.outputs}
    for name, value, value_na, low, low_na, high, high_na in outputs:
        info = by_name[name]
        out[name] = _output_array(info, value, value_na)
        if ranges:
            out[name + "_min"] = _output_array(info, low, low_na)
            out[name + "_max"] = _output_array(info, high, high_na)
    out["determined"] = pd.arrays.BooleanArray(determined, determined_na)
    out["error"] = pd.Series(error, index=df.index, dtype=object)  # a Series: pandas infers nothing
    # copy=False: pandas would otherwise copy every output (a dict's default).
    return pd.DataFrame(out, index=df.index, copy=False)
