"""The JSON Schemas of docs/schema/ against the real output of the built CLI.

Every JSON shape the CLI writes names its schema in a "schema" member; each is
validated with the file of that name (python3-jsonschema, draft 2020-12). The
binary comes from TRAPPE_CLI (set by ctest) or <repo>/build/trappe.
"""
import copy
import hashlib
import json
import os
import pathlib
import subprocess

import jsonschema
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLI = os.environ.get("TRAPPE_CLI", str(ROOT / "build" / "trappe"))
RULES = str(ROOT / "rules" / "roskilde-2025")
EXAMPLES = ROOT / "examples" / "profiles" / "worked-examples.jsonl"
FILES = {"trappe.decision/1": "decision", "trappe.row-error/1": "row-error", "trappe.explanation/1": "explanation",
         "trappe.batch-row/1": "batch-row", "trappe.manifest/1": "manifest", "trappe.verify/1": "verify",
         "trappe.follow/1": "follow", "trappe.diff/1": "diff"}


@pytest.fixture(scope="session")
def validators():
    out = {}
    for name, file in FILES.items():
        schema = json.loads((ROOT / "docs" / "schema" / f"{file}.schema.json").read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["title"] == name and schema["properties"]["schema"] == {"const": name}
        out[name] = jsonschema.Draft202012Validator(schema)
    return out


def validate(validators, document):
    """Validates `document` with the schema it names; returns that name."""
    validators[document["schema"]].validate(document)
    return document["schema"]


@pytest.fixture()
def profiles(tmp_path):
    """The worked examples, the second with a value out of range (a bad row)."""
    lines = EXAMPLES.read_text(encoding="utf-8").splitlines()
    bad = json.loads(lines[1])
    bad["egenomsorg"] = 7
    lines[1] = json.dumps(bad, ensure_ascii=False)
    path = tmp_path / "profiles.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(*args):
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True)


def test_eval_json_lines_and_manifest_match_their_schemas(validators, profiles, tmp_path):
    manifest = tmp_path / "manifest.json"
    r = run("eval", RULES, profiles, "--json", "--set", "taerskel_85=hoejt", "--manifest", manifest, "--quiet")
    assert r.returncode == 1, r.stderr  # the bad row
    names = [validate(validators, json.loads(line)) for line in r.stdout.splitlines()]
    assert names == ["trappe.decision/1", "trappe.row-error/1"] + ["trappe.decision/1"] * 3 + ["trappe.manifest/1"]
    written = json.loads(manifest.read_text(encoding="utf-8"))
    assert validate(validators, written) == "trappe.manifest/1"
    assert written == json.loads(r.stdout.splitlines()[-1])
    assert written["rows"] == {"in": 5, "written": 4, "errors": 1}
    assert written["parameters"] == {"taerskel_85": "hoejt"}
    assert written["input"]["sha256"] == hashlib.sha256(profiles.read_bytes()).hexdigest()
    assert written["input"]["bytes"] == profiles.stat().st_size


def test_batch_json_lines_and_manifest_match_their_schemas(validators, profiles, tmp_path):
    out, manifest = tmp_path / "out.jsonl", tmp_path / "manifest.json"
    r = run("batch", RULES, "--in", profiles, "--out", out, "--manifest", manifest, "--quiet")
    assert r.returncode == 1, r.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [validate(validators, line) for line in lines] == ["trappe.manifest/1"] + ["trappe.batch-row/1"] * 4
    assert lines[0] == json.loads(manifest.read_text(encoding="utf-8"))
    assert validate(validators, lines[0]) == "trappe.manifest/1"
    assert lines[0]["rows"] == {"in": 5, "written": 4, "errors": 1}
    assert any(isinstance(v, dict) for line in lines[1:] for v in line["outputs"].values()), "an undetermined row"


def test_batch_of_a_synthetic_population_matches_the_schema(validators, tmp_path):
    population, out = tmp_path / "pop.csv", tmp_path / "out.jsonl"
    assert run("synth", "--n", 3000, "--seed", 11, "--out", population).returncode == 0
    r = run("batch", RULES, "--in", population, "--out", out, "--chunk-rows", 1000, "--quiet")
    assert r.returncode == 0, r.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 3001
    for line in lines:
        validate(validators, line)
    assert lines[0]["rows"] == {"in": 3000, "written": 3000, "errors": 0}
    assert lines[0]["input"]["sha256"] == hashlib.sha256(population.read_bytes()).hexdigest()


def test_explain_json_matches_its_schema(validators):
    r = run("explain", RULES, EXAMPLES, "--format", "json", "--why-not", "--counterfactual", "--set", "opfoelgning_85=6")
    assert r.returncode == 0, r.stderr
    documents = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(documents) == 5
    assert {validate(validators, d) for d in documents} == {"trappe.explanation/1"}
    assert any(d["counterfactual"]["up"] for d in documents), "a counterfactual was found and validated"
    plain = json.loads(run("explain", RULES, EXAMPLES, "--format", "json", "--row", 1).stdout)
    assert validate(validators, plain) == "trappe.explanation/1" and plain["counterfactual"]["up"] is None


