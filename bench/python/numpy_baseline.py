"""The Roskilde 2025 policy vectorized by hand with NumPy/pandas, as an analyst would,
timed against Trappe's batch path on the same population, in one run.

    PYTHONPATH=build/python python3 bench/python/numpy_baseline.py [rows] [repeats]

The population has every theme and fact assessed (a hand-written version has no
"ikke vurderet" semantics), while most citizens have no caseworker judgement, as in
the synthetic population. The script checks that both give identical outputs, then
prints the best time of each and the ratio.
"""

import pathlib
import sys
import time

import numpy as np
import pandas as pd

import trappe

ROOT = pathlib.Path(__file__).resolve().parents[2]
LEVELS = ["praktiske_opgaver", "egenomsorg", "kommunikation", "mobilitet", "samfundsliv", "relationer"]
STOETTEBEHOV = ["intet", "let", "moderat", "hoejt", "fuldstaendigt"]
INTET, LET, MODERAT, HOEJT, FULD = range(5)
# lov om social pension § 1 a, in months, by birth date: (first birth date of the cohort, months)
PENSION = [("1900-01-01", 780), ("1954-01-01", 786), ("1954-07-01", 792), ("1955-01-01", 798),
           ("1955-07-01", 804), ("1963-01-01", 816), ("1967-01-01", 828), ("1971-01-01", 840)]


def population(rows, seed):
    df = trappe.synthetic_population(rows, seed)
    for name in LEVELS:
        df[name] = df[name].fillna(0).astype(np.int8)
    for name in df.columns:
        if str(df[name].dtype) == "boolean":
            df[name] = df[name].fillna(False).astype(bool)
    return df


class PandasCalendar:
    """Dates as an analyst first writes them: pandas date parts and to_datetime."""

    @staticmethod
    def parts(dates):
        return dates.dt.year.to_numpy(), dates.dt.month.to_numpy(), dates.dt.day.to_numpy()

    @staticmethod
    def last_day(year, month):
        first = pd.to_datetime(pd.DataFrame({"year": year, "month": month, "day": 1}))
        return (first + pd.offsets.MonthEnd(0)).dt.day.to_numpy()

    @staticmethod
    def date(year, month, day):
        return pd.to_datetime(pd.DataFrame({"year": year, "month": month, "day": day})).to_numpy()


class NumpyCalendar:
    """The same with NumPy's datetime64[M] arithmetic: no pandas in the calendar, faster."""

    @staticmethod
    def parts(dates):
        days = dates.to_numpy().astype("datetime64[D]")
        months = days.astype("datetime64[M]")
        index = months.astype(np.int64)
        return index // 12 + 1970, index % 12 + 1, (days - months.astype("datetime64[D]")).astype(np.int64) + 1

    @staticmethod
    def _month(year, month):
        return ((year - 1970) * 12 + month - 1).astype("datetime64[M]")

    @classmethod
    def last_day(cls, year, month):
        first = cls._month(year, month)
        return ((first + 1).astype("datetime64[D]") - first.astype("datetime64[D]")).astype(np.int64)

    @classmethod
    def date(cls, year, month, day):
        return (cls._month(year, month).astype("datetime64[D]") + (day - 1)).astype("datetime64[ns]")


def add_months(year, month, day, months, calendar):
    """Calendar month arithmetic with the day clamped to the month's end."""
    index = year * 12 + (month - 1) + months
    y, m = index // 12, index % 12 + 1
    return calendar.date(y, m, np.minimum(day, calendar.last_day(y, m)))


