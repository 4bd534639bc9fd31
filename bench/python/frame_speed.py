"""evaluate_frame on typed columns against the hand-vectorised NumPy/pandas policy,
in one run, with the ratio (issue 10's target: at least 3x).

    PYTHONPATH=build/python python3 bench/python/frame_speed.py [rows] [repeats]

The population is ``trappe.synthetic_population`` made fully assessed and typed as
a notebook user would (``fillna`` and ``astype``), since the hand-written policy
has no "ikke vurderet" semantics. The same data is then given to evaluate_frame
in each family of dtypes: plain NumPy, nullable pandas, float64 (what pandas makes
from JSON with nulls) and object text (the slow fallback). Every variant's outputs
are checked against the baseline's. The two are timed alternately, so a load from
other processes falls on both; the best of each is reported.
"""

import importlib.util
import pathlib
import sys
import time

import numpy as np

import trappe

HERE = pathlib.Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("numpy_baseline", HERE / "numpy_baseline.py")
baseline = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(baseline)


def variants(df):
    """The same population in each family of dtypes."""
    levels, facts = baseline.LEVELS, [c for c in df.columns if df[c].dtype == bool]
    dates = ["foedselsdato", "vurderingsdato"]
    yield "numpy int8/bool, Categorical, datetime64[ns]", df
    yield "nullable Int8/boolean", df.astype({**{c: "Int8" for c in levels}, **{c: "boolean" for c in facts}})
    yield "float64 (JSON with nulls)", df.astype({c: float for c in levels + facts})
    text = df.astype({c: str for c in levels}).astype({c: object for c in facts + ["stoettebehov_vurderet"]})
    for c in dates:
        text[c] = df[c].dt.strftime("%Y-%m-%d")
    yield "object text (fallback)", text


def time_once(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main(rows=1_000_000, repeats=5):
    rules = trappe.load(HERE.parents[1] / "rules" / "roskilde-2025")
    df = baseline.population(rows, seed=2025)
    print(f"{rows} rows, best of {repeats}, timed alternately")
    t_numpy, expected = np.inf, None
    ratios = {}
    for label, frame in variants(df):
        t_frame = np.inf
        for _ in range(repeats if "fallback" not in label else 1):
            t, expected = time_once(lambda: baseline.baseline(df))
            t_numpy = min(t_numpy, t)
            t, actual = time_once(lambda: rules.evaluate_frame(frame))
            t_frame = min(t_frame, t)
        baseline.check_identical(expected, actual)
        ratios[label] = t_numpy / t_frame
        print(f"  evaluate_frame, {label}: {t_frame:.3f} s ({rows / t_frame / 1e6:.2f} M rows/s)")
    print(f"numpy/pandas baseline: {t_numpy:.3f} s ({rows / t_numpy / 1e6:.2f} M rows/s)")
    for label, ratio in ratios.items():
        print(f"ratio, {label}: trappe is {ratio:.1f}x faster")
    return ratios


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
