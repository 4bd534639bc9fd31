import pytest


def test_worked_examples(rules, examples):
    a, b, c, d, e = (rules.evaluate(x) for x in examples)
    assert (a.trin, a.stoettebehov, a.sel_85, a.sel_104, a.sel_107) == (3, "hoejt", True, True, False)
    assert (b.trin, b.stoettebehov, b.determined) == (3, "hoejt", True)
    assert (c.trin, c.sel_97, c.alder, c.under_folkepensionsalder) == (1, False, 67, False)
    assert (d.trin, d.stoettebehov, d.sel_108) == (5, "fuldstaendigt", True)
    assert d.sel_97 == (False, True)
    assert d.depends_on("sel_97") == ["kan_faerdes_alene"]
    assert e.trin == (0, 2) and e.depends_on("trin") == ["relationer"]
    assert not e.determined
    assert e.depends_on()["stoettebehov"] == ["relationer"]


def test_possible_values_are_the_json_form(rules, examples):
    d, e = rules.evaluate(examples[3]), rules.evaluate(examples[4])
    assert e.possible("trin") == {"one_of": [0, 1, 2], "depends_on": ["relationer"], "exact": True}
    assert d.possible("sel_97") == {"one_of": [False, True], "depends_on": ["kan_faerdes_alene"], "exact": True}
    assert d.possible("trin") == {"one_of": [5], "depends_on": [], "exact": True}
    assert d.possible("vurderingsdato") == {"from": "2025-09-01", "to": "2025-09-01", "depends_on": [], "exact": True}
    with pytest.raises(KeyError):
        e.possible("no_such_name")


def test_trace_why_not_and_explanations(rules, examples):
    c = rules.evaluate(examples[2])
    trace = {t["name"]: t for t in c.trace}
    assert trace["stoettebehov_beregnet"]["decided_by"] == "S3"
    assert trace["taerskel_85"]["local"] is True
    why = {w["subject"]: w for w in c.why_not()}
    assert [f["text"] for f in why["Ledsagelse"]["failed"]] == [
        "folkepensionsalderen blev nået 2025-03-02: dato for vurderingen er 2025-09-01, "
        "men skal være før folkepensionsdatoen (2025-03-02)"]
    assert "Udkast til begrundelse" in c.explain()
    assert '"why_not"' in c.explain_json()
    assert c.html().startswith("<!DOCTYPE html>")


def test_html_in_the_notebook_is_escaped(rules, examples):
    profile = dict(examples[0], borger_id="<script>alert(1)</script>")
    d = rules.evaluate(profile)
    assert "<script>" not in d._repr_html_()
    assert "&lt;script&gt;" in d._repr_html_()
    assert "<script>" not in d.html()


def test_bad_profiles_raise_clear_errors_without_values(rules, examples):
    with pytest.raises(KeyError, match="unknown field 'relationen'"):
        rules.evaluate(dict(examples[0], relationen=2))
    missing = dict(examples[0])
    del missing["relationer"]
    with pytest.raises(KeyError, match="missing field 'relationer'"):
        rules.evaluate(missing)
    with pytest.raises(ValueError, match="field 'relationer': value out of range 0..4") as caught:
        rules.evaluate(dict(examples[0], relationer=93))
    assert "93" not in str(caught.value)
    with pytest.raises(ValueError, match="field 'foedselsdato': expected a date"):
        rules.evaluate(dict(examples[0], foedselsdato="1990-02-31"))


def test_as_of_selects_the_parameter_version(rules, examples):
    early = dict(examples[0], vurderingsdato="2025-05-01")
    with pytest.raises(ValueError, match="before the first date the rules apply"):
        rules.evaluate(early)
    assert rules.evaluate(early, as_of="2025-09-01").trin == 3