def baseline(df, calendar=PandasCalendar):
    birth, assessed = df["foedselsdato"], df["vurderingsdato"]
    by, bm, bd = calendar.parts(birth)
    ay, am, ad = calendar.parts(assessed)
    # Age in whole years; a birthday on 29 February falls on 28 February in common years.
    birthday = np.minimum(bd, calendar.last_day(ay, bm))
    alder = ay - by - ((am < bm) | ((am == bm) & (ad < birthday)))
    voksen = alder >= 18
    starts = np.array([np.datetime64(d) for d, _ in PENSION]).astype("datetime64[ns]")
    months = np.array([m for _, m in PENSION])[np.searchsorted(starts, birth.to_numpy(), side="right") - 1]
    under_pension = assessed.to_numpy() < add_months(by, bm, bd, months, calendar)

    levels = np.stack([df[name].to_numpy() for name in LEVELS])
    p, e, s, r = (df[n].to_numpy() for n in ["praktiske_opgaver", "egenomsorg", "samfundsliv", "relationer"])
    hoejeste, daglig = levels.max(axis=0), np.maximum(p, e)
    antal_let, antal_moderat, antal_svaer = (levels >= 1).sum(0), (levels >= 2).sum(0), (levels >= 3).sum(0)
    beregnet = np.select(
        [daglig == 4, antal_svaer >= 3, hoejeste >= 3, antal_moderat >= 3, hoejeste == 2, antal_let >= 3, hoejeste == 1],
        [FULD, FULD, HOEJT, HOEJT, MODERAT, MODERAT, LET], INTET)
    judged = df["stoettebehov_vurderet"].cat.codes.to_numpy()
    stoettebehov = np.where(judged >= 0, judged, beregnet)

    f = {n: df[n].to_numpy() for n in df.columns if df[n].dtype == bool}
    fysisk_psykisk = f["fysisk_funktionsnedsaettelse"] | f["psykisk_funktionsnedsaettelse"]
    betydelig = fysisk_psykisk & (hoejeste >= 2)
    maalgruppe = betydelig | f["saerlige_sociale_problemer"]
    out = {}
    out["sel_82b"] = voksen & (fysisk_psykisk | f["saerlige_sociale_problemer"]) & np.isin(stoettebehov, [LET, MODERAT])
    out["sel_85"] = voksen & maalgruppe & (stoettebehov >= MODERAT)
    out["sel_97"] = (voksen & under_pension & ~f["kan_faerdes_alene"] & f["varig_funktionsnedsaettelse"] & betydelig)
    out["sel_99"] = voksen & (f["sindslidelse"] | f["misbrug"] | (f["saerlige_sociale_problemer"] & f["hjemloeshed"]))
    out["sel_103"] = (voksen & under_pension & maalgruppe & ~f["kan_arbejde_paa_normale_vilkaar"]
                      & ~f["kan_benytte_beskaeftigelsestilbud"] & f["har_arbejdsevne"])
    out["sel_104"] = voksen & maalgruppe & (stoettebehov >= MODERAT) & ((r >= 2) | (s >= 2))
    heavy = (daglig >= 3) | f["behov_for_pleje_eller_behandling"]
    out["sel_107"] = voksen & maalgruppe & (stoettebehov >= HOEJT) & heavy
    out["sel_108"] = voksen & fysisk_psykisk & f["varig_funktionsnedsaettelse"] & (stoettebehov == FULD) & heavy
    dag = out["sel_104"] | out["sel_103"]
    hjem = out["sel_85"] & ((p >= 2) | (e >= 2) | (s >= 2))
    lower = np.where(hjem, 3, np.where(dag, 2, 1))
    trin = np.select([stoettebehov == INTET, stoettebehov == LET, stoettebehov == MODERAT, stoettebehov == HOEJT],
                     [0, 1, lower, np.where(out["sel_107"], 4, lower)],
                     np.where(out["sel_108"], 5, np.where(out["sel_107"], 4, lower)))
    result = pd.DataFrame({"trin": trin, "stoettebehov": pd.Categorical.from_codes(stoettebehov, STOETTEBEHOV, ordered=True),
                           "stoettebehov_beregnet": pd.Categorical.from_codes(beregnet, STOETTEBEHOV, ordered=True),
                           **out, "dag": dag, "hjem": hjem}, index=df.index)
    return result


def check_identical(expected, actual):
    """SystemExit naming the first output column that differs."""
    for name in expected.columns:
        a = actual[name].astype(object).to_numpy()
        b = expected[name].astype(object).to_numpy()
        mismatches = int((a != b).sum())
        if mismatches:
            raise SystemExit(f"outputs differ: {name} in {mismatches} rows")


def best_of(repeats, fn):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main(rows=1_000_000, repeats=3):
    rules = trappe.load(ROOT / "rules" / "roskilde-2025")
    df = population(rows, seed=2025)
    t_numpy, expected = best_of(repeats, lambda: baseline(df))
    t_trappe, actual = best_of(repeats, lambda: rules.evaluate_frame(df))
    check_identical(expected, actual)
    print(f"{rows} rows, identical outputs ({len(expected.columns)} columns)")
    print(f"numpy/pandas baseline: {t_numpy:.3f} s ({rows / t_numpy / 1e6:.2f} M rows/s)")
    print(f"trappe evaluate_frame: {t_trappe:.3f} s ({rows / t_trappe / 1e6:.2f} M rows/s)")
    print(f"ratio: trappe is {t_numpy / t_trappe:.1f}x faster")
    return t_numpy / t_trappe


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
