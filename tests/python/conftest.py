import json
import pathlib

import pytest

import trappe

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def rules():
    return trappe.load(ROOT / "rules" / "roskilde-2025")


@pytest.fixture(scope="session")
def examples():
    lines = (ROOT / "examples" / "profiles" / "worked-examples.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]
