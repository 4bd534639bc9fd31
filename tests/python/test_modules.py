"""The second shipped pack from Python: profiles with only the fields its outputs
use, the national pack's other fields ignored, and none of its sel_* reported."""

import json

import pandas as pd
import pytest

import trappe
from conftest import ROOT


@pytest.fixture(scope="module")
def tvaergaende():
    return trappe.load(ROOT / "rules" / "tvaergaende-2025")


@pytest.fixture(scope="module")
def examples_fk():
    lines = (ROOT / "examples" / "profiles" / "tvaergaende-2025.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_fields_are_only_those_the_outputs_reach(tvaergaende):
    fields = {i["name"] for i in tvaergaende.inputs}
    assert {"modtager_kontanthjaelp", "sundhedsudfordring", "foedselsdato", "vurderingsdato"} <= fields
    assert "stoettebehov_vurderet" not in fields and "praktiske_opgaver" not in fields
    assert "praktiske_opgaver" in tvaergaende.ignored_fields
    outputs = [o["name"] for o in tvaergaende.outputs]
    assert outputs == ["borger_id", "maalgruppe_tvaergaende", "antal_udfordringer", "prioritet", "sparede_kontakter"]


def test_worked_examples_f_to_h(tvaergaende, examples_fk):
    f, g, h = (tvaergaende.evaluate(p) for p in examples_fk[:3])
    assert (f.maalgruppe_tvaergaende, f.prioritet, f.sparede_kontakter) == (True, "ung", 1)
    assert (g.prioritet, g.sparede_kontakter) == ("mange_sagsbehandlere", 3)
    assert (h.maalgruppe_tvaergaende, h.prioritet, h.sparede_kontakter) == (False, "ingen", 0)
    assert f.determined and g.determined and h.determined
    with pytest.raises(AttributeError):
        f.sel_85  # the national pack's criterion is not computed here


def test_ignored_fields_may_be_carried_and_unknown_ones_are_refused(tvaergaende, examples_fk):
    profile = dict(examples_fk[0], praktiske_opgaver=3, hjemloeshed=None)
    assert tvaergaende.evaluate(profile).prioritet == "ung"
    with pytest.raises(KeyError):
        tvaergaende.evaluate(dict(examples_fk[0], findes_ikke=1))
    df = pd.DataFrame([dict(p, praktiske_opgaver=1) for p in examples_fk])
    out = tvaergaende.evaluate_frame(df)
    assert out["error"].isna().all()
    assert not any(c.startswith("sel_") for c in out.columns)
    assert out["prioritet"].tolist()[:3] == ["ung", "mange_sagsbehandlere", "ingen"]
    with pytest.raises(ValueError):
        tvaergaende.evaluate_frame(df.assign(findes_ikke=1))