def test_verify_json_matches_its_schema(validators, tmp_path):
    # A small pack with four planted defects, and a shipped pack without findings.
    r = run("verify", ROOT / "tests" / "analysis" / "packs" / "fejl", "--json")
    assert r.returncode == 1, r.stderr
    report = json.loads(r.stdout)
    assert validate(validators, report) == "trappe.verify/1"
    assert [f["kind"] for f in report["findings"]] == ["step_without_offer", "rule_shadowed", "rule_never_holds",
                                                       "offer_never_granted"]
    # A counterexample is a profile `trappe eval` reads back, and it shows the gap.
    profile = tmp_path / "gap.jsonl"
    profile.write_text(json.dumps(report["findings"][0]["counterexample"], ensure_ascii=False) + "\n", encoding="utf-8")
    e = run("eval", ROOT / "tests" / "analysis" / "packs" / "fejl", profile, "--json")
    assert e.returncode == 0, e.stderr
    decision = json.loads(e.stdout.splitlines()[0])
    assert validate(validators, decision) == "trappe.decision/1"
    step = decision["outputs"]["anbefaling"]
    assert step == 2 and not any(o["eligible"] is True and o["step"] == step for o in decision["offers"])
    clean = run("verify", ROOT / "rules" / "tvaergaende-2025", "--json")
    assert clean.returncode == 0, clean.stderr
    assert validate(validators, json.loads(clean.stdout)) == "trappe.verify/1"


def test_verify_json_reports_properties_with_counterexamples_eval_confirms(validators, tmp_path):
    # A small pack whose monotone step and one implies are planted to fail.
    pack = ROOT / "tests" / "analysis" / "packs" / "egenskaber"
    r = run("verify", pack, "--json")
    assert r.returncode == 1, r.stderr
    report = json.loads(r.stdout)
    assert validate(validators, report) == "trappe.verify/1"
    assert report["findings"] == []
    assert [p["verdict"] for p in report["properties"]] == ["violated", "violated", "holds"]
    monotone, implies, _ = report["properties"]

    def evaluate(profile):
        path = tmp_path / "profile.jsonl"
        path.write_text(json.dumps(profile, ensure_ascii=False) + "\n", encoding="utf-8")
        e = run("eval", pack, path, "--json")
        assert e.returncode == 0, e.stderr
        decision = json.loads(e.stdout.splitlines()[0])
        assert validate(validators, decision) == "trappe.decision/1"
        return decision["outputs"]

    # Two profiles that differ in one input by one step; the higher gets the lower step.
    x = monotone["counterexample"]
    lower, higher = x["lower"]["profile"], x["higher"]["profile"]
    assert [k for k in lower if lower[k] != higher[k]] == [x["input"]]
    assert higher[x["input"]] == lower[x["input"]] + 1
    assert evaluate(lower)["anbefaling"] > evaluate(higher)["anbefaling"]
    assert x["lower"]["decision"]["outputs"] == evaluate(lower)
    assert x["parts_at"]["name"] == "anbefaling" and x["dates"] == "voksen = ja"
    assert (x["parts_at"]["lower"]["decided_by"], x["parts_at"]["higher"]["decided_by"]) == ("T3", "T2")
    # The premise holds and the conclusion does not.
    profile = implies["counterexample"]["profile"]["profile"]
    assert evaluate(profile)["hjaelp_ret"] is True and profile["behov"] < 2


def test_the_schemas_refuse_what_the_cli_never_writes(validators, profiles, tmp_path):
    out = tmp_path / "out.jsonl"
    run("batch", RULES, "--in", profiles, "--out", out, "--quiet")
    manifest, row = (json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()[:2])
    decision = json.loads(run("eval", RULES, EXAMPLES, "--json", "--quiet").stdout.splitlines()[0])
    broken = []
    for document, change in [(manifest, lambda m: m["input"].pop("sha256")),
                             (manifest, lambda m: m["rows"].update(extra=1)),
                             (manifest, lambda m: m.update(seconds=-1)),
                             (row, lambda r: r.update(outputs={"trin": {"from": 0}})),
                             (row, lambda r: r.pop("row")),
                             (decision, lambda d: d["rules"].update(hash="md5:x")),
                             (decision, lambda d: d.update(schema="trappe.decision/2")),
                             (decision, lambda d: d["outputs"].update(trin={"one_of": [0, 2], "depends_on": [], "exact": True})),
                             (decision, lambda d: d["outputs"].update(trin={"one_of": [0], "depends_on": []}))]:
        document = copy.deepcopy(document)
        name = document["schema"]
        change(document)
        try:
            validators[name].validate(document)
            broken.append(document)
        except jsonschema.ValidationError:
            pass
    assert broken == []


def test_follow_json_matches_its_schema(validators, tmp_path):
    """The follow summary of a synthetic caseload reassessed a year later, for both shipped packs' shapes."""
    before, after, decisions = tmp_path / "before.csv", tmp_path / "after.csv", tmp_path / "decisions.jsonl"
    subprocess.run([CLI, "synth", "--n", "3000", "--seed", "5", "--out", str(before)], check=True, capture_output=True)
    subprocess.run([CLI, "synth", "--n", "3000", "--seed", "5", "--years-later", "1", "--out", str(after)], check=True,
                   capture_output=True)
    subprocess.run([CLI, "batch", RULES, "--in", str(before), "--out", str(decisions), "--quiet"], check=True)
    out = subprocess.run([CLI, "follow", RULES, "--previous", str(decisions), "--current", str(after), "--json"],
                         check=True, capture_output=True, text=True).stdout
    document = json.loads(out)
    assert validate(validators, document) == "trappe.follow/1"
    assert document["citizens"]["both"] == 3000
    broken = copy.deepcopy(document)
    broken["indicators"][0]["citizens"] = 3  # a small count shown
    with pytest.raises(jsonschema.ValidationError):
        validate(validators, broken)


def test_diff_json_matches_its_schema(validators, profiles):
    r = run("diff", RULES, "--set", "taerskel_85=hoejt", "--json", "--population", profiles)
    assert r.returncode == 0, r.stderr
    document = json.loads(r.stdout)
    assert validate(validators, document) == "trappe.diff/1"
    assert document["regions"] and document["population"]["input_errors"] == "<5"
    assert all("weight" in region for region in document["regions"])
