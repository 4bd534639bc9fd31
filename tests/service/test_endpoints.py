"""Every endpoint end to end, its responses validated by the served OpenAPI document and pack schemas."""
import json
import subprocess

import requests

from conftest import CLI, PACK, ROOT
from schemas import validate_component, validate_schema


def test_healthz(server, openapi_doc):
    r = requests.get(server.url + "/healthz", timeout=5)
    assert r.status_code == 200
    validate_component(openapi_doc, "Health", r.json())
    assert r.json() == {"status": "ok", "packs": 1}
    assert r.headers["X-Request-Id"]


def test_openapi_describes_every_endpoint(openapi_doc):
    assert openapi_doc["openapi"].startswith("3.1")
    assert set(openapi_doc["paths"]) == {
        "/healthz", "/metrics", "/openapi.json", "/v1/packs", "/v1/packs/{pack}/schema",
        "/v1/packs/{pack}/evaluate", "/v1/packs/{pack}/explain", "/v1/packs/{pack}/batch"}


def test_packs_lists_name_hash_validity_and_parameters(server, openapi_doc):
    r = requests.get(server.url + "/v1/packs", timeout=5)
    assert r.status_code == 200
    body = r.json()
    validate_component(openapi_doc, "PackList", body)
    [pack] = body["packs"]
    assert pack["name"] == PACK
    assert pack["valid_from"] == "2025-06-01"
    params = {p["name"]: p for p in pack["parameters"]}
    assert params["taerskel_85"]["versions"][0]["value"] == "moderat"
    assert params["folkepensionsalder_maaneder"]["table"] is True
    assert params["folkepensionsalder_maaneder"]["rows"][0] == {"from": None, "to": "1953-12-31", "value": 780}


def test_schema_validates_profiles_and_decisions(server, openapi_doc, examples):
    r = requests.get(server.pack_url("schema"), timeout=5)
    assert r.status_code == 200
    doc = r.json()
    validate_component(openapi_doc, "PackSchemas", doc)
    assert doc["hash"] == r.headers["X-Trappe-Pack-Hash"]
    for profile in examples:
        validate_schema(doc["profile"], profile)
        decision = requests.post(server.pack_url("evaluate"), json=profile, timeout=5).json()
        validate_schema(doc["decision"], decision)
    # The schema is not a blank cheque: a level out of range and an unknown field fail it.
    import jsonschema
    bad = dict(examples[0], relationer=7)
    try:
        validate_schema(doc["profile"], bad)
        raise AssertionError("a level of 7 passed the profile schema")
    except jsonschema.ValidationError:
        pass
    try:
        validate_schema(doc["profile"], dict(examples[0], navn="x"))
        raise AssertionError("an unknown field passed the profile schema")
    except jsonschema.ValidationError:
        pass


def cli_decisions(examples, tmp_path, *options):
    path = tmp_path / "profiles.jsonl"
    path.write_text("".join(json.dumps(e) + "\n" for e in examples), encoding="utf-8")
    out = subprocess.run([CLI, "eval", str(ROOT / "rules" / PACK), str(path), "--json", *options],
                         capture_output=True, text=True, check=True).stdout
    # The decisions; the last line is the run manifest.
    return [d for d in map(json.loads, out.splitlines()) if d["schema"] == "trappe.decision/1"]


def test_evaluate_one_profile_matches_the_cli(server, openapi_doc, examples, tmp_path):
    expected = cli_decisions(examples, tmp_path)
    for profile, want in zip(examples, expected):
        r = requests.post(server.pack_url("evaluate"), json=profile, timeout=5)
        assert r.status_code == 200
        validate_component(openapi_doc, "Decision", r.json())
        want.pop("row")
        assert r.json() == want
        assert r.headers["X-Trappe-Pack-Hash"] == r.json()["rules"]["hash"]


def test_evaluate_a_list_reports_bad_rows_by_row_and_field(server, openapi_doc, examples):
    bad = dict(examples[1], relationer=9, borger_id="HEMMELIG-1234")
    r = requests.post(server.pack_url("evaluate"), json=[examples[0], bad, examples[2]], timeout=5)
    assert r.status_code == 200
    body = r.json()
    validate_component(openapi_doc, "EvaluateResults", body)
    rows = body["results"]
    assert [x["row"] for x in rows] == [1, 2, 3]
    assert "outputs" in rows[0] and "outputs" in rows[2]
    assert rows[1] == {"row": 2, "errors": [{"code": "invalid_row", "field": "relationer",
                                            "message": "value out of range 0..4"}]}
    assert "HEMMELIG" not in r.text


def test_evaluate_one_bad_profile_is_422_naming_the_field(server, openapi_doc, examples):
    r = requests.post(server.pack_url("evaluate"), json=dict(examples[0], foedselsdato="1990-13-45"), timeout=5)
    assert r.status_code == 422
    body = r.json()
    validate_component(openapi_doc, "Error", body)
    assert body["code"] == "invalid_profile"
    assert [(e["row"], e["field"]) for e in body["errors"]] == [(1, "foedselsdato")]
    assert "1990-13-45" not in r.text


