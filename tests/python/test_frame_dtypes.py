"""evaluate_frame's typed paths: every supported dtype gives the decisions of
rules.evaluate row by row, without a Python loop over rows and, where claimed,
without copying; bad rows are still reported by row and field."""

import io

import numpy as np
import pandas as pd
import pytest

import trappe
from trappe._frame import row_to_profile

LEVELS = ["praktiske_opgaver", "egenomsorg", "kommunikation", "mobilitet", "samfundsliv", "relationer"]
DATES = ["foedselsdato", "vurderingsdato"]
ROWS = 1500


def facts(df):
    return [c for c in df.columns if str(df[c].dtype) in ("boolean", "bool")]


@pytest.fixture(scope="module")
def nullable():
    """The synthetic population as it comes: Int8, boolean, Categorical, datetime64, <NA>s."""
    return trappe.synthetic_population(ROWS, seed=11)


@pytest.fixture(scope="module")
def assessed(nullable):
    """The same, fully assessed (except the judgement), in plain NumPy dtypes."""
    df = nullable.copy()
    for c in LEVELS:
        df[c] = df[c].fillna(0).astype(np.int8)
    for c in facts(nullable):
        df[c] = df[c].fillna(False).astype(bool)
    return df


def expected_outputs(rules, df):
    """rules.evaluate row by row, as (value, low, high) per output."""
    outputs = [o["name"] for o in rules.outputs if o["type"] != "string"]
    rows = []
    for i in range(len(df)):
        d = rules.evaluate(row_to_profile(df.iloc[i]))
        rows.append({name: getattr(d, name) for name in outputs})
    return rows


@pytest.fixture(scope="module")
def expected_nullable(rules, nullable):
    return expected_outputs(rules, nullable)


@pytest.fixture(scope="module")
def expected_assessed(rules, assessed):
    return expected_outputs(rules, assessed)


def assert_same_decisions(rules, df, expected):
    out = rules.evaluate_frame(df, ranges=True)
    assert out["error"].isna().all()
    for i, decision in enumerate(expected):
        for name, value in decision.items():
            if isinstance(value, tuple):
                assert pd.isna(out.at[i, name]), (i, name)
                assert (out.at[i, name + "_min"], out.at[i, name + "_max"]) == value, (i, name)
            else:
                assert out.at[i, name] == value, (i, name)


@pytest.mark.parametrize("levels", [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint64, float])
@pytest.mark.parametrize("fact", [bool, np.int8, np.uint8, np.int64, float])
def test_numpy_dtypes_decide_as_evaluate(rules, assessed, expected_assessed, levels, fact):
    df = assessed.astype({**{c: levels for c in LEVELS}, **{c: fact for c in facts(assessed)}})
    assert_same_decisions(rules, df, expected_assessed)


@pytest.mark.parametrize("levels", ["Int8", "Int16", "Int32", "Int64", "UInt8", "UInt64", "float64", "object", "string"])
@pytest.mark.parametrize("fact", ["boolean", "Int8", "float64", "object"])
def test_nullable_dtypes_decide_as_evaluate(rules, nullable, expected_nullable, levels, fact):
    df = nullable.astype({**{c: levels for c in LEVELS}, **{c: fact for c in facts(nullable)}})
    assert_same_decisions(rules, df, expected_nullable)


def categorical(series, categories, ordered):
    return pd.Series(pd.Categorical(series.astype(object), categories=categories, ordered=ordered))


