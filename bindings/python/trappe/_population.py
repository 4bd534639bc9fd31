"""Synthetic populations from the C++ generator (see docs/population.md)."""

import numpy as np
import pandas as pd

from . import _trappe


def synthetic_population(n, seed=1):
    """A DataFrame of ``n`` made-up VUM profiles, deterministic per ``seed``.

    Levels are nullable ``Int8``, facts nullable ``boolean``, the caseworker's
    judgement an ordered Categorical, dates ``datetime64``; <NA> means ikke vurderet
    (about 20% of rows have 1-3 such items, and most rows no judgement).

    >>> df = trappe.synthetic_population(20_000, seed=1)
    """
    columns = _trappe.synthetic_columns(int(n), int(seed))
    out = {"borger_id": columns.pop("borger_id")}
    for name, (values, valid, kind) in columns.items():
        missing = valid == 0
        if kind == "date":
            days = values.astype("datetime64[D]").astype("datetime64[ns]")
            out[name] = pd.Series(days)
        elif kind == "level":
            out[name] = pd.arrays.IntegerArray(values.astype(np.int8), missing)
        elif kind == "bool":
            out[name] = pd.arrays.BooleanArray(values.astype(bool), missing)
        else:
            codes = np.where(missing, -1, values.astype(np.int64))
            out[name] = pd.Categorical.from_codes(
                codes, categories=["intet", "let", "moderat", "hoejt", "fuldstaendigt"], ordered=True)
    return pd.DataFrame(out)
