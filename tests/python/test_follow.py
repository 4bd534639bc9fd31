"""trappe.follow and the HTML report (docs/analysis.md, "Follow")."""

import json
import os
import pathlib
import re
import subprocess

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

import trappe
from conftest import ROOT

CLI = pathlib.Path(os.environ.get("TRAPPE_BUILD_DIR", ROOT / "build")) / "trappe"


@pytest.fixture(scope="module")
def pair(rules):
    """Last year's decisions on 2,000 citizens; this year 1,800 of them, a year
    later with practical tasks one level lower, and 50 new ones."""
    last = trappe.synthetic_population(2_000, seed=3)
    before = rules.evaluate_frame(last, ranges=True)
    now = last.iloc[200:].copy()
    now["vurderingsdato"] = now["vurderingsdato"] + pd.Timedelta(days=365)
    now["praktiske_opgaver"] = (now["praktiske_opgaver"] - 1).clip(lower=0)
    new = trappe.synthetic_population(50, seed=4)
    return last, before, pd.concat([now, new], ignore_index=True)


def test_follow_matches_citizens_and_counts_the_moves(rules, pair):
    _, before, now = pair
    result = trappe.follow(before, now, rules=rules, previous_rules=rules)
    c = result.citizens
    assert (c["status"] == "both").sum() == 1800
    assert (c["status"] == "left_caseload").sum() == 200
    assert (c["status"] == "entered_caseload").sum() == 50
    assert result.summary["citizens"] == {"both": 1800, "left_caseload": 200, "entered_caseload": 50}
    assert result.summary["previous"]["same_rules"] is True
    # The moves agree with the two evaluations, citizen by citizen.
    after = rules.evaluate_frame(now, ranges=True).set_index("borger_id")
    both = c[c["status"] == "both"].set_index("borger_id")
    steps = dict(enumerate(["ingen_indsats", "aabne_tilbud", "dagtilbud", "stoette_i_eget_hjem",
                            "midlertidigt_botilbud", "laengerevarende_botilbud"]))
    determined = after.loc[both.index, "trin"].notna()
    assert (both.loc[determined, "step_after"] == after.loc[both.index[determined], "trin"].map(steps)).all()
    less = both["movement"] == "less_intrusive"
    assert less.sum() == result.indicators.query("age_group == 'all' and previous_step == 'all'")["less_intrusive"].iloc[0]
    assert less.sum() > 20  # practical tasks one level lower moves some citizens down
    # Every moved citizen has the trace entry that explains the move; the others none.
    moved = both["step_before"] != both["step_after"]
    assert (both.loc[moved, "first_entry"] != "").all()
    assert (both.loc[~moved, "first_entry"] == "").all()


def test_small_counts_are_suppressed_and_shares_with_them(rules, pair):
    _, before, now = pair
    result = trappe.follow(before, now, rules=rules, previous_rules=rules)
    for row in result.summary["indicators"]:
        for key in ("less_intrusive", "same_or_more_intrusive", "left_staircase", "undetermined"):
            count, share = row[key]["count"], row[key]["share"]
            if isinstance(count, int):
                assert count >= 5
            else:
                assert count in ("<5", "x", None) and share is None
    for row in result.summary["transitions"]["counts"]:
        assert all(v is None or v in ("<5", "x") or v >= 5 for v in row)


def test_a_frame_of_decisions_needs_its_rules(rules, pair):
    _, before, now = pair
    with pytest.raises(ValueError, match="previous_rules"):
        trappe.follow(before, now, rules=rules)
    unknown = trappe.follow(before, now, rules=rules, allow_unknown_pack=True, explain=False)
    assert unknown.summary["previous"]["manifest"] is False
    reform = rules.with_parameters(taerskel_85="hoejt")
    other = trappe.follow(before, now, rules=reform, previous_rules=rules, explain=False)
    assert other.summary["previous"]["same_rules"] is False


def decisions_from_the_command_line(rules, pair, tmp_path):
    """The earlier assessments' decisions as `trappe batch` writes them, and the later profiles as CSV."""
    last, _, now = pair
    last_csv, now_csv, decisions = tmp_path / "last.csv", tmp_path / "now.csv", tmp_path / "before.jsonl"
    trappe._follow._write_profiles(last, rules, last_csv)
    trappe._follow._write_profiles(now, rules, now_csv)
    subprocess.run([str(CLI), "batch", str(ROOT / "rules" / "roskilde-2025"), "--in", str(last_csv), "--out",
                    str(decisions), "--quiet"], check=True)
    return decisions, now_csv


def test_python_and_the_command_line_agree(rules, pair, tmp_path):
    now = pair[2]
    decisions, now_csv = decisions_from_the_command_line(rules, pair, tmp_path)
    cli = subprocess.run([str(CLI), "follow", str(ROOT / "rules" / "roskilde-2025"), "--previous", str(decisions),
                          "--current", str(now_csv), "--json"], check=True, capture_output=True, text=True)
    python = trappe.follow(str(decisions), now, rules=rules, explain=False)
    assert json.loads(cli.stdout) == python.summary


def test_the_html_report_has_the_figures_and_no_case_ids_or_values(rules, pair, tmp_path):
    last, before, now = pair
    result = trappe.follow(before, now, rules=rules, previous_rules=rules)
    page = result.html(tmp_path / "follow.html")
    assert (tmp_path / "follow.html").read_text(encoding="utf-8") == page
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(images) == 2 and all(len(i) > 10_000 for i in images)
    assert "Overgange mellem trin" in page and "Bevægelser fra hvert trin" in page
    assert "<script" not in page and "http://" not in page and "https://" not in page
    assert "syn-" not in page  # no case id
    text = re.sub(r'src="data:[^"]+"', "", page)
    assert not re.search(r"\b(19|20)\d\d-\d\d-\d\d\b", text)  # no birth or assessment date


def test_the_command_line_writes_the_html_report(rules, pair, tmp_path):
    decisions, now_csv = decisions_from_the_command_line(rules, pair, tmp_path)
    report = tmp_path / "report.html"
    subprocess.run([str(CLI), "follow", str(ROOT / "rules" / "roskilde-2025"), "--previous", str(decisions),
                    "--current", str(now_csv), "--html", str(report)], check=True, capture_output=True)
    page = report.read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == 2
    assert "syn-" not in page


def test_the_follow_notebook_runs_headless(tmp_path):
    notebook = nbformat.read(ROOT / "examples" / "follow_up.ipynb", as_version=4)
    plots = tmp_path / "plots"
    plots.mkdir()
    os.environ["TRAPPE_SOURCE_DIR"] = str(ROOT)
    os.environ["PYTHONPATH"] = os.pathsep.join(str(pathlib.Path(p).resolve())
                                               for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p)
    os.environ["TRAPPE_PLOT_DIR"] = str(plots)
    client = NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    errors = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs if o.output_type == "error"]
    assert errors == []
    assert (plots / "follow_transitions.png").stat().st_size > 10_000
    assert (plots / "follow.html").read_text(encoding="utf-8").count("data:image/png;base64,") == 2