@pytest.mark.parametrize("variant", ["names", "names unordered", "names reordered", "level numbers", "level names"])
def test_categorical_inputs_decide_as_evaluate(rules, nullable, expected_nullable, variant):
    df = nullable.copy()
    names = list(df["stoettebehov_vurderet"].cat.categories)
    judged = df["stoettebehov_vurderet"]
    if variant == "names unordered":
        df["stoettebehov_vurderet"] = categorical(judged, names, False)
    elif variant == "names reordered":  # the engine's order, not the Categorical's, decides
        df["stoettebehov_vurderet"] = categorical(judged, names[::-1], True)
    elif variant == "level numbers":
        for c in LEVELS:
            df[c] = categorical(df[c], range(5), True)
    elif variant == "level names":
        level_names = ["ingen", "let", "moderat", "svaer", "fuldstaendigt"]
        for c in LEVELS:
            as_names = df[c].astype(object).map(lambda v: None if pd.isna(v) else level_names[v])
            df[c] = categorical(as_names, level_names, True)
    assert_same_decisions(rules, df, expected_nullable)


def test_text_dates_and_datetime64_decide_alike(rules, assessed, expected_assessed):
    df = assessed.copy()
    for c in DATES:
        df[c] = df[c].dt.strftime("%Y-%m-%d")
    assert_same_decisions(rules, df, expected_assessed)
    for c in DATES:
        df[c] = pd.Categorical(df[c])  # repeated dates as a Categorical of text
    assert_same_decisions(rules, df, expected_assessed)


@pytest.mark.parametrize("unit, per_day", [("D", 1), ("h", 24), ("m", 1440), ("s", 86_400), ("ms", 86_400_000),
                                           ("us", 86_400_000_000), ("ns", 86_400_000_000_000)])
def test_day_numbers_in_every_unit_floor_like_numpy(unit, per_day):
    times = np.array(["1969-12-31T23:59", "1970-01-01", "1800-01-01T06:00", "2200-12-31T23:00", "NaT",
                      "1600-02-29T12:00", "2025-09-01T00:00"], dtype=f"datetime64[{unit}]")
    days, valid = trappe._trappe.day_numbers(times.view(np.int64), per_day)
    assert valid.tolist() == [1, 1, 1, 1, 0, 1, 1]
    expected = times.astype("datetime64[D]").astype(np.int64)
    assert days[valid == 1].tolist() == expected[valid == 1].tolist()
    assert days.dtype == np.int32


def test_day_numbers_saturate_beyond_int32():
    far = np.array([2**40, -(2**40)], dtype=np.int64)  # days, far beyond any date the rules take
    days, _ = trappe._trappe.day_numbers(far, 1)
    assert days.tolist() == [np.iinfo(np.int32).max, np.iinfo(np.int32).min]
    with pytest.raises(ValueError, match="ticks_per_day"):
        trappe._trappe.day_numbers(far, 7)


class Spy:
    """Records the arguments and results of a native function."""

    def __init__(self, monkeypatch, name):
        self.calls = []
        native = getattr(trappe._trappe, name)

        def spy(*args, **kwargs):
            result = native(*args, **kwargs)
            self.calls.append((args, result))
            return result
        monkeypatch.setattr(trappe._trappe, name, spy)


def test_typed_columns_are_read_in_place_without_object_conversion(rules, assessed, monkeypatch):
    df = assessed.astype({"egenomsorg": "Int8", "misbrug": "boolean"})
    converted = Spy(monkeypatch, "convert_column")
    evaluated = Spy(monkeypatch, "evaluate_columns")
    rules.evaluate_frame(df)
    # Only the Categorical's categories (and its NaN) are converted, never a row.
    assert converted.calls and all(len(args[2]) <= 6 for args, _ in converted.calls)
    (_, values, valid, *_), _ = evaluated.calls[0]
    position = {info["name"]: k for k, info in enumerate(rules.inputs)}
    assert np.shares_memory(values[position["relationer"]], df["relationer"].to_numpy())        # int8
    assert np.shares_memory(values[position["kan_faerdes_alene"]], df["kan_faerdes_alene"].to_numpy())  # bool
    assert np.shares_memory(values[position["egenomsorg"]], df["egenomsorg"].array._data)       # Int8 values
    assert np.shares_memory(values[position["misbrug"]], df["misbrug"].array._data)             # boolean values
    assert valid[position["relationer"]] is None


