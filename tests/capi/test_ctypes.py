"""The C ABI from Python's ctypes: the worked examples of the Roskilde pack get the
decisions `trappe eval --json` (the C++ API) prints; a bad path and a bad row get
errors. Run by ctest with TRAPPE_LIBRARY (libtrappe.so) and TRAPPE_CLI set."""

import ctypes
import json
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
RULES = str(ROOT / "rules" / "roskilde-2025")
EXAMPLES = ROOT / "examples" / "profiles" / "worked-examples.jsonl"
OK, ERROR_RULES, ERROR_ROW, ERROR_ARGUMENT = 0, 1, 2, 3


@pytest.fixture(scope="module")
def lib():
    lib = ctypes.CDLL(os.environ["TRAPPE_LIBRARY"])
    c_rules, c_results = ctypes.c_void_p, ctypes.c_void_p
    signatures = {
        "trappe_version": (ctypes.c_char_p, []),
        "trappe_last_error": (ctypes.c_char_p, []),
        "trappe_string_free": (None, [ctypes.c_void_p]),
        "trappe_rules_load": (ctypes.c_int, [ctypes.c_char_p, ctypes.POINTER(c_rules)]),
        "trappe_rules_free": (None, [c_rules]),
        "trappe_rules_pack": (ctypes.c_char_p, [c_rules]),
        "trappe_rules_with_parameters": (ctypes.c_int, [c_rules, ctypes.POINTER(ctypes.c_char_p),
                                                        ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t,
                                                        ctypes.POINTER(c_rules)]),
        "trappe_evaluate_json": (ctypes.c_int, [c_rules, ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(c_results)]),
        "trappe_results_rows": (ctypes.c_size_t, [c_results]),
        "trappe_results_decision": (ctypes.c_char_p, [c_results, ctypes.c_size_t]),
        "trappe_results_error_count": (ctypes.c_size_t, [c_results]),
        "trappe_results_error": (ctypes.c_int, [c_results, ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t),
                                                ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_char_p)]),
        "trappe_results_json_lines": (ctypes.c_int, [c_results, ctypes.POINTER(ctypes.c_void_p)]),
        "trappe_results_free": (None, [c_results]),
    }
    for name, (restype, argtypes) in signatures.items():
        getattr(lib, name).restype = restype
        getattr(lib, name).argtypes = argtypes
    return lib


@pytest.fixture(scope="module")
def rules(lib):
    handle = ctypes.c_void_p()
    assert lib.trappe_rules_load(RULES.encode(), ctypes.byref(handle)) == OK, lib.trappe_last_error()
    yield handle
    lib.trappe_rules_free(handle)


def evaluate(lib, rules, text):
    """(decisions per row or None, [(row, field, message)], the JSON lines)."""
    data = text.encode()
    results = ctypes.c_void_p()
    assert lib.trappe_evaluate_json(rules, data, len(data), ctypes.byref(results)) == OK, lib.trappe_last_error()
    try:
        decisions = [lib.trappe_results_decision(results, i) for i in range(lib.trappe_results_rows(results))]
        errors = []
        for i in range(lib.trappe_results_error_count(results)):
            row, field, message = ctypes.c_size_t(), ctypes.c_char_p(), ctypes.c_char_p()
            assert lib.trappe_results_error(results, i, ctypes.byref(row), ctypes.byref(field),
                                            ctypes.byref(message)) == OK
            errors.append((row.value, field.value.decode(), message.value.decode()))
        lines = ctypes.c_void_p()
        assert lib.trappe_results_json_lines(results, ctypes.byref(lines)) == OK
        text = ctypes.string_at(lines).decode()
        lib.trappe_string_free(lines)
    finally:
        lib.trappe_results_free(results)
    return [d.decode() if d is not None else None for d in decisions], errors, text


def test_version_is_the_cli_version(lib):
    cli = subprocess.run([os.environ["TRAPPE_CLI"], "--version"], capture_output=True, text=True, check=True)
    assert cli.stdout.strip() == "trappe " + lib.trappe_version().decode()


def test_worked_examples_get_the_decisions_of_the_cpp_api(lib, rules):
    assert lib.trappe_rules_pack(rules) == b"roskilde-2025"
    decisions, errors, lines = evaluate(lib, rules, EXAMPLES.read_text(encoding="utf-8"))
    cli = subprocess.run([os.environ["TRAPPE_CLI"], "eval", RULES, str(EXAMPLES), "--json"],
                         capture_output=True, text=True, check=True)
    assert errors == []
    # The CLI's output ends with its run manifest, a line of its own after the rows.
    *rows, manifest = cli.stdout.splitlines(keepends=True)
    assert lines == "".join(rows)
    assert json.loads(manifest)["schema"] == "trappe.manifest/1"
    steps = [json.loads(d)["outputs"]["trin"] for d in decisions]
    assert steps[0] == 3 and steps[2] == 1 and steps[3] == 5
    assert [json.loads(d)["determined"] for d in decisions] == [True, True, True, False, False]  # D: other offers depend on items ikke vurderet


def test_bad_path_is_a_rule_error(lib):
    handle = ctypes.c_void_p()
    assert lib.trappe_rules_load(b"no/such/pack", ctypes.byref(handle)) == ERROR_RULES
    assert not handle.value
    assert b"no/such/pack" in lib.trappe_last_error()


def test_bad_row_is_an_error_of_its_row_and_field_without_the_value(lib, rules):
    lines = EXAMPLES.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace('"egenomsorg": 4', '"egenomsorg": 9')
    decisions, errors, text = evaluate(lib, rules, "\n".join(lines))
    assert len(errors) == 1
    row, field, message = errors[0]
    assert (row, field) == (4, "egenomsorg")
    assert "9" not in message
    assert decisions[3] is None and all(d is not None for i, d in enumerate(decisions) if i != 3)
    assert json.loads(text.splitlines()[3])["errors"][0]["field"] == "egenomsorg"


def test_parameter_override_and_unknown_parameter(lib, rules):
    names = (ctypes.c_char_p * 1)(b"taerskel_85")
    values = (ctypes.c_char_p * 1)(b"fuldstaendigt")
    changed = ctypes.c_void_p()
    assert lib.trappe_rules_with_parameters(rules, names, values, 1, ctypes.byref(changed)) == OK
    try:
        decisions, _, _ = evaluate(lib, changed, EXAMPLES.read_text(encoding="utf-8"))
        base, _, _ = evaluate(lib, rules, EXAMPLES.read_text(encoding="utf-8"))
        assert json.loads(decisions[0])["outputs"]["sel_85"] is False
        assert json.loads(base[0])["outputs"]["sel_85"] is True
    finally:
        lib.trappe_rules_free(changed)
    names[0] = b"no_such_parameter"
    assert lib.trappe_rules_with_parameters(rules, names, values, 1, ctypes.byref(changed)) == ERROR_ARGUMENT
    assert b"no_such_parameter" in lib.trappe_last_error()
