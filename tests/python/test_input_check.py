"""Dicts and DataFrames go through the one input check: a bad value gets the same
wording as in a JSON or CSV file, names its field, and never repeats the value."""

import datetime

import numpy as np
import pandas as pd
import pytest

import trappe

LEVEL_RANGE = "value out of range 0..4"
DATE_RANGE = "date out of range 1800-01-01..2200-12-31"
HUGE = 2**70


def dict_error(rules, profile):
    with pytest.raises(ValueError) as caught:
        rules.evaluate(profile)
    return str(caught.value)


@pytest.mark.parametrize("value", [93, -1, HUGE, -HUGE, 2**63, np.int64(7), "93", str(HUGE)])
def test_a_level_out_of_range_in_a_dict_names_the_field(rules, examples, value):
    message = dict_error(rules, dict(examples[0], relationer=value))
    assert message == f"field 'relationer': {LEVEL_RANGE}"


@pytest.mark.parametrize("value", ["1799-12-31", "2201-01-01", datetime.date(1700, 1, 1), pd.Timestamp("2250-06-01")])
def test_a_date_out_of_range_in_a_dict_names_the_field(rules, examples, value):
    assert dict_error(rules, dict(examples[0], foedselsdato=value)) == f"field 'foedselsdato': {DATE_RANGE}"


def test_other_dict_problems_use_the_same_wording_as_the_readers(rules, examples):
    assert dict_error(rules, dict(examples[0], foedselsdato=None)) == \
        "field 'foedselsdato': is required and cannot be ikke vurderet"
    assert dict_error(rules, dict(examples[0], misbrug=2)) == "field 'misbrug': value out of range 0..1"
    assert dict_error(rules, dict(examples[0], relationer="meget")) == \
        "field 'relationer': expected a level 0..4 or its name"
    with pytest.raises(TypeError, match="field 'relationer': unsupported value type complex"):
        rules.evaluate(dict(examples[0], relationer=1j))
    # Values the readers accept are accepted here too.
    assert rules.evaluate(dict(examples[0], relationer="1", misbrug="nej")).trin == rules.evaluate(examples[0]).trin


def frame_of(examples, n=4):
    return pd.DataFrame([examples[0]] * n)


@pytest.mark.parametrize("column", [
    pd.Series([1, HUGE, 1, 1], dtype=object),                    # Python ints: "Unable to cast" before
    pd.Series([1, -HUGE, 1, 1], dtype=object),
    pd.Series(["1", str(HUGE), "1", None], dtype=object),
    pd.Series([1, 2**64 - 1, 1, 1], dtype=np.uint64),            # saturated, not wrapped around
    pd.Series([1.0, 1e30, 1.0, np.nan]),                          # would overflow the cast
    pd.Series([1, 93, 1, None], dtype="Int64"),
])
def test_a_level_out_of_range_in_a_frame_names_the_field(rules, examples, column):
    df = frame_of(examples)
    df["relationer"] = column
    out = rules.evaluate_frame(df)
    assert out.loc[1, "error"] == f"field 'relationer': {LEVEL_RANGE}"
    assert out["error"].drop(index=1).isna().all()
    assert out.drop(index=1)["trin"].notna().all()  # the other rows are evaluated


@pytest.mark.parametrize("column", [
    pd.Series(["1990-04-17", "1700-01-01", "1990-04-17", "1990-04-17"], dtype=object),
    pd.Series([datetime.date(1990, 4, 17), datetime.date(2201, 1, 1)] * 2, dtype=object),
])
def test_a_date_out_of_range_in_a_frame_names_the_field(rules, examples, column):
    df = frame_of(examples)
    df["foedselsdato"] = column
    out = rules.evaluate_frame(df)
    assert out.loc[1, "error"] == f"field 'foedselsdato': {DATE_RANGE}"
    assert out.loc[0, "error"] is None


def test_a_date_out_of_range_in_a_datetime64_column_names_the_field(rules, examples):
    # datetime64 columns go straight to evaluate_batch, which words it the same way.
    df = frame_of(examples)
    df["foedselsdato"] = pd.to_datetime(["1990-04-17", "2250-01-01", "1990-04-17", "1990-04-17"])
    assert rules.evaluate_frame(df).loc[1, "error"] == f"field 'foedselsdato': {DATE_RANGE}"


@pytest.mark.parametrize("field, value", [
    ("relationer", 93), ("relationer", HUGE), ("relationer", "meget"), ("misbrug", 5), ("misbrug", "kanske"),
    ("stoettebehov_vurderet", "meget"), ("stoettebehov_vurderet", 2), ("foedselsdato", "1666-06-06"),
    ("foedselsdato", "1990-02-31"), ("foedselsdato", None),
])
def test_dicts_and_frames_word_a_bad_value_alike_without_the_value(rules, examples, field, value):
    in_dict = dict_error(rules, dict(examples[0], **{field: value}))
    df = frame_of(examples, 2)
    df[field] = pd.Series([examples[0][field], value], dtype=object)
    in_frame = rules.evaluate_frame(df).loc[1, "error"]
    assert in_frame == in_dict
    assert in_dict.startswith(f"field '{field}': ")
    if value is not None:
        assert str(value) not in in_dict