def test_borger_id_is_reattached_not_converted(rules, nullable, monkeypatch):
    converted = Spy(monkeypatch, "convert_column")
    df = nullable.set_index(nullable.index * 3)  # by index, not by position
    out = rules.evaluate_frame(df)
    assert all(args[1] != "borger_id" for args, _ in converted.calls)
    assert (out.index == df.index).all()
    assert all(a is b for a, b in zip(out["borger_id"], df["borger_id"]))  # the very same objects


def test_object_columns_fall_back_to_conversion(rules, assessed, monkeypatch):
    converted = Spy(monkeypatch, "convert_column")
    out = rules.evaluate_frame(assessed.astype({"relationer": object}))
    assert [len(args[2]) for args, _ in converted.calls if args[1] == "relationer"] == [len(assessed)]
    assert out["error"].isna().all()


def test_outputs_wrap_the_engines_buffers(rules, nullable, monkeypatch):
    evaluated = Spy(monkeypatch, "evaluate_columns")
    out = rules.evaluate_frame(nullable, ranges=True)
    _, (outputs, determined, determined_na, _) = evaluated.calls[0]
    native = {name: arrays for name, *arrays in outputs}
    value, value_na, low, low_na, high, high_na = native["trin"]
    assert np.shares_memory(out["trin"].array._data, value) and np.shares_memory(out["trin"].array._mask, value_na)
    assert np.shares_memory(out["trin_min"].array._data, low)
    assert np.shares_memory(out["trin_max"].array._data, high)
    assert np.shares_memory(out["sel_85"].array._data, native["sel_85"][0])
    assert np.shares_memory(out["stoettebehov"].cat.codes.to_numpy(), native["stoettebehov"][0])
    assert np.shares_memory(out["determined"].array._data, determined)
    assert out["trin"].array._data.dtype == np.int8  # narrow, as the engine wrote it
    assert str(out["trin"].dtype) == "Int8" and str(out["klagefrist_uger"].dtype) == "Int64"


def test_bad_rows_in_typed_columns_are_reported_by_row_and_field(rules, assessed):
    df = assessed.astype({"egenomsorg": "Int16", "mobilitet": np.uint8, "relationer": np.int32})
    df.loc[3, "relationer"] = 9
    df.loc[4, "egenomsorg"] = 300
    df.loc[5, "mobilitet"] = 200             # uint8: out of range, not read as -56
    df.loc[6, "vurderingsdato"] = pd.NaT     # required
    df.loc[7, "foedselsdato"] = pd.Timestamp("2100-01-01")  # born after the assessment
    df["stoettebehov_vurderet"] = df["stoettebehov_vurderet"].cat.add_categories(["meget"])
    df.loc[8, "stoettebehov_vurderet"] = "meget"
    df.loc[9, "kommunikation"] = -1
    out = rules.evaluate_frame(df)
    errors = out["error"].dropna().to_dict()
    assert errors == {
        3: "field 'relationer': value out of range 0..4",
        4: "field 'egenomsorg': value out of range 0..4",
        5: "field 'mobilitet': value out of range 0..4",
        6: "field 'vurderingsdato': is required and cannot be ikke vurderet",
        7: errors[7],
        8: "field 'stoettebehov_vurderet': expected one of: intet, let, moderat, hoejt, fuldstaendigt",
        9: "field 'kommunikation': value out of range 0..4",
    }
    assert errors[7].startswith("field 'foedselsdato': is after 'vurderingsdato'")
    assert "2100" not in errors[7] and "meget" not in errors[8]
    bad = list(errors)
    assert out.loc[bad, "trin"].isna().all() and out.loc[bad, "determined"].isna().all()
    assert out.drop(index=bad)["error"].isna().all() and out.drop(index=bad)["trin"].notna().all()


