"""The HTML report of a follow run (docs/analysis.md, "Follow").

Reads the ``trappe.follow/1`` summary that ``trappe follow --json`` writes (and
``trappe.follow(...).summary`` holds) and renders a self-contained page: the tables
and two matplotlib figures (Agg backend) embedded as base64 PNG. The summary holds
no case id and no profile value, only suppressed counts, so neither does the page.

Runs on its own, without the native module, so the command line can call it with
Debian's python3 and matplotlib::

    /usr/bin/python3 bindings/python/trappe/report.py summary.json report.html
"""

import base64
import html
import io
import json
import sys

CATEGORIES = [
    ("less_intrusive", "mindre indgribende trin", "#4c9a2a"),
    ("same_or_more_intrusive", "samme eller mere indgribende trin", "#c9a227"),
    ("left_staircase", "forlod trappen (laveste trin)", "#2a6f9a"),
    ("undetermined", "ubestemt (ikke vurderet)", "#999999"),
]


def _pyplot():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def _number(value):
    """A shown count, or None for a suppressed one ("<5" or "x")."""
    return value if isinstance(value, int) else None


def transition_figure(summary):
    """The transition heatmap: step before (rows) x after; suppressed cells grey, labelled."""
    plt = _pyplot()
    t = summary["transitions"]
    rows, cols = t["from"], t["to"]
    values = [[_number(v) if v is not None else None for v in row] for row in t["counts"]]
    shown = [v for row in values for v in row if v is not None]
    top = max(shown) if shown else 1
    fig, ax = plt.subplots(figsize=(1.1 * len(cols) + 3, 0.55 * len(rows) + 2))
    import numpy as np

    grid = np.array([[np.nan if v is None else float(v) for v in row] for row in values])
    cmap = plt.get_cmap("Blues").copy()
    cmap.set_bad("#dddddd")
    image = ax.imshow(np.ma.masked_invalid(grid), cmap=cmap, vmin=0, vmax=top, aspect="auto")
    ax.set_xticks(range(len(cols)), cols, rotation=35, ha="right")
    ax.set_yticks(range(len(rows)), rows)
    ax.set_xlabel(f"{summary['step']['name']} nu")
    ax.set_ylabel(f"{summary['step']['name']} før")
    ax.set_title("Overgange mellem trin")
    for i, row in enumerate(t["counts"]):
        for j, v in enumerate(row):
            if v is None:
                continue
            dark = isinstance(v, int) and v > top / 2
            ax.text(j, i, str(v), ha="center", va="center", fontsize=8, color="white" if dark else "black")
    fig.colorbar(image, ax=ax, label="borgere")
    fig.tight_layout()
    return fig


def flow_figure(summary):
    """Flows by previous step: the citizens of each step split by where they moved,
    and those who left the caseload; suppressed counts are left out of the bars."""
    plt = _pyplot()
    rows = [r for r in summary["indicators"] if r["age_group"] == "all" and r["previous_step"] != "all"]
    t = summary["transitions"]
    left = {t["from"][i]: row[-1] for i, row in enumerate(t["counts"])}
    labels = [r["previous_step"] for r in rows]
    fig, ax = plt.subplots(figsize=(9, 0.5 * len(labels) + 2))
    start = [0] * len(rows)
    for key, name, colour in CATEGORIES + [("left_caseload", "forlod sagsmængden", "#b04a4a")]:
        counts = [(_number(left.get(r["previous_step"])) if key == "left_caseload" else _number(r[key]["count"])) or 0
                  for r in rows]
        ax.barh(labels, counts, left=start, color=colour, label=name)
        start = [a + b for a, b in zip(start, counts)]
    ax.invert_yaxis()
    ax.set_xlabel("borgere (tal under 5 og tal skjult for at beskytte dem er udeladt)")
    ax.set_ylabel(f"{summary['step']['name']} før")
    ax.set_title("Bevægelser fra hvert trin")
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    return fig