def test_evaluate_as_of_and_parameter_overrides(server, examples, tmp_path):
    profile = examples[0]
    base = requests.post(server.pack_url("evaluate"), json=profile, timeout=5).json()
    raised = requests.post(server.pack_url("evaluate") + "?param.taerskel_85=fuldstaendigt", json=profile, timeout=5)
    assert raised.status_code == 200
    assert base["outputs"]["sel_85"] is True and raised.json()["outputs"]["sel_85"] is False
    # as_of selects dated parameter versions exactly as the CLI's --as-of does.
    [want] = cli_decisions([profile], tmp_path, "--as-of", "2025-07-01")
    r = requests.post(server.pack_url("evaluate") + "?as_of=2025-07-01", json=profile, timeout=5)
    want.pop("row")
    assert r.json() == want
    for query, code in [("?param.no_such=1", "bad_parameter"), ("?param.taerskel_85=enorm", "bad_parameter"),
                        ("?as_of=yesterday", "bad_query"), ("?format=json", "bad_query")]:
        r = requests.post(server.pack_url("evaluate") + query, json=profile, timeout=5)
        assert (r.status_code, r.json()["code"]) == (400, code), query


def test_explain_text_json_html_with_why_not_and_counterfactual(server, openapi_doc, examples):
    profile = examples[0]
    text = requests.post(server.pack_url("explain") + "?format=text&why_not=true", json=profile, timeout=5)
    assert text.status_code == 200 and text.headers["Content-Type"].startswith("text/plain")
    assert "Anbefalet trin" in text.text
    as_json = requests.post(server.pack_url("explain") + "?why_not=true&counterfactual=true", json=profile, timeout=5)
    assert as_json.status_code == 200
    body = as_json.json()
    validate_component(openapi_doc, "Explanation", body)
    assert body["why_not"], "why_not was asked for"
    assert body["counterfactual"]["down"]["changes"]
    plain = requests.post(server.pack_url("explain"), json=profile, timeout=5).json()
    assert plain["why_not"] == [] and plain["counterfactual"] == {"up": None, "down": None}
    html = requests.post(server.pack_url("explain") + "?format=html", json=profile, timeout=5)
    assert html.headers["Content-Type"].startswith("text/html") and "<html" in html.text
    two = requests.post(server.pack_url("explain"), json=examples[:2], timeout=5)
    assert (two.status_code, two.json()["code"]) == (400, "one_profile_only")


def test_batch_accounts_for_every_row_like_trappe_batch(server, openapi_doc, examples, tmp_path):
    lines = [json.dumps(e) for e in examples]
    lines.insert(2, json.dumps(dict(examples[0], mobilitet="flyvende", borger_id="HEMMELIG-5678")))
    lines.insert(4, "{not json")
    body = "\n".join(lines) + "\n"
    r = requests.post(server.pack_url("batch"), data=body.encode(), timeout=10,
                      headers={"Content-Type": "application/x-ndjson"})
    assert r.status_code == 200
    *out, summary = [json.loads(line) for line in r.text.splitlines()]
    for line in out:
        validate_component(openapi_doc, "BatchLine", line)
    assert [x["row"] for x in out] == list(range(1, len(lines) + 1))
    assert out[2]["errors"][0]["field"] == "mobilitet" and out[2]["errors"][0]["code"] == "invalid_row"
    assert out[4]["errors"][0]["field"] == ""
    # The counts come last, as the summary line (and as trailers: test_batch_stream.py).
    validate_component(openapi_doc, "BatchSummary", summary)
    assert summary["rows"] == {"in": len(lines), "written": len(examples), "errors": 2}
    assert summary["complete"] is True and summary["rules"]["hash"] == r.headers["X-Trappe-Pack-Hash"]
    assert "HEMMELIG" not in r.text and "flyvende" not in r.text
    # The decisions are the lines `trappe batch` writes for the same rows.
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(e) + "\n" for e in examples), encoding="utf-8")
    subprocess.run([CLI, "batch", str(ROOT / "rules" / PACK), "--in", str(src), "--out", str(tmp_path / "out.jsonl"),
                    "--quiet"], check=True, capture_output=True)
    # After the CLI's manifest line, which names the rules the service's header names.
    manifest, *want = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert manifest["schema"] == "trappe.manifest/1" and manifest["rules"]["hash"] == r.headers["X-Trappe-Pack-Hash"]
    got = [x for x in out if "errors" not in x]
    for g, w in zip(got, want):
        assert {k: v for k, v in g.items() if k != "row"} == {k: v for k, v in w.items() if k != "row"}
    assert len(got) == len(want)


def test_metrics_count_requests_and_rows_by_pack(server):
    requests.post(server.pack_url("evaluate"), json={"x": 1}, timeout=5)
    r = requests.get(server.url + "/metrics", timeout=5)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/plain")
    text = r.text
    assert 'trappe_requests_total{endpoint="evaluate",status="200"}' in text
    assert 'trappe_requests_total{endpoint="evaluate",status="422"}' in text
    assert f'trappe_rows_total{{pack="{PACK}",outcome="evaluated"}}' in text
    assert 'trappe_request_duration_seconds_bucket{endpoint="evaluate",le="+Inf"}' in text
    assert "eksempel-" not in text and "HEMMELIG" not in text


def test_unknown_routes_and_methods(server, openapi_doc):
    for method, path, status, code in [("GET", "/nope", 404, "not_found"),
                                       ("GET", "/v1/packs/nope/schema", 404, "unknown_pack"),
                                       ("GET", f"/v1/packs/{PACK}/evaluate", 405, "method_not_allowed"),
                                       ("POST", "/v1/packs", 405, "method_not_allowed")]:
        r = requests.request(method, server.url + path, timeout=5)
        assert (r.status_code, r.json()["code"]) == (status, code), path
        validate_component(openapi_doc, "Error", r.json())
