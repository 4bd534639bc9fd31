"""trappe.diff: the regions as a DataFrame, weighed by a population file, and
trappe.compare(..., regions=True) placing each changed citizen in its region."""

import json

import pandas as pd
import pytest

import trappe
from trappe._frame import row_to_profile


@pytest.fixture(scope="module")
def reform(rules):
    return rules.with_parameters(taerskel_85="hoejt")


def test_regions_as_a_dataframe(rules, reform):
    regions = trappe.diff(rules, reform)
    assert len(regions) > 0
    assert list(regions["region"]) == list(range(1, len(regions) + 1))
    assert {"description", "before", "after"} <= set(regions.columns)
    assert "weight" not in regions.columns
    # Conditions by field, as text, None where a region does not restrict it.
    assert regions["stoettebehov"].dropna().eq("moderat").all()
    assert regions["after"].str.contains("§ 85 \\(socialpædagogisk bistand\\) nej").all()
    assert regions.attrs["labels"]["stoettebehov"] == "støttebehovet"
    assert regions.attrs["leaves"] > 0 and regions.attrs["undetermined"] == []


def test_a_rule_set_against_itself_has_no_regions(rules):
    regions = trappe.diff(rules, rules)
    assert len(regions) == 0
    assert list(regions.columns) == ["region", "description", "before", "after"]


def test_weights_from_a_population_file(rules, reform, examples, tmp_path):
    path = tmp_path / "population.jsonl"
    bad = dict(examples[0], relationer=9)
    path.write_text("\n".join(json.dumps(p, ensure_ascii=False) for p in [*examples, bad]) + "\n", encoding="utf-8")
    regions = trappe.diff(rules, reform, population=path)
    assert str(regions["weight"].dtype) == "Int64"
    # Counts of 1 to 4 are suppressed: <NA> in weight, "<5" in weight_text.
    small = regions["weight_text"] == "<5"
    assert regions.loc[small, "weight"].isna().all()
    assert set(regions.loc[~small, "weight_text"]) <= {"0"} | {str(n) for n in range(5, 10**6)}
    population = regions.attrs["population"]
    assert population["input_errors"] == "<5" and population["rows"] == len(examples) + 1


def test_compare_places_each_changed_citizen_in_its_region(rules, reform):
    df = trappe.synthetic_population(1500, seed=5)
    comparison = trappe.compare(rules, reform, df, explain_limit=10, regions=True)
    changed = comparison.changed
    assert len(changed) > 0
    regions = trappe.diff(rules, reform)
    descriptions = dict(zip(regions["region"], regions["description"]))
    for index, row in changed.iterrows():
        profile = row_to_profile(df.loc[index])
        if pd.isna(row["region"]):
            # Only a citizen with items ikke vurderet that some region restricts stays unplaced.
            assert any(v is None for v in profile.values())
            continue
        assert row["region_description"] == descriptions[row["region"]]
        assert trappe._diff.region_of(rules, reform, profile) == row["region"]
    assert changed["region"].notna().mean() > 0.5
