import pickle
import re

import pytest

import trappe
from conftest import ROOT


def test_load_names_the_pack_and_hash(rules):
    assert rules.pack == "roskilde-2025"
    assert rules.hash.startswith("sha256:")
    assert rules._native.recommendation == "trin"


def test_rule_errors_carry_every_diagnostic():
    with pytest.raises(trappe.RuleError) as caught:
        trappe.load(ROOT / "tests" / "golden" / "diagnostics" / "type_mismatch")
    error = caught.value
    assert len(error.diagnostics) == 4
    assert "rules.trappe:5:12: error: cannot compare stoettebehov with integer" in str(error)
    assert "^" in str(error)
    assert error.diagnostics[0]["line"] == 5


@pytest.mark.parametrize("where", ["missing", "empty"])
def test_load_of_a_missing_or_empty_path_raises_rule_error(tmp_path, where):
    path = tmp_path / "nothing-here" if where == "missing" else tmp_path
    with pytest.raises(trappe.RuleError) as caught:
        trappe.load(path)
    assert caught.value.diagnostics, "the error lists its diagnostics"
    assert caught.value.diagnostics[0]["file"] == str(path)


def test_parameters_list_values_citations_versions_and_locality(rules):
    params = {p["name"]: p for p in rules.parameters}
    taerskel = params["taerskel_85"]
    assert taerskel["local"] is True
    assert taerskel["versions"] == [{"from": "2025-06-01", "to": None, "value": "moderat"}]
    pension = params["folkepensionsalder_maaneder"]
    assert pension["local"] is False and pension["table"] is True
    assert pension["citation"] == "Lov om social pension § 1 a"
    assert pension["versions"][0] == {"from": None, "to": "1953-12-31", "value": 780}


def test_with_parameters_makes_a_new_rule_set(rules, examples):
    profile = dict(examples[0], samfundsliv=2)  # moderat støttebehov with a need at home
    reform = rules.with_parameters(taerskel_85="hoejt")
    assert rules.evaluate(profile).trin == 3
    assert reform.evaluate(profile).trin == 2
    assert rules.evaluate(profile).sel_85 is True  # the original is unchanged
    assert {p["name"]: p["overridden"] for p in reform.parameters}["taerskel_85"] == "hoejt"


def test_with_parameters_rejects_unknown_names_and_bad_values(rules):
    with pytest.raises(KeyError, match="taerskel_58"):
        rules.with_parameters(taerskel_58="hoejt")
    with pytest.raises(ValueError, match="taerskel_85"):
        rules.with_parameters(taerskel_85="meget")
    with pytest.raises(ValueError, match="out of range"):
        rules.with_parameters(s1_daglig=7)


def test_rule_sets_pickle_with_their_overrides(rules, examples):
    reform = rules.with_parameters(taerskel_85="hoejt")
    restored = pickle.loads(pickle.dumps(reform))
    assert restored.hash == reform.hash
    profile = dict(examples[0], samfundsliv=2)
    assert restored.evaluate(profile).trin == reform.evaluate(profile).trin == 2
    assert pickle.loads(pickle.dumps(rules)).evaluate(profile).trin == 3


def test_a_pickled_rule_set_carries_its_rules_not_a_path(tmp_path, monkeypatch, examples):
    # Loaded from a copy that is then changed and removed: the pickle still holds
    # the rules as they were loaded, and loads the same from any directory.
    import shutil
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    loaded = trappe.load(tmp_path / "rules" / "roskilde-2025", taerskel_85="hoejt")
    data = pickle.dumps(loaded)
    (tmp_path / "rules" / "serviceloven" / "alder.trappe").write_text("this is not rules\n")
    restored_after_change = pickle.loads(data)
    shutil.rmtree(tmp_path / "rules")
    monkeypatch.chdir("/")
    restored = pickle.loads(data)
    for r in (restored_after_change, restored):
        assert r.hash == loaded.hash
        assert r.pack == "roskilde-2025"
        assert dict(r._native.overrides) == {"taerskel_85": "hoejt"}
        for profile in examples:
            assert r.evaluate(profile).outputs == loaded.evaluate(profile).outputs


def test_with_parameters_reads_nothing_again(tmp_path, examples):
    import shutil
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    loaded = trappe.load(tmp_path / "rules" / "roskilde-2025")
    shutil.rmtree(tmp_path / "rules")
    reform = loaded.with_parameters(taerskel_85="hoejt")
    assert reform.hash == loaded.hash
    assert reform.evaluate(dict(examples[0], samfundsliv=2)).trin == 2


def test_a_tampered_pickle_is_refused(rules):
    files, pack, digest = trappe._trappe.rule_texts(rules._native)
    path, text, in_pack = files[-1]
    files[-1] = (path, text + b"\n# changed\n", in_pack)
    with pytest.raises(ValueError, match="do not match their hash"):
        trappe._rules._from_texts(files, pack, digest, rules.path, {})


def test_help_is_useful():
    assert "Raises" in trappe.load.__doc__ and "RuleError" in trappe.load.__doc__


def test_version_is_the_project_version():
    # From the native module, which has it from CMake's project(VERSION).
    declared = re.search(r"project\(trappe VERSION (\S+)", (ROOT / "CMakeLists.txt").read_text()).group(1)
    assert trappe.__version__ == declared
    assert "__version__" in trappe.__all__
