"""Following a caseload from one assessment to the next (docs/analysis.md, "Follow").

The work is the C++ follow run that `trappe follow` uses, so the command line and
Python agree to the count: the DataFrames are written to temporary files in the
formats `trappe batch` reads and writes, followed, and read back.
"""

import io
import json
import os
import tempfile

import pandas as pd

from . import _trappe


class FollowResult:
    """The outcome of :func:`follow`.

    * ``citizens``: one row per citizen (by ``borger_id``): rows in each file, status
      (``both``, ``left_caseload``, ``entered_caseload``), step before and after,
      movement, offers gained and lost, and for a moved citizen the first trace entry
      that explains the move;
    * ``indicators``: by age group and previous step, the counts and shares moving to
      a less intrusive step, to the same or a more intrusive one, leaving the
      staircase (and for a pack with a target group, entering and leaving it, and the
      contacts saved); counts under 5 are ``"<5"``, counts hidden to protect them ``"x"``;
    * ``transitions``: step before (rows) x step after (columns), suppressed the same way;
    * ``errors``: rows left out, by caseload, row and field (never a value);
    * ``summary``: the ``trappe.follow/1`` document, as ``trappe follow --json`` writes it.
    """

    def __init__(self, summary, citizens, errors):
        self.summary = summary
        self.citizens = citizens
        self.errors = errors
        self.indicators = _indicators(summary)
        t = summary["transitions"]
        self.transitions = pd.DataFrame(t["counts"], index=t["from"], columns=t["to"], dtype=object)

    def html(self, path=None):
        """The self-contained HTML report (figures embedded); written to `path` when given."""
        from .report import render_html

        page = render_html(self.summary)
        if path is not None:
            with open(path, "w", encoding="utf-8") as f:
                f.write(page)
        return page

    def figures(self):
        """The report's matplotlib figures: the transition heatmap and the flows by step."""
        from .report import transition_figure, flow_figure

        return transition_figure(self.summary), flow_figure(self.summary)

    def __repr__(self):
        c = self.summary["citizens"]
        return (f"<trappe.FollowResult: {c['both']} citizens in both, {c['left_caseload']} left, "
                f"{c['entered_caseload']} entered>")


def _indicators(summary):
    rows = []
    for row in summary["indicators"]:
        flat = {}
        for key, value in row.items():
            if isinstance(value, dict) and "count" in value:
                flat[key] = value["count"]
                flat[key + "_share"] = value["share"]
            elif isinstance(value, dict):
                flat[key] = f"{value['from']}..{value['to']}"
            else:
                flat[key] = value
        rows.append(flat)
    return pd.DataFrame(rows)


def _text_column(df, name):
    """An output column as batch writes it: a value, "lo..hi" where undetermined
    (from <name>_min/<name>_max, as evaluate_frame(ranges=True) gives them)."""
    column = df[name]
    text = column.astype("string")
    low, high = f"{name}_min", f"{name}_max"
    if low in df.columns and high in df.columns:
        na = column.isna()
        if na.any():
            text[na] = df.loc[na, low].astype("string") + ".." + df.loc[na, high].astype("string")
    return text


def _write_decisions(df, rules, path):
    if "borger_id" not in df.columns:
        raise ValueError("the previous decisions need a borger_id column")
    out = pd.DataFrame({"borger_id": df["borger_id"].astype("string")}, index=df.index)
    for o in rules.outputs:
        name = o["name"]
        if name != "borger_id" and name in df.columns:
            out[name] = _text_column(df, name)
    out.to_csv(path, index=False)


def _write_profiles(df, rules, path):
    fields = {i["name"] for i in rules.inputs} | set(rules.ignored_fields)
    out = df[[c for c in df.columns if c in fields]].copy()
    for c in out.columns:
        # Levels read from JSON arrive as float64 with NaN; a profile cell is a whole number.
        if pd.api.types.is_float_dtype(out[c].dtype):
            try:
                out[c] = out[c].astype("Int64")
            except (TypeError, ValueError):
                pass
        elif pd.api.types.is_datetime64_any_dtype(out[c].dtype):
            out[c] = out[c].dt.strftime("%Y-%m-%d")
    out.to_csv(path, index=False)


def follow(previous, current, rules, previous_rules=None, allow_unknown_pack=False, explain=True, threads=0,
           previous_manifest=None):
    """Follows a caseload from one assessment to the next.

    `previous`: the earlier decisions, a DataFrame with ``borger_id`` and the pack's
    outputs (as ``rules.evaluate_frame(df, ranges=True)`` returns them), or the path of
    `trappe batch` output (JSON lines with the manifest first; CSV with
    `previous_manifest`). `current`: the current profiles, a DataFrame or a CSV / JSON
    lines path; they are evaluated with `rules`.

    A DataFrame carries no manifest, so say which rules made it: `previous_rules` (a
    RuleSet; a different one is allowed, and the summary states it), or
    ``allow_unknown_pack=True``. `explain` finds the first trace entry of each moved
    citizen (a traced evaluation per move). Returns a :class:`FollowResult`.

        >>> before = rules.evaluate_frame(last_year, ranges=True)
        >>> result = trappe.follow(before, this_year, rules=rules, previous_rules=rules)
        >>> result.indicators, result.citizens, result.html("follow.html")
    """
    with tempfile.TemporaryDirectory(prefix="trappe-follow-") as tmp:
        manifest = "" if previous_manifest is None else str(previous_manifest)
        if isinstance(previous, pd.DataFrame):
            previous_path = os.path.join(tmp, "previous.csv")
            _write_decisions(previous, rules, previous_path)
            if previous_rules is not None:
                manifest = os.path.join(tmp, "previous.manifest.json")
                with open(manifest, "w", encoding="utf-8") as f:
                    f.write(_trappe.follow_manifest(previous_rules._native))
            elif not allow_unknown_pack:
                raise ValueError("a DataFrame of decisions carries no manifest: pass previous_rules= (the rules "
                                 "that made them) or allow_unknown_pack=True")
        else:
            previous_path = str(previous)
        if isinstance(current, pd.DataFrame):
            current_path = os.path.join(tmp, "current.csv")
            _write_profiles(current, rules, current_path)
        else:
            current_path = str(current)
        summary, citizens, errors = _trappe.follow(rules._native, previous_path, manifest, current_path,
                                                   allow_unknown_pack, explain, threads)
    frame = pd.read_csv(io.StringIO(citizens), dtype=str, keep_default_na=False)
    for c in ("previous_row", "current_row"):
        frame[c] = pd.to_numeric(frame[c].replace("", None)).astype("Int64")
    errors = pd.DataFrame(errors, columns=["caseload", "row", "field", "message"])
    return FollowResult(json.loads(summary), frame, errors)
