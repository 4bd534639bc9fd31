import numpy as np
import pandas as pd
import pytest

import trappe
from trappe._frame import row_to_profile


def test_synthetic_population_is_deterministic():
    a = trappe.synthetic_population(2000, seed=3)
    b = trappe.synthetic_population(2000, seed=3)
    c = trappe.synthetic_population(2000, seed=4)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)
    assert str(a["relationer"].dtype) == "Int8"
    assert a["relationer"].isna().mean() < 0.1


def test_evaluate_frame_types_and_columns(rules):
    df = trappe.synthetic_population(5000, seed=1)
    out = rules.evaluate_frame(df)
    assert len(out) == len(df) and (out.index == df.index).all()
    assert str(out["trin"].dtype) == "Int8"
    assert str(out["sel_85"].dtype) == "boolean"
    assert list(out["stoettebehov"].cat.categories) == ["intet", "let", "moderat", "hoejt", "fuldstaendigt"]
    assert out["error"].isna().all()
    assert (~out["determined"].astype(bool)).sum() > 0
    ranged = rules.evaluate_frame(df, ranges=True)
    open_range = ranged["trin_min"] != ranged["trin_max"]
    assert (ranged["trin"].isna() == open_range).all()  # <NA> exactly where trin is undetermined
    assert (ranged["trin_min"] <= ranged["trin_max"]).all()


def test_numpy_columns_plain_dtypes_and_nan(rules, examples):
    df = pd.DataFrame([examples[0], examples[2], examples[0]])  # A, C, A
    for level in ["praktiske_opgaver", "egenomsorg", "kommunikation", "mobilitet", "samfundsliv", "relationer"]:
        df[level] = df[level].astype(np.int8)  # plain NumPy: read without copying
    df["stoettebehov_vurderet"] = np.nan
    assert rules.evaluate_frame(df)["trin"].tolist() == [3, 1, 3]
    df["relationer"] = df["relationer"].astype(float)
    df.loc[2, "relationer"] = np.nan  # NaN = ikke vurderet: example B
    out = rules.evaluate_frame(df)
    assert out["trin"].tolist() == [3, 1, 3]
    assert out["determined"].tolist() == [True, True, True]


def test_bad_rows_get_an_error_and_the_others_are_evaluated(rules):
    df = trappe.synthetic_population(100, seed=2)
    df["relationer"] = df["relationer"].astype("Int64")
    df.loc[5, "relationer"] = 9
    df["foedselsdato"] = df["foedselsdato"].astype(object)
    df.loc[7, "foedselsdato"] = "1990-02-31"
    out = rules.evaluate_frame(df)
    assert out.loc[5, "error"] == "field 'relationer': value out of range 0..4"
    assert out.loc[7, "error"] == "field 'foedselsdato': expected a date as YYYY-MM-DD"
    assert pd.isna(out.loc[5, "trin"])
    assert out["error"].notna().sum() == 2
    assert out.drop(index=[5, 7])["trin"].notna().sum() + (~out.drop(index=[5, 7])["determined"].astype(bool)).sum() >= 98


def test_schema_errors_are_raised(rules):
    df = trappe.synthetic_population(10, seed=2)
    with pytest.raises(ValueError, match="unknown field"):
        rules.evaluate_frame(df.assign(relationen=1))
    with pytest.raises(KeyError, match="missing field 'relationer'"):
        rules.evaluate_frame(df.drop(columns=["relationer"]))
    with pytest.raises(TypeError, match="relationer"):
        rules.evaluate_frame(df.assign(relationer=[1j] * 10))
    with pytest.raises(ValueError, match="duplicated column.*relationer"):
        rules.evaluate_frame(pd.concat([df, df[["relationer"]]], axis=1))


def test_a_birth_after_the_assessment_is_an_error_for_its_row(rules):
    df = trappe.synthetic_population(20, seed=3)
    df["foedselsdato"] = df["foedselsdato"].astype(object)
    df.loc[4, "foedselsdato"] = "2099-01-01"
    out = rules.evaluate_frame(df)
    assert out.loc[4, "error"].startswith("field 'foedselsdato': is after 'vurderingsdato'")
    assert out["error"].notna().sum() == 1


def test_evaluate_frame_agrees_with_evaluate_on_100000_rows(rules):
    df = trappe.synthetic_population(100_000, seed=9)
    out = rules.evaluate_frame(df, ranges=True)
    outputs = [o["name"] for o in rules.outputs if o["type"] != "string"]
    for i in range(len(df)):
        d = rules.evaluate(row_to_profile(df.iloc[i]))
        for name in outputs:
            value = getattr(d, name)
            if isinstance(value, tuple):
                assert (out.at[i, name + "_min"], out.at[i, name + "_max"]) == value, (i, name)
            else:
                assert out.at[i, name] == value, (i, name)


def test_compare_and_plot(rules, tmp_path):
    df = trappe.synthetic_population(3000, seed=5)
    comparison = trappe.compare(rules, rules.with_parameters(taerskel_85="hoejt"), df)
    assert comparison.transitions.to_numpy().sum() == len(df)
    assert comparison.changed_counts["sel_85"] > 0
    assert len(comparison.changed) > 0
    assert comparison.changed["first_difference"].notna().all()
    assert comparison.changed["first_difference"].isin(["taerskel_85", "sel_85"]).all()
    figure = comparison.plot()
    figure.savefig(tmp_path / "compare.png")
    assert (tmp_path / "compare.png").stat().st_size > 10_000
