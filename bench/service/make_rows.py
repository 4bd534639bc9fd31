"""Writes N JSON lines for the batch benchmark: the worked examples with their levels varied."""
import json
import pathlib
import random
import sys

root = pathlib.Path(__file__).resolve().parents[2]
examples = [json.loads(line) for line in (root / "examples" / "profiles" / "worked-examples.jsonl").read_text().splitlines()
            if line.strip()]
levels = ["praktiske_opgaver", "egenomsorg", "kommunikation", "mobilitet", "samfundsliv", "relationer"]
rng = random.Random(7)
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for i in range(int(sys.argv[1])):
        row = dict(examples[i % len(examples)], borger_id=f"bench-{i}")
        for name in levels:
            if row[name] is not None:
                row[name] = rng.randint(0, 4)
        out.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
