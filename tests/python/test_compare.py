"""trappe.compare: transitions and changes agree with single evaluations, without a
Python loop over the population (only the explained rows are evaluated one by one)."""

import collections

import trappe
from trappe._frame import row_to_profile


def step_label(value):
    return "ubestemt" if isinstance(value, tuple) else str(value)


def test_transitions_and_changes_agree_with_single_evaluations(rules):
    df = trappe.synthetic_population(1500, seed=21)
    df.index = df.index * 2 + 7  # labels, not positions
    reform = rules.with_parameters(taerskel_85="hoejt")
    comparison = trappe.compare(rules, reform, df, explain_limit=50)
    counts, changed = collections.Counter(), []
    for index, row in df.iterrows():
        a, b = rules.evaluate(row_to_profile(row)), reform.evaluate(row_to_profile(row))
        counts[step_label(a.trin), step_label(b.trin)] += 1
        if a.outputs != b.outputs:
            changed.append(index)
    t = comparison.transitions
    assert {(i, c): int(t.at[i, c]) for i in t.index for c in t.columns if t.at[i, c]} == dict(counts)
    assert list(comparison.changed.index) == changed
    assert comparison.changed.index.name == "index"
    assert list(comparison.changed["borger_id"]) == list(df.loc[changed, "borger_id"])
    explained = comparison.changed["first_difference"]
    assert explained.iloc[:50].notna().all() and explained.iloc[50:].isna().all()
    assert str(comparison.changed["trin_før"].dtype) == "Int8"


def test_no_change_gives_an_empty_table_with_the_columns(rules):
    df = trappe.synthetic_population(300, seed=22)
    comparison = trappe.compare(rules, rules, df)
    assert len(comparison.changed) == 0 and comparison.changed_counts.sum() == 0
    assert list(comparison.changed.columns) == ["borger_id", "trin_før", "trin_efter", "first_difference", "before",
                                                "after"]
    assert comparison.transitions.to_numpy().trace() == len(df)
