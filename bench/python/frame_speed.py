"""evaluate_frame on typed columns against the hand-vectorised NumPy/pandas policy,
in one run, with the ratio (issue 10's target: at least 3x).

    PYTHONPATH=build/python python3 bench/python/frame_speed.py [rows] [repeats]

The population is ``trappe.synthetic_population`` made fully assessed and typed as
a notebook user would (``fillna`` and ``astype``), since the hand-written policy
has no "ikke vurderet" semantics. The same data is then given to evaluate_frame
in each family of dtypes: plain NumPy, nullable pandas, float64 (what pandas makes
from JSON with nulls) and object text (the slow fallback). Every variant's outputs
are checked against the baseline's. The baseline is timed twice: with the calendar
arithmetic in pandas (bench/python/numpy_baseline.py as it is) and in NumPy's
datetime64[M] (faster). All are timed alternately, so a load from other processes
falls on each; the best of each is reported.
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


BASELINES = {"NumPy/pandas baseline (pandas calendar)": baseline.PandasCalendar,
             "NumPy/pandas baseline (NumPy calendar)": baseline.NumpyCalendar}


def main(rows=1_000_000, repeats=5):
    """Prints every time and the ratios; returns {variant: ratio against the slower-calendar baseline}."""
    rules = trappe.load(HERE.parents[1] / "rules" / "roskilde-2025")
    df = baseline.population(rows, seed=2025)
    frames = dict(variants(df))
    best = {label: np.inf for label in [*BASELINES, *frames]}
    expected = None
    for repeat in range(repeats):
        for label, calendar in BASELINES.items():
            t, result = time_once(lambda: baseline.baseline(df, calendar))
            best[label] = min(best[label], t)
            if expected is None:
                expected = result
            baseline.check_identical(expected, result)
        for label, frame in frames.items():
            if "fallback" in label and repeat > 0:
                continue  # seconds per run: once is enough
            t, actual = time_once(lambda: rules.evaluate_frame(frame))
            best[label] = min(best[label], t)
            if repeat == 0:
                baseline.check_identical(expected, actual)
    print(f"{rows} rows, best of {repeats}, timed alternately, identical outputs")
    for label, t in best.items():
        what = label if label in BASELINES else f"trappe evaluate_frame, {label}"
        print(f"  {what}: {t:.3f} s ({rows / t / 1e6:.2f} M rows/s)")
    ratios = {}
    for label in frames:
        against = [f"{best[b] / best[label]:.1f}x" for b in BASELINES]
        ratios[label] = best[next(iter(BASELINES))] / best[label]
        print(f"ratio, {label}: trappe is {' / '.join(against)} faster (pandas / NumPy calendar)")
    return ratios


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