def test_a_fraction_in_a_float_column_is_an_error_for_its_row(rules, assessed):
    df = assessed.astype({"relationer": float})
    df.loc[2, "relationer"] = 1.5
    df.loc[3, "relationer"] = np.nan  # ikke vurderet, no error
    df.loc[4, "relationer"] = np.inf
    df.loc[5, "relationer"] = -0.0
    df["misbrug"] = df["misbrug"].astype(np.float32)
    df.loc[6, "misbrug"] = 0.25
    out = rules.evaluate_frame(df)
    assert out["error"].dropna().to_dict() == {2: "field 'relationer': not a whole number",
                                              4: "field 'relationer': value out of range 0..4",
                                              6: "field 'misbrug': not a whole number"}


def test_whole_numbers_narrow_clamp_and_find_fractions():
    column = np.array([np.nan, 1.5, 4.0, 5.0, np.inf, -np.inf, 1e300, -0.0, 2.0**52 + 2, -(2.0**51) - 0.5, 1e-300])
    values, valid, fractions = trappe._trappe.whole_numbers(column, 0, 4)
    assert values.dtype == np.int8  # a level's column stays one byte
    assert valid.tolist() == [0] + [1] * 10
    assert fractions.tolist() == [1, 9, 10]
    assert values[[2, 3, 4, 5, 6, 7, 8]].tolist() == [4, 5, 5, -1, 5, 0, 5]  # beyond the range, never wrapped into it
    wide, _, _ = trappe._trappe.whole_numbers(column, -(2**61), 2**61)
    assert wide.dtype == np.int64
    assert wide[[3, 4, 5, 8]].tolist() == [5, 2**62, -(2**62), 2**52 + 2]


def from_json_with_nulls(df):
    """What pandas makes of the population written as JSON: numbers with nulls are float64."""
    text = df.assign(**{c: df[c].dt.strftime("%Y-%m-%d") for c in DATES}).to_json(orient="records")
    return pd.read_json(io.StringIO(text), orient="records", convert_dates=False)


def test_float_columns_with_nan_in_evaluate_frame_and_compare(rules, nullable):
    df = from_json_with_nulls(nullable)
    assert str(df["relationer"].dtype) == "float64" and df["relationer"].isna().any()
    out = rules.evaluate_frame(df, ranges=True)
    typed = rules.evaluate_frame(nullable, ranges=True)
    pd.testing.assert_frame_equal(out.drop(columns=["borger_id"]), typed.drop(columns=["borger_id"]))
    reform = rules.with_parameters(taerskel_85="hoejt")
    comparison = trappe.compare(rules, reform, df)  # a TypeError before
    expected = trappe.compare(rules, reform, nullable)
    assert comparison.changed_counts.equals(expected.changed_counts)
    assert comparison.changed["first_difference"].tolist() == expected.changed["first_difference"].tolist()
    assert comparison.changed["first_difference"].notna().all()


def test_compare_accepts_a_row_in_error(rules, nullable):
    df = from_json_with_nulls(nullable)
    df.loc[0, "relationer"] = 2.5
    comparison = trappe.compare(rules, rules.with_parameters(taerskel_85="hoejt"), df)
    assert 0 not in comparison.changed.index
    assert comparison.before.loc[0, "error"] == "field 'relationer': not a whole number"


def test_an_empty_typed_frame_gives_typed_empty_columns(rules, nullable):
    out = rules.evaluate_frame(nullable.iloc[:0])
    assert len(out) == 0 and str(out["trin"].dtype) == "Int8" and str(out["sel_85"].dtype) == "boolean"


def test_a_sliced_frame_is_evaluated_by_its_own_rows(rules, nullable, expected_nullable):
    # Every other row: the nullable arrays are strided views, made contiguous on the way in.
    sliced = nullable.iloc[::2]
    out = rules.evaluate_frame(sliced)
    assert (out.index == sliced.index).all()
    for position, i in enumerate(sliced.index[:200]):
        value = expected_nullable[i]["trin"]
        assert (pd.isna(out["trin"].iloc[position]) if isinstance(value, tuple) else out["trin"].iloc[position] == value)

