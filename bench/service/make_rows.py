"""Writes N JSON lines for the batch benchmark.

    make_rows.py N OUT          the worked examples cycled, with their levels varied
    make_rows.py N OUT CSV      the rows of CSV (from `trappe synth`) as JSON lines
"""
import csv
import json
import pathlib
import random
import sys


def worked_examples(n, out):
    root = pathlib.Path(__file__).resolve().parents[2]
    text = (root / "examples" / "profiles" / "worked-examples.jsonl").read_text()
    examples = [json.loads(line) for line in text.splitlines() if line.strip()]
    levels = ["praktiske_opgaver", "egenomsorg", "kommunikation", "mobilitet", "samfundsliv", "relationer"]
    rng = random.Random(7)
    for i in range(n):
        row = dict(examples[i % len(examples)], borger_id=f"bench-{i}")
        for name in levels:
            if row[name] is not None:
                row[name] = rng.randint(0, 4)
        out.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")


def cell(text):
    """A CSV cell as its JSON value: empty is null (ikke vurderet)."""
    if text == "":
        return None
    if text in ("true", "false"):
        return text == "true"
    return int(text) if text.lstrip("-").isdigit() else text


def from_csv(n, path, out):
    with open(path, newline="", encoding="utf-8") as f:
        for i, row in enumerate(csv.DictReader(f)):
            if i == n:
                break
            out.write(json.dumps({k: cell(v) for k, v in row.items()}, ensure_ascii=False, separators=(",", ":")) + "\n")


with open(sys.argv[2], "w", encoding="utf-8") as out:
    if len(sys.argv) > 3:
        from_csv(int(sys.argv[1]), sys.argv[3], out)
    else:
        worked_examples(int(sys.argv[1]), out)
