"""Comparing a population under two rule sets: who moves where, and why."""

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


def _first_difference(base, reform, profile):
    before = {t["name"]: t for t in base.evaluate(profile).trace}
    for entry in reform.evaluate(profile).trace:
        old = before.get(entry["name"])
        if old is not None and old["value"] != entry["value"]:
            return entry["name"], old["display"], entry["display"]
    return None, None, None


def compare(base, reform, df, explain_limit=1000):
    """Evaluate ``df`` under both rule sets and compare.

    The first differing trace entry is found for up to ``explain_limit`` changed
    citizens (each needs two traced evaluations).

    >>> c = trappe.compare(rules, rules.with_parameters(taerskel_85="hoejt"), df)
    >>> c.transitions
    """
    step = base._native.recommendation
    before, after = base.evaluate_frame(df), reform.evaluate_frame(df)
    outputs = [o["name"] for o in base.outputs if o["type"] != "string"]
    def label(column):  # an undetermined step is a row and column of its own
        return column.astype("Int64").astype(str).replace("<NA>", "ubestemt")

    transitions = pd.crosstab(label(before[step]), label(after[step]), rownames=[f"{step} før"],
                              colnames=[f"{step} efter"])
    differs = {}
    for name in outputs:
        a, b = before[name].astype(object), after[name].astype(object)
        differs[name] = ~((a == b) | (a.isna() & b.isna())).fillna(False).astype(bool)
    changed_counts = pd.Series({name: int(d.sum()) for name, d in differs.items()}, name="changed")
    any_change = pd.concat(differs, axis=1).any(axis=1)
    rows = df[any_change]
    records = []
    for position, (index, row) in enumerate(rows.iterrows()):
        first = (None, None, None)
        if position < explain_limit:
            first = _first_difference(base, reform, row_to_profile(row))
        records.append({"index": index, "borger_id": row.get("borger_id"), f"{step}_før": before.at[index, step],
                        f"{step}_efter": after.at[index, step], "first_difference": first[0],
                        "before": first[1], "after": first[2]})
    changed = pd.DataFrame.from_records(records, index="index") if records else pd.DataFrame(
        columns=["borger_id", f"{step}_før", f"{step}_efter", "first_difference", "before", "after"])
    return Comparison(before, after, transitions, changed_counts, changed, step)