def _png(fig):
    plt = _pyplot()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _cell(value):
    if isinstance(value, dict) and "count" in value:
        if value["count"] is None:
            return "–"  # a move that cannot happen
        text = str(value["count"])
        if value.get("share") is not None:
            text += f" ({value['share'] * 100:.1f} %)"
        return text
    if isinstance(value, dict):
        return f"{value['from']}–{value['to']}"
    return "–" if value is None else str(value)


def _table(head, rows):
    out = ["<table><thead><tr>"] + [f"<th>{html.escape(h)}</th>" for h in head] + ["</tr></thead><tbody>"]
    for row in rows:
        out.append("<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def render_html(summary):
    """The report page for a trappe.follow/1 summary, as one self-contained string."""
    if summary.get("schema") != "trappe.follow/1":
        raise ValueError("not a trappe.follow/1 summary")
    rules, previous = summary["rules"], summary["previous"]
    if not previous.get("manifest"):
        origin = "De tidligere afgørelser har intet kørselsmanifest: deres regler er ukendte."
    elif previous.get("same_rules"):
        origin = "De tidligere afgørelser er truffet med de samme regler."
    else:
        origin = (f"De tidligere afgørelser er truffet med andre regler ({previous.get('pack')}, "
                  f"{previous.get('hash')}): bevægelserne rummer også regelændringen.")
    c = summary["citizens"]
    has_target = summary.get("target_group") is not None
    has_contacts = summary.get("contacts") is not None
    head = ["aldersgruppe", "trin før", "borgere"] + [name for _, name, _ in CATEGORIES]
    keys = [k for k, _, _ in CATEGORIES]
    if has_target:
        head += ["kom i målgruppen", "forlod målgruppen"]
        keys += ["entered_target_group", "left_target_group"]
    if has_contacts:
        head += ["sparede kontakter før", "sparede kontakter nu"]
        keys += ["contacts_saved_before", "contacts_saved_now"]
    ages = {"under_30": "under 30 år", "30_and_over": "30 år og derover", "unknown": "ukendt", "all": "alle"}
    indicator_rows = [[ages.get(r["age_group"], r["age_group"]), "alle" if r["previous_step"] == "all" else r["previous_step"],
                       r["citizens"]] + [r[k] for k in keys] for r in summary["indicators"]]
    t = summary["transitions"]
    transition_rows = [[t["from"][i]] + row for i, row in enumerate(t["counts"])]
    heat, flows = _png(transition_figure(summary)), _png(flow_figure(summary))
    corner = f"{summary['step']['name']} før / nu"
    return f"""<!DOCTYPE html>
<html lang="da"><head><meta charset="utf-8"><title>Opfølgning: {html.escape(rules['pack'])}</title>
<style>
body {{ font-family: sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }}
th, td {{ border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }}
th {{ background: #f0f0f0; }} td:first-child, th:first-child {{ text-align: left; }}
img {{ max-width: 100%; }} .note {{ color: #555; font-size: 0.9em; }}
</style></head><body>
<h1>Opfølgning på indsatstrappen: {html.escape(rules['pack'])}</h1>
<p>Regler: {html.escape(rules['pack'])} ({html.escape(rules['hash'])}). {html.escape(origin)}</p>
<p>Borgere i begge vurderinger: {html.escape(str(c['both']))}; forlod sagsmængden: {html.escape(str(c['left_caseload']))};
kom til: {html.escape(str(c['entered_caseload']))}.</p>
<p class="note">Tal under 5 vises som &lt;5, og tal, der ellers ville afsløre dem, som x. Andele vises kun, hvor både tæller
og nævner vises. Alder er alderen på den nye vurderingsdato.</p>
<h2>Overgange</h2>
<img alt="Overgange mellem trin" src="data:image/png;base64,{heat}">
{_table([corner] + t["to"], transition_rows)}
<h2>Bevægelser fra hvert trin</h2>
<img alt="Bevægelser fra hvert trin" src="data:image/png;base64,{flows}">
<h2>Indikatorer</h2>
{_table(head, indicator_rows)}
</body></html>
"""


def main(argv):
    if len(argv) != 3:
        print("usage: report.py SUMMARY.json REPORT.html", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        summary = json.load(f)
    page = render_html(summary)
    with open(argv[2], "w", encoding="utf-8") as f:
        f.write(page)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
