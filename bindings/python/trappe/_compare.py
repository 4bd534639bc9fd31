"""Comparing a population under two rule sets: who moves where, and why."""

import numpy as np
import pandas as pd

from ._frame import row_to_profile


class Comparison:
    """The outcome of :func:`compare`.

    * ``transitions``: counts of the recommended step before (rows) x after (columns);
    * ``changed_counts``: per output, how many citizens' value changed;
    * ``changed``: one row per citizen whose outcome changed, with the recommendation
      before and after and the first trace entry that differs;
    * ``before`` and ``after``: the two evaluated frames.
    """

    def __init__(self, before, after, transitions, changed_counts, changed, step):
        self.before, self.after = before, after
        self.transitions, self.changed_counts, self.changed = transitions, changed_counts, changed
        self.step = step

    def plot(self):
        """A matplotlib figure: the transition heatmap and the step distribution before/after."""
        import matplotlib

        matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt

        fig, (heat, bars) = plt.subplots(1, 2, figsize=(12, 4.5))
        t = self.transitions
        image = heat.imshow(t.to_numpy(), cmap="Blues")
        heat.set_xticks(range(len(t.columns)), [str(c) for c in t.columns])
        heat.set_yticks(range(len(t.index)), [str(i) for i in t.index])
        heat.set_xlabel(f"{self.step} efter")
        heat.set_ylabel(f"{self.step} før")
        heat.set_title("Overgange")
        for (i, j), v in pd.DataFrame(t.to_numpy()).stack().items():
            heat.text(j, i, str(v), ha="center", va="center", fontsize=8)
        fig.colorbar(image, ax=heat)
        dist = pd.DataFrame({"før": self.transitions.sum(axis=1), "efter": self.transitions.sum(axis=0)}).fillna(0)
        dist.plot.bar(ax=bars)
        bars.set_title(f"Fordeling af {self.step}")
        bars.set_xlabel(self.step)
        bars.set_ylabel("borgere")
        fig.tight_layout()
        return fig

    def __repr__(self):
        return f"<trappe.Comparison: {len(self.changed)} of {len(self.before)} citizens change>"


def _step_labels(column):
    """The step of each row as text, an undetermined one "ubestemt" (a row and column
    of its own in the transitions): a Categorical from codes, no string per row."""
    values = column.astype("Int64")
    na = values.isna().to_numpy()
    data = values.to_numpy(dtype=np.int64, na_value=0)
    steps = np.unique(data[~na])
    codes = np.where(na, len(steps), np.searchsorted(steps, data))
    categories = [str(v) for v in steps] + (["ubestemt"] if na.any() else [])
    return pd.Series(pd.Categorical.from_codes(codes, categories=categories), index=column.index)


def _differs(a, b):
    """Per row, whether two typed output columns differ; <NA> equals only <NA>. Vectorised."""
    na_a, na_b = a.isna().to_numpy(), b.isna().to_numpy()
    unequal = (a != b).fillna(False).to_numpy(dtype=bool)
    return (na_a != na_b) | (unequal & ~na_a & ~na_b)


def _first_difference(base, reform, profile):
    before = {t["name"]: t for t in base.evaluate(profile).trace}
    for entry in reform.evaluate(profile).trace:
        old = before.get(entry["name"])
        if old is not None and old["value"] != entry["value"]:
            return entry["name"], old["display"], entry["display"]
    return None, None, None


def compare(base, reform, df, explain_limit=1000, regions=False):
    """Evaluate ``df`` under both rule sets and compare.

    The first differing trace entry is found for up to ``explain_limit`` changed
    citizens (each needs two traced evaluations). With ``regions=True`` each changed
    citizen also gets the region of :func:`trappe.diff` that holds it (``region``, its
    number, and ``region_description``; ``<NA>`` when items ikke vurderet keep it
    from lying whole in one region). The diff is explored once and kept for reuse.

    >>> c = trappe.compare(rules, rules.with_parameters(taerskel_85="hoejt"), df)
    >>> c.transitions
    """
    step = base._native.recommendation
    before, after = base.evaluate_frame(df), reform.evaluate_frame(df)
    outputs = [o["name"] for o in base.outputs if o["type"] != "string"]
    transitions = pd.crosstab(_step_labels(before[step]), _step_labels(after[step]), rownames=[f"{step} før"],
                              colnames=[f"{step} efter"])
    differs = {name: _differs(before[name], after[name]) for name in outputs}
    changed_counts = pd.Series({name: int(d.sum()) for name, d in differs.items()}, name="changed")
    positions = np.flatnonzero(np.logical_or.reduce(list(differs.values()))) if differs else np.array([], dtype=int)
    first = [_first_difference(base, reform, row_to_profile(df.iloc[p])) for p in positions[:explain_limit]]
    first += [(None, None, None)] * (len(positions) - len(first))
    names, old, new = (list(column) for column in zip(*first)) if first else ([], [], [])
    ids = df["borger_id"].to_numpy()[positions] if "borger_id" in df.columns else [None] * len(positions)
    changed = pd.DataFrame({"borger_id": ids, f"{step}_før": before[step].array[positions],
                            f"{step}_efter": after[step].array[positions], "first_difference": names,
                            "before": old, "after": new}, index=pd.Index(df.index[positions], name="index"))
    if regions:
        from ._diff import regions_of_rows

        found = regions_of_rows(base, reform, (row_to_profile(df.iloc[p]) for p in positions))
        changed["region"] = pd.array([k for k, _ in found], dtype="Int64")
        changed["region_description"] = [text for _, text in found]
    return Comparison(before, after, transitions, changed_counts, changed, step)
